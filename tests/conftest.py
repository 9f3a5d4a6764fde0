"""Fixtures: `app`, `client`, `runner`, `db`, `build`, `login`.

Every database test runs on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set.
One schema per backend is created once; every test starts from empty tables."""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])

# Tests never write into the project's own instance folder: the job queue of every app a
# test creates (TESTING or not, e.g. the live servers of the browser tests) lives in a
# temporary folder, and published pages are written only where a test asks for them
# (PUBLISHED_DIR), so a developer's `./manage.sh serve` never finds test jobs or pages.
os.environ.setdefault("CONTESTS_JOBS_SQLITE_PATH",
                      os.path.join(tempfile.mkdtemp(prefix="contests-test-jobs-"), "jobs.sqlite3"))
os.environ.setdefault("CONTESTS_PUBLISHED_FILES", "0")

# Under pytest-xdist (./manage.sh test runs one worker a CPU) each worker is a process of its
# own, started with the controller's environment: it gets a job queue file of its own, and
# on PostgreSQL a database of its own (`<name>_gw0`, ...), created from TEST_DATABASE_URL
# and dropped at the end. Tests that read TEST_DATABASE_URL get the worker's database, so
# their fixed schema names (migration_check, move_check) never meet another worker's.
WORKER = os.environ.get("PYTEST_XDIST_WORKER")
GIVEN_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
if WORKER:
    _jobs = Path(os.environ["CONTESTS_JOBS_SQLITE_PATH"])
    os.environ["CONTESTS_JOBS_SQLITE_PATH"] = str(_jobs.with_name(f"{_jobs.stem}-{WORKER}"
                                                                  f"{_jobs.suffix}"))


def _worker_database(create: bool) -> None:
    """Create (afresh) or drop the worker's database, connected to the one named in the
    given TEST_DATABASE_URL."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    url = make_url(GIVEN_DATABASE_URL)
    name = f"{url.database}_{WORKER}"
    server = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            if create:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        server.dispose()
    if create:
        os.environ["TEST_DATABASE_URL"] = url.set(database=name).render_as_string(
            hide_password=False)


def _compile_translations() -> None:
    # The README's commands compile them; this keeps a bare `pytest` run honest too.
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "compile", "-f",
                    "-d", str(ROOT / "contests" / "translations")], check=True,
                   capture_output=True)


def pytest_configure(config):
    if WORKER:  # the controller compiled them before starting the workers
        if GIVEN_DATABASE_URL:
            _worker_database(create=True)
    else:
        _compile_translations()


def pytest_unconfigure(config):
    if WORKER and GIVEN_DATABASE_URL:
        _worker_database(create=False)


# Under xdist the slowest modules are handed out first, so that no worker is left alone at
# the end with a minutes-long test (the order only: each module's tests stay together).
SLOW_FIRST = ("tests/test_bad_input.py", "tests/test_demo.py", "tests/exchange/test_large.py",
              "tests/results/test_demo_results.py", "tests/public/test_page_cache.py")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    if WORKER:
        items.sort(key=lambda item: item.nodeid.split("::")[0] not in SLOW_FIRST)


def _database_url(backend: str, tmp_path_factory) -> str:
    if backend == "postgresql":
        return os.environ["TEST_DATABASE_URL"]
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session", params=BACKENDS)
def backend_app(request, tmp_path_factory):
    from contests import create_app
    from contests.extensions import db

    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": _database_url(request.param, tmp_path_factory),
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": "localhost",
    })
    app.backend = request.param
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


# PostgreSQL: the tables a test wrote to, and the id sequences it moved. TRUNCATE costs a
# few milliseconds a table even when empty (and CASCADE reaches every table referring to
# a written one), so the written tables are emptied with DELETE and their sequences
# restarted: ids start at 1 in every test, as after TRUNCATE ... RESTART IDENTITY.
_WRITTEN = """
SELECT t.relname FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = current_schema() AND t.relkind = 'r' AND pg_relation_size(t.oid) > 0
"""
_MOVED = """
SELECT format('%I', sequencename) FROM pg_sequences
WHERE schemaname = current_schema() AND last_value IS NOT NULL
"""


def _empty_tables(db) -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            written = set(connection.execute(text(_WRITTEN)).scalars())
            for table in tables:
                if table.name in written:
                    connection.execute(table.delete())
            for sequence in connection.execute(text(_MOVED)).scalars().all():
                connection.execute(text(f"ALTER SEQUENCE {sequence} RESTART"))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def app(backend_app):
    from contests.extensions import db

    backend_app.config["WTF_CSRF_ENABLED"] = False
    with backend_app.app_context():
        yield backend_app
        db.session.remove()
        _empty_tables(db)


@pytest.fixture
def db(app):
    from contests.extensions import db as database

    return database


class RequestIsolatingClient(FlaskClient):
    """Each request gets its own application context, as in production: its own `g`
    (so Flask-Login's cached user does not leak between requests) and its own database
    session, separate from the one the test itself uses."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = RequestIsolatingClient
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def build(db):
    from tests.builders import Builder

    return Builder(db.session)


@pytest.fixture
def login(client):
    """login(user) signs the test client in as `user` (None signs out)."""

    def sign_in(user):
        from datetime import timedelta

        from contests.services import sessions

        key = None
        if user is not None:  # a real server-side sign-in (contests.services.sessions)
            key = sessions.start(user, lifetime=timedelta(days=1)).key
        with client.session_transaction() as session:
            session.clear()
            if key is not None:
                session["_user_id"] = key
                session["_fresh"] = True
        return client

    return sign_in
