"""Running the service in production (docs/operations.md): backups that restore the same
results, a health endpoint a load balancer can trust, one command from SQLite to
PostgreSQL, JSON logs, the proxy settings, and deploy/ files that the tools accept."""
import configparser
import io
import json
import logging
import os
import runpy
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import flask_migrate
import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from contests import create_app, logging_setup
from contests.extensions import db
from contests.ops import health
from contests.services.results import publication
from tests.builders import Builder
from tests.results.scored import scored_contest

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
ON_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def unavailable(reason: str):
    # As tests/browser/chromium.py: on CI a missing tool is a broken set-up, not a skip.
    if ON_CI:
        pytest.fail(f"{reason} (CI is set, so this fails instead of skipping)", pytrace=False)
    pytest.skip(f"{reason}; with CI=true this fails instead of skipping")


def make_app(url: str, **settings):
    return create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": url,
                       "SERVER_NAME": "localhost", "WTF_CSRF_ENABLED": False,
                       # every page rendered from the database, never from a cache
                       "PUBLIC_PAGE_CACHE": False, **settings})


def pages(app, urls) -> dict:
    client = app.test_client()
    answers = {url: client.get(url) for url in urls}
    assert all(answer.status_code == 200 for answer in answers.values())
    return {url: answer.get_data() for url, answer in answers.items()}


@pytest.fixture
def site(tmp_path):
    """A SQLite site of its own, migrated to the newest revision, with a published contest."""
    path = tmp_path / "site.db"
    app = make_app(f"sqlite:///{path}")
    with app.app_context():
        flask_migrate.upgrade()
        world = scored_contest(Builder(db.session), db.session)
        publication.publish(world["contest"], publicity_ends_on=date.today(),
                            change_note=None, user=None)
        stage = f"/contests/DEMO/stages/{world['first'].id}"
        db.session.remove()
    app.public_urls = [stage, f"{stage}?lang=en", "/contests/DEMO", "/contests/DEMO/awards"]
    yield app
    with app.app_context():
        db.engine.dispose()


# ------------------------------------------------------------------ backup and restore

def test_backup_then_restore_serves_the_same_standings(site, tmp_path):
    before = pages(site, site.public_urls)
    assert "选手A1".encode() in before[site.public_urls[0]]
    saved = tmp_path / "backup.db"
    result = site.test_cli_runner().invoke(args=["backup", str(saved)])
    assert result.exit_code == 0, result.output
    assert saved.is_file()

    restored = make_app(f"sqlite:///{tmp_path / 'restored.db'}")
    result = restored.test_cli_runner().invoke(args=["restore", str(saved)])
    assert result.exit_code == 0, result.output
    assert pages(restored, site.public_urls) == before
    with restored.app_context():
        db.engine.dispose()


def test_restore_refuses_an_existing_database_unless_forced(site, tmp_path):
    saved = tmp_path / "backup.db"
    assert site.test_cli_runner().invoke(args=["backup", str(saved)]).exit_code == 0
    other = make_app(f"sqlite:///{tmp_path / 'other.db'}")
    with other.app_context():
        db.create_all()  # an existing (empty) site
    result = other.test_cli_runner().invoke(args=["restore", str(saved)])
    assert result.exit_code == 1
    assert "exists" in result.output and "--force" in result.output
    assert other.test_client().get(site.public_urls[0]).status_code == 404  # unchanged

    result = other.test_cli_runner().invoke(args=["restore", "--force", str(saved)])
    assert result.exit_code == 0, result.output
    assert pages(other, site.public_urls) == pages(site, site.public_urls)
    with other.app_context():
        db.engine.dispose()


def test_backup_refuses_to_overwrite_and_restore_refuses_a_foreign_file(site, tmp_path):
    taken = tmp_path / "taken.db"
    taken.write_bytes(b"keep me")
    result = site.test_cli_runner().invoke(args=["backup", str(taken)])
    assert result.exit_code == 1 and "exists" in result.output
    assert taken.read_bytes() == b"keep me"
    fresh = make_app(f"sqlite:///{tmp_path / 'fresh.db'}")
    result = fresh.test_cli_runner().invoke(args=["restore", str(taken)])
    assert result.exit_code == 1 and "not a SQLite database" in result.output
    assert not (tmp_path / "fresh.db").exists()


