"""Backups of the live database, and putting one back.

SQLite: `backup` copies the live file with SQLite's online backup API (consistent while the
site keeps writing; WAL content included); `restore` copies a backup over the configured
database file with the same API, and refuses while that file exists unless forced.
PostgreSQL: `pg_dump --format=custom` and `pg_restore` (or `psql` for a plain SQL dump);
both must be installed (Debian: postgresql-client, the same major version as the server
or newer). Failures are `Refused` with a readable message (the CLI prints it)."""
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import URL, make_url

from ..extensions import db
from ..refusals import Invalid, Refused

PG_CUSTOM_MAGIC = b"PGDMP"


def live_url() -> URL:
    return db.engine.url


def sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise Invalid("an in-memory SQLite database has nothing to back up")
    return Path(url.database)


def _libpq(url: URL) -> tuple[str, dict]:
    """The URL as libpq takes it (no SQLAlchemy driver name), and PGPASSWORD apart
    so the password is not on a command line."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise Refused(f"{name} is missing: install the PostgreSQL client "
                      "(Debian: apt-get install postgresql-client) and try again")
    return found


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise Refused(f"{Path(command[0]).name} failed: {done.stderr.strip() or done.returncode}")


def _sqlite_copy(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def backup(target: str | Path, *, force: bool = False) -> Path:
    """Write a backup of the live database to `target`; returns its path."""
    target = Path(target)
    if target.exists() and not force:
        raise Invalid(f"{target} exists; choose a new file name or pass --force")
    url = live_url()
    if url.get_backend_name() == "sqlite":
        source = sqlite_path(url)
        if not source.exists():
            raise Invalid(f"the database {source} does not exist")
        if target.exists():
            target.unlink()
        _sqlite_copy(source, target)
    elif url.get_backend_name() == "postgresql":
        address, env = _libpq(url)
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target),
              "--dbname", address], env)
    else:
        raise Invalid(f"backups of {url.get_backend_name()} databases are not supported")
    return target


def _sqlite_backup_is_sound(path: Path) -> None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as check:
            verdict = check.execute("PRAGMA quick_check").fetchone()[0]
            tables = {row[0] for row in check.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        check.close()
    except sqlite3.DatabaseError as error:
        raise Invalid(f"{path} is not a SQLite database: {error}") from error
    if verdict != "ok":
        raise Invalid(f"{path} is damaged: {verdict}")
    if "contests" not in tables:
        raise Invalid(f"{path} is not a backup of this service (it has no contests table)")


def restore(source: str | Path, *, force: bool = False) -> Path | str:
    """Put the backup `source` in place of the configured database. Refuses while that
    database exists (SQLite: the file; PostgreSQL: any table) unless `force`."""
    source = Path(source)
    if not source.is_file():
        raise Invalid(f"no backup at {source}")
    url = live_url()
    if url.get_backend_name() == "sqlite":
        target = sqlite_path(url)
        _sqlite_backup_is_sound(source)
        if target.exists() and not force:
            raise Invalid(f"the database {target} exists; stop the service and pass --force "
                          "to replace it, or point CONTESTS_DATABASE_URL at a new file")
        db.engine.dispose()
        target.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(source, target)
        return target
    if url.get_backend_name() != "postgresql":
        raise Invalid(f"restoring {url.get_backend_name()} databases is not supported")
    tables = inspect(db.engine).get_table_names()
    if tables and not force:
        raise Invalid(f"the database {url.database} holds {len(tables)} tables; pass --force "
                      "to replace them, or restore into an empty database")
    db.engine.dispose()
    address, env = _libpq(url)
    with source.open("rb") as head:
        custom = head.read(len(PG_CUSTOM_MAGIC)) == PG_CUSTOM_MAGIC
    if custom:
        _run([_tool("pg_restore"), "--no-owner", "--clean", "--if-exists",
              "--exit-on-error", "--single-transaction", "--dbname", address, str(source)], env)
    else:  # a plain SQL dump (pg_dump --format=plain)
        _run([_tool("psql"), "--quiet", "--set", "ON_ERROR_STOP=1", "--single-transaction",
              "--file", str(source), address], env)
    return make_url(address).render_as_string(hide_password=True)
