"""All-or-nothing writes: the one place a service commits, and the one place a database
integrity error becomes a refusal a person can read (never the database's own text).

    with all_or_nothing():
        ...add, change, flush...
    # committed here; on any exception rolled back, IntegrityError -> Conflict

Also the one place writers are serialised: `begin_writing` (read-check-write), and on
SQLite the writers' queue every first write waits its turn in (end of this module)."""
from __future__ import annotations

import fcntl
import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.pool import Pool

from ..database import BUSY_TIMEOUT_MS
from ..extensions import db
from ..refusals import Conflict, Refused

#: Column names that may appear in a uniqueness clash, as a person calls them.
FIELD_NAMES = {
    "name": _l("name"),
    "position": _l("order"),
    "bib": _l("bib number"),
    "draw_number": _l("draw number"),
    "username": _l("user name"),
    "serial": _l("certificate number"),
    "number": _l("version number"),
    "code": _l("code"),
    "kind": _l("kind"),
    "subject": _l("holder"),
    "user_id": _l("person"),
    "entry_id": _l("entry"),
    "criterion_id": _l("criterion"),
}

_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (.+)")
_PG_UNIQUE_KEY = re.compile(r"Key \(([^)]*)\)=")


def _unique_fields(text: str) -> list[str]:
    """Column names of a uniqueness clash, from SQLite's or PostgreSQL's message."""
    found = _SQLITE_UNIQUE.search(text)
    if found:
        return [part.strip().split(".")[-1] for part in found.group(1).split(",")]
    found = _PG_UNIQUE_KEY.search(text)
    if found:
        return [part.strip().strip('"') for part in found.group(1).split(",")]  # "position"
    return []


def readable(error: IntegrityError) -> str:
    """A sentence for the user saying what kind of rule the change broke."""
    text = str(getattr(error, "orig", error))
    lowered = text.lower()
    if "unique" in lowered or "duplicate key" in lowered:
        # parent keys (contest_id, stage_id ...) are not in FIELD_NAMES: the clash is
        # within the parent, so only the person-facing field is named
        fields = [str(FIELD_NAMES[f]) for f in _unique_fields(text) if f in FIELD_NAMES]
        if fields:
            return _("Another record already has the same %(fields)s; nothing was saved.",
                     fields=_(", ").join(fields))
        return _("Another record already has these values; nothing was saved.")
    if "foreign key" in lowered:
        return _("This refers to something that no longer exists, or something else still "
                 "refers to it; nothing was saved.")
    if "not null" in lowered or "null value" in lowered:
        return _("A required value is missing; nothing was saved.")
    if "check" in lowered:
        return _("A value is outside what is allowed; nothing was saved.")
    return _("This conflicts with existing data; nothing was saved.")


@contextmanager
def all_or_nothing() -> Iterator[None]:
    """Run a write as one transaction: commit at the end, roll everything back on any
    exception. A database integrity error is raised again as a `Conflict` with a readable
    message (the database's text stays in the logs, `__cause__`)."""
    try:
        yield
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise Conflict(readable(error), code="integrity") from error
    except BaseException:
        db.session.rollback()
        raise


def begin_writing() -> None:
    """Make the session's transaction a writer before it reads what it will check, so that
    what it read cannot change before it writes (read-check-write, e.g. "is the sheet still
    open?" then "save the mark").

    SQLite: the transaction waits its turn in the writers' queue (below), then starts with
    BEGIN IMMEDIATE, taking the database's one write lock now instead of at the first write
    (waiting up to the busy timeout for it); pysqlite would otherwise begin only at the
    first INSERT/UPDATE, after the reads.
    Other databases: nothing here; lock the rows read with SELECT ... FOR UPDATE
    (`.with_for_update()`, which SQLite ignores). Call it first in the unit of work: a
    transaction that has already written holds the lock anyway and is left as it is."""
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return
    raw = connection.connection.dbapi_connection
    if not raw.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # takes the turn first (_take_turn)


# -- SQLite's writers, one at a time and in turn ------------------------------------------
# The one place SQLite writers are serialised. A transaction about to take the write lock
# (BEGIN IMMEDIATE from `begin_writing`, or pysqlite's own BEGIN before a first INSERT,
# UPDATE or DELETE, e.g. a sign-in marked as seen) first waits its turn on an advisory lock
# file beside the database (`<db>-writers`, flock), and the turn passes to the next writer
# as soon as this one has committed or rolled back. Without it, writers wait in SQLite's
# busy handler, which sleeps in growing steps of up to 100 ms, and under load the slowest
# saves take many times longer than the lock is held. The queue only orders writers: after
# the busy timeout a writer goes on without a turn, and SQLite's own lock decides.

_QUEUE_POLL_S = 0.001
_WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
_held = threading.local()  # the queue file whose turn this thread holds (its descriptor)


def _take_turn(conn, _cursor, statement, *_rest) -> None:
    """Before a SQLite file's transaction takes the write lock: wait for this writer's turn.
    (An engine's before_cursor_execute event.)"""
    info = conn.connection.info  # the pooled DBAPI connection's, kept across checkouts
    path = info.get("writer_queue")  # set on connect for SQLite files (database.py)
    if path is None or getattr(_held, "fd", None) is not None:
        return
    if statement != "BEGIN IMMEDIATE" and not (
            _WRITES.match(statement) and not conn.connection.dbapi_connection.in_transaction):
        return
    fd = info.get("writer_fd")
    if fd is None:
        fd = info["writer_fd"] = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if time.monotonic() > deadline:
                return  # go on without a turn: SQLite's busy timeout still applies
            time.sleep(_QUEUE_POLL_S)
        else:
            _held.fd = fd
            return


def _end_turn(*_args) -> None:
    """After this thread's commit or rollback: the next writer's turn."""
    fd = getattr(_held, "fd", None)
    if fd is not None:
        _held.fd = None
        fcntl.flock(fd, fcntl.LOCK_UN)


def _close_queue_file(_dbapi_connection, record) -> None:
    fd = record.info.pop("writer_fd", None)
    if fd is not None:
        if getattr(_held, "fd", None) == fd:
            _held.fd = None
        os.close(fd)  # closing also ends a turn still held


def queue_sqlite_writers() -> None:
    """Install the writers' queue on every engine (once, from database.configure_engines)."""
    event.listen(Engine, "before_cursor_execute", _take_turn)
    event.listen(Session, "after_commit", _end_turn)
    event.listen(Session, "after_rollback", _end_turn)
    event.listen(Pool, "reset", _end_turn)  # a connection given back (mid-transaction too)
    event.listen(Pool, "close", _close_queue_file)


def flush_or_refuse() -> None:
    """Flush now (to get ids or check uniqueness early) inside `all_or_nothing`, turning an
    integrity error into a readable `Conflict`; the caller's transaction is rolled back."""
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise Conflict(readable(error), code="integrity") from error


__all__ = ["Refused", "Conflict", "all_or_nothing", "begin_writing", "flush_or_refuse",
           "readable"]