def test_backup_on_postgresql_says_when_pg_dump_is_missing(site, monkeypatch, tmp_path):
    from contests.ops import backup

    monkeypatch.setattr(backup, "live_url",
                        lambda: make_url("postgresql+psycopg://site:secret@db.internal/contests"))
    monkeypatch.setattr(backup.shutil, "which", lambda _name: None)
    result = site.test_cli_runner().invoke(args=["backup", str(tmp_path / "site.dump")])
    assert result.exit_code == 1
    assert "pg_dump is missing" in result.output and "postgresql-client" in result.output
    assert not (tmp_path / "site.dump").exists()


# ------------------------------------------------------------------ /healthz

def test_healthz_answers_200_without_cookies_even_to_a_signed_in_browser(client, build, login):
    login(build.user("organizer"))
    client.set_cookie("remember_token", "stale", domain="localhost")
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert "queue" in body
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_healthz_answers_503_when_the_database_is_unreachable():
    unreachable = make_app(f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/nothing")
    response = unreachable.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable" and body["database"] == "error"
    assert body["database_error"] == "OperationalError"
    assert "nobody" not in response.get_data(as_text=True)  # no URL in the answer
    assert "Set-Cookie" not in response.headers


def test_healthz_reports_the_queue_and_skips_the_https_redirect(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'h.db'}", FORCE_HTTPS=True)
    client = app.test_client()
    assert client.get("/contests").status_code == 302  # plain http is redirected ...
    # ... but not the probe, which asks the job queue how much waits
    assert client.get("/healthz").get_json()["queue"] == "ok, 0 waiting"
    health.register_queue_check(app, lambda: "ok")
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok",
                                                 "queue": "ok"}

    def broken():
        raise ConnectionError("redis://secret@queue:6379 refused")

    health.register_queue_check(app, broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "ok",
                                   "queue": "error", "queue_error": "ConnectionError"}


# ------------------------------------------------------------------ proxy and logs

def _whoami(app):
    from flask import request

    app.add_url_rule("/whoami-test", "whoami_test",
                     lambda: f"{request.remote_addr} {request.scheme}")
    return app.test_client().get("/whoami-test", environ_base={"REMOTE_ADDR": "127.0.0.1"},
                                 headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.7",
                                          "X-Forwarded-Proto": "https"})


def test_proxy_fix_trusts_one_hop_only_when_asked(tmp_path):
    behind = _whoami(make_app(f"sqlite:///{tmp_path / 'p.db'}", PROXY_FIX="1"))
    # the address nginx added (the last one); the forged one before it is ignored
    assert behind.get_data(as_text=True) == "203.0.113.7 https"
    direct = _whoami(make_app(f"sqlite:///{tmp_path / 'p.db'}", PROXY_FIX="0"))
    assert direct.get_data(as_text=True) == "127.0.0.1 http"


@pytest.fixture
def json_log():
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    stream = io.StringIO()
    yield stream
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


def test_json_logs_are_one_object_per_line_with_the_request(tmp_path, json_log):
    app = make_app(f"sqlite:///{tmp_path / 'j.db'}", JSON_LOGS="1")
    logging_setup.install(stream=json_log)  # the app's handler, writing where we can read

    def noisy():
        app.logger.warning("a warning with 中文")
        return "done"

    app.add_url_rule("/noisy-test", "noisy_test", noisy)
    client = app.test_client()
    assert client.get("/noisy-test").status_code == 200
    assert client.get("/healthz").status_code == 200
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    assert all({"time", "level", "logger", "message"} <= line.keys() for line in lines)
    warning = next(line for line in lines if line["level"] == "WARNING")
    assert warning["message"] == "a warning with 中文"
    assert (warning["method"], warning["path"]) == ("GET", "/noisy-test")
    answered = [(line["path"], line["status"]) for line in lines
                if line["logger"] == "contests.request"]
    assert answered == [("/noisy-test", 200), ("/healthz", 200)]


