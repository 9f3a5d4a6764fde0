"""Engine settings that must hold on every connection.

SQLite, the embedded default: foreign keys on; a database file in WAL mode (readers run
beside the one writer) with a busy timeout; and a queue for writers. A transaction that
takes the write lock at its start (`BEGIN IMMEDIATE`, services/transaction.begin_writing:
a judge's save, a submit) first waits its turn on an advisory lock file beside the
database, which lets the next writer in as soon as the previous one has committed. Without
it, writers wait in SQLite's busy handler, which sleeps in growing steps of up to 100 ms,
and under load the slowest saves take many times longer than the rest. The queue only
orders writers: after the busy timeout a writer goes on, and SQLite's own lock decides."""
import fcntl
import os
import threading
import time

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import Pool

BUSY_TIMEOUT_MS = 5000
_QUEUE_POLL_S = 0.001
_held = threading.local()  # the writer-queue file this thread holds (its descriptor)
_configured = False


def _sqlite_pragmas(dbapi_connection, record) -> None:
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    path = next((row[2] for row in cursor.execute("PRAGMA database_list").fetchall()
                 if row[1] == "main"), "")
    if path:  # a file (an in-memory database has no journal to share)
        cursor.execute("PRAGMA journal_mode=WAL")
        record.info["writer_queue"] = f"{path}-writers"
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _queue_writer(conn, _cursor, statement, *_rest) -> None:
    """Before BEGIN IMMEDIATE on a SQLite file: wait for this writer's turn."""
    if statement != "BEGIN IMMEDIATE" or getattr(_held, "fd", None) is not None:
        return
    info = conn.connection.info  # the pooled DBAPI connection's, kept across checkouts
    path = info.get("writer_queue")
    if path is None:
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


def _next_writer(*_args) -> None:
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


def configure_engines() -> None:
    global _configured
    if not _configured:
        event.listen(Engine, "connect", _sqlite_pragmas)
        event.listen(Engine, "before_cursor_execute", _queue_writer)
        event.listen(Session, "after_commit", _next_writer)
        event.listen(Session, "after_rollback", _next_writer)
        event.listen(Pool, "reset", _next_writer)  # a connection given back mid-transaction
        event.listen(Pool, "close", _close_queue_file)
        _configured = True
