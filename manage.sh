#!/usr/bin/env bash
# One entry point for people and CI.
#   ./manage.sh serve   set everything up, load the demo contests, serve on SQLite
#   ./manage.sh test    set everything up, run ruff, then the whole test suite in parallel
#                       (args go to pytest; TEST_WORKERS=N sets the number of workers)
#   ./manage.sh setup   set everything up only
set -euo pipefail
cd "$(dirname "$0")"

VENV=.venv
PY="$VENV/bin/python"
# Debian packages the service needs: WeasyPrint's Pango, fast CJK font subsetting,
# Chinese fonts for certificates, Chromium for the browser tests, poppler-utils (pdftoppm)
# for the certificate screenshot in docs/, nginx-light (tests/test_operations.py checks
# deploy/nginx.conf with `nginx -t`; the tests never start it)
SYSTEM_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk chromium poppler-utils nginx-light)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
warn() { printf '\033[33mWARNING: %s\033[0m\n' "$*" >&2; }

need_python() {
  local py=${PYTHON:-python3}
  if ! command -v "$py" >/dev/null; then
    echo "ERROR: python3 (3.11 or newer) is missing. On Debian/Ubuntu: sudo apt-get install python3 python3-venv" >&2
    exit 1
  fi
  if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "ERROR: Python 3.11 or newer is needed; $("$py" --version) found. Set PYTHON=/path/to/python3.11" >&2
    exit 1
  fi
  if [ ! -x "$PY" ]; then
    say "creating virtual environment in $VENV"
    "$py" -m venv "$VENV" || { echo "ERROR: could not create a venv. On Debian/Ubuntu: sudo apt-get install python3-venv" >&2; exit 1; }
  fi
}

system_packages() {
  local missing=()
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    warn "not a Debian/Ubuntu system: install these yourself: ${missing[*]}"
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      warn "system packages missing and no root: run 'sudo apt-get install ${missing[*]}'."
      warn "Without them certificates cannot render Chinese and browser tests cannot run."
      return 0
    fi
  fi
  say "installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

python_packages() {
  local stamp="$VENV/.installed-$(sha1sum pyproject.toml | cut -c1-12)"
  if [ ! -f "$stamp" ]; then
    say "installing Python packages"
    "$PY" -m pip install -q --upgrade pip
    "$PY" -m pip install -q -e '.[dev]'
    rm -f "$VENV"/.installed-*
    touch "$stamp"
  fi
}

translations() {
  "$VENV/bin/pybabel" compile -d contests/translations -f >/dev/null
}

# axe-core (accessibility checks in tests/browser/test_accessibility.py), from the npm
# registry into .cache/axe; the tests read it from there and never fetch it.
AXE_VERSION=4.14.1
AXE_DIR=.cache/axe
axe_core() {
  local installed="$AXE_DIR/node_modules/axe-core/package.json"
  if [ -f "$installed" ] && grep -q "\"version\": \"$AXE_VERSION\"" "$installed"; then return 0; fi
  if ! command -v npm >/dev/null; then
    warn "npm is missing: the accessibility tests will be skipped (they fail with CI=true)."
    warn "On Debian/Ubuntu: apt-get install npm, then run ./manage.sh setup again."
    return 0
  fi
  say "installing axe-core $AXE_VERSION for the accessibility tests (into $AXE_DIR)"
  mkdir -p "$AXE_DIR"
  npm install --no-save --no-audit --no-fund --silent --prefix "$AXE_DIR" "axe-core@$AXE_VERSION" \
    || warn "could not install axe-core from the npm registry: the accessibility tests will be skipped (they fail with CI=true)."
}

instance_config() {
  mkdir -p instance
  if [ ! -f instance/config.py ]; then
    say "writing instance/config.py with a new secret key"
    printf 'SECRET_KEY = "%s"\n' "$("$PY" -c 'import secrets; print(secrets.token_hex(32))')" > instance/config.py
  fi
}

setup() {
  need_python
  system_packages
  python_packages
  translations
  axe_core
  instance_config
}

case "${1:-serve}" in
  setup)
    setup ;;
  serve)
    setup
    export FLASK_APP=app.py
    say "creating or upgrading the database (instance/contests.db)"
    "$VENV/bin/flask" db upgrade
    say "loading the demo contests"
    "$VENV/bin/flask" demo load
    # The job worker (certificates, exports, big imports, publishing) and the web server
    # (gunicorn with deploy/gunicorn.conf.py, as in production) run side by side; both are
    # stopped by their PIDs when serving ends (Ctrl-C, SIGTERM or an error). Jobs left
    # unfinished resume when the worker starts again.
    say "starting the job worker (log: instance/worker.log)"
    "$VENV/bin/flask" jobs worker >>instance/worker.log 2>&1 &
    WORKER_PID=$!
    CONTESTS_BIND="${HOST:-127.0.0.1}:${PORT:-5000}" "$VENV/bin/gunicorn" \
      --config deploy/gunicorn.conf.py app:app &
    WEB_PID=$!
    trap 'kill "$WEB_PID" "$WORKER_PID" 2>/dev/null; wait "$WEB_PID" "$WORKER_PID" 2>/dev/null || true' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    say "serving on http://${HOST:-127.0.0.1}:${PORT:-5000}  (Ctrl-C stops)"
    wait "$WEB_PID" ;;
  test)
    shift
    setup
    say "checking the code with ruff (rules: [tool.ruff.lint] in pyproject.toml)"
    "$VENV/bin/ruff" check . || {
      echo "ERROR: ruff found the problems above; tests not run. Fix them (many with '$VENV/bin/ruff check --fix .') and run ./manage.sh test again." >&2
      exit 1
    }
    # In parallel with pytest-xdist: one worker a CPU, or TEST_WORKERS of them; your own
    # `-n N` wins, and `-n 0` or `-p no:xdist` runs everything in this one process.
    workers=(-n "${TEST_WORKERS:-auto}")
    case " $* " in *" -p no:xdist "* | *" -pno:xdist "*) workers=() ;; esac
    exec "$PY" -m pytest ${workers[@]+"${workers[@]}"} "$@" ;;
  *)
    echo "usage: ./manage.sh serve | test [pytest args] | setup" >&2; exit 2 ;;
esac