# ------------------------------------------------------------------ move to PostgreSQL

@pytest.fixture
def empty_postgres():
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        unavailable("moving to PostgreSQL needs a PostgreSQL database (TEST_DATABASE_URL)")
    schema = "move_check"
    engine = create_engine(base)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in base else "?"
    yield f"{base}{separator}options=-csearch_path%3D{schema}"
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


def _all_rows(url: str) -> dict:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {table.name: [tuple(row) for row in connection.execute(
                        select(table).order_by(*table.primary_key.columns))]
                    for table in db.metadata.sorted_tables}
    finally:
        engine.dispose()


def test_move_to_postgres_copies_every_row(site, empty_postgres):
    with site.app_context():
        source_url = db.engine.url.render_as_string(hide_password=False)
    before = _all_rows(source_url)
    assert sum(len(rows) for rows in before.values()) > 50
    result = site.test_cli_runner().invoke(args=["move-to-postgres", empty_postgres])
    assert result.exit_code == 0, result.output
    assert _all_rows(empty_postgres) == before

    moved = make_app(empty_postgres)
    assert pages(moved, site.public_urls) == pages(site, site.public_urls)
    with moved.app_context():
        assert "alembic_version" in inspect(db.engine).get_table_names()
        made = Builder(db.session).contest()  # the id sequences start past the copied ids
        assert made.id == max(row[0] for row in before["contests"]) + 1
        db.session.remove()
        db.engine.dispose()

    again = site.test_cli_runner().invoke(args=["move-to-postgres", empty_postgres])
    assert again.exit_code == 1 and "not empty" in again.output


