"""Debian's Chromium driven by Playwright, the same way for every browser test: the
launch flags this machine needs as root without a network, and a clear failure on CI
(a skip elsewhere) when the browser or Playwright is missing. Never a downloaded browser."""
import os
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-quic",
                 "--disable-sync"]

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None


def unavailable(reason: str):
    # On CI a missing browser is a broken setup, not a reason to skip the test quietly.
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} (CI is set, so this fails instead of skipping)", pytrace=False)
    pytest.skip(f"{reason}; run ./manage.sh setup (or apt-get install chromium) to enable "
                "the browser test. With CI=true it fails instead of skipping.")


@contextmanager
def chromium():
    """A launched headless Chromium, closed afterwards."""
    if sync_playwright is None:
        unavailable("the Python package 'playwright' is not installed (pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing (Debian package 'chromium')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@contextmanager
def serving(app):
    """`app` served by werkzeug in a thread on 127.0.0.1 (a free port), as the browser
    tests need a real server: yields its base URL; afterwards the server stops and the
    app's database connections are closed."""
    import threading

    from werkzeug.serving import make_server

    from contests.extensions import db

    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