@pytest.fixture
def scratch_database(empty_postgres):
    """A new database on the same server, dropped afterwards: (its URL, the search_path
    options of `empty_postgres`)."""
    base, options = empty_postgres.split("?", 1) if "?" in empty_postgres else (empty_postgres, "")
    name = f"{make_url(base).database}_restore_check"
    server = create_engine(base, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    yield f"{url}?{options}" if options else url
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    server.dispose()


def test_postgresql_backup_then_restore_serves_the_same_standings(site, empty_postgres,
                                                                  scratch_database, tmp_path):
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            unavailable(f"{tool} is missing (Debian package postgresql-client)")
    assert site.test_cli_runner().invoke(args=["move-to-postgres", empty_postgres]).exit_code == 0
    live = make_app(empty_postgres)
    before = pages(live, site.public_urls)
    saved = tmp_path / "site.dump"
    result = live.test_cli_runner().invoke(args=["backup", str(saved)])
    assert result.exit_code == 0, result.output
    assert saved.read_bytes().startswith(b"PGDMP")

    restored = make_app(scratch_database)
    result = restored.test_cli_runner().invoke(args=["restore", str(saved)])
    assert result.exit_code == 0, result.output
    assert pages(restored, site.public_urls) == before
    again = restored.test_cli_runner().invoke(args=["restore", str(saved)])
    assert again.exit_code == 1 and "--force" in again.output  # now it holds tables
    for app in (live, restored):
        with app.app_context():
            db.engine.dispose()


def test_move_to_postgres_refuses_a_url_that_is_not_postgresql(site, tmp_path):
    result = site.test_cli_runner().invoke(args=["move-to-postgres",
                                                 f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 1 and "PostgreSQL" in result.output


# ------------------------------------------------------------------ deploy/

def _filled_in(text_: str, tmp_path: Path) -> str:
    return (text_.replace("/srv/contests", str(ROOT))
            .replace("/etc/ssl/contests/", f"{tmp_path}/")
            .replace("/var/log/nginx/", f"{tmp_path}/")
            .replace("/var/www/html", str(tmp_path)))


def test_nginx_configuration_passes_nginx_t(tmp_path):
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                      else None)
    if nginx is None:
        unavailable("nginx is missing (Debian package nginx-light; ./manage.sh setup)")
    openssl = shutil.which("openssl")
    if openssl is None:
        unavailable("openssl is missing (a throw-away certificate for the TLS placeholders)")
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", str(tmp_path / "privkey.pem"),
                    "-out", str(tmp_path / "fullchain.pem")], check=True, capture_output=True)
    site_conf = tmp_path / "contests.conf"
    site_conf.write_text(_filled_in((DEPLOY / "nginx.conf").read_text(), tmp_path))
    temp = " ".join(f"{kind}_temp_path {tmp_path}/{kind};"
                    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = tmp_path / "nginx.conf"
    main.write_text(f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
                    f"events {{}}\nhttp {{\n include /etc/nginx/mime.types;\n {temp}\n"
                    f" access_log {tmp_path}/access.log;\n include {site_conf};\n}}\n")
    checked = subprocess.run([nginx, "-t", "-c", str(main), "-p", str(tmp_path)],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


def test_nginx_sends_the_apps_security_policy(client):
    app_policy = client.get("/").headers["Content-Security-Policy"]
    conf = (DEPLOY / "nginx.conf").read_text()
    nginx_policy = conf.split('set $csp "', 1)[1].split('"', 1)[0]

    def directives(policy):
        return {part.strip() for part in policy.split(";") if part.strip()}

    assert directives(nginx_policy) == directives(app_policy)
    assert "client_max_body_size 10m;" in conf
    assert client.application.config["MAX_CONTENT_LENGTH"] == 10 * 1024 * 1024


def test_gunicorn_settings_follow_the_cpu_count():
    settings = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert settings["worker_class"] == "gthread" and settings["threads"] >= 2
    assert settings["workers"] == max(2, len(os.sched_getaffinity(0)))
    assert settings["accesslog"] == "-" and "logconfig_dict" not in settings


def test_gunicorn_with_json_logs_serves_healthz_and_logs_json(tmp_path):
    port = free_port()
    env = dict(os.environ, CONTESTS_JSON_LOGS="1", CONTESTS_BIND=f"127.0.0.1:{port}",
               CONTESTS_WEB_WORKERS="1", CONTESTS_SECRET_KEY="test",
               CONTESTS_DATABASE_URL=f"sqlite:///{tmp_path / 'g.db'}")
    log = (tmp_path / "gunicorn.log").open("w+")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config",
                               str(DEPLOY / "gunicorn.conf.py"), "app:app"],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        answer = None
        for _attempt in range(150):  # waits for the server to start; not a timing assertion
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz") as opened:
                    answer = (opened.status, json.load(opened))
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=30)
    log.seek(0)
    output = log.read()
    assert answer is not None and answer[0] == 200, output
    assert answer[1]["database"] == "ok"
    lines = [json.loads(line) for line in output.splitlines() if line.strip()]
    assert any(line["logger"] == "gunicorn.error" and "Booting worker" in line["message"]
               for line in lines)
    assert any(line["logger"] == "contests.request" and line["path"] == "/healthz"
               and line["status"] == 200 for line in lines)


def _unit(name: str) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.optionxform = str
    unit.read(DEPLOY / name)
    return unit


def test_systemd_units_run_the_real_commands(app):
    web = shlex.split(_unit("contests-web.service")["Service"]["ExecStart"])
    assert web[0].endswith("/.venv/bin/gunicorn") and web[-1] == "app:app"
    assert (ROOT / web[web.index("--config") + 1]).is_file()
    worker = shlex.split(_unit("contests-worker.service")["Service"]["ExecStart"])
    assert worker[0].endswith("/.venv/bin/flask") and worker[1:3] == ["--app", "app"]
    # the worker's command exists in this version of the app
    result = app.test_cli_runner().invoke(args=[*worker[3:], "--help"])
    assert result.exit_code == 0, result.output
