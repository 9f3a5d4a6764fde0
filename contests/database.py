"""Engine settings that must hold on every connection.

SQLite, the embedded default: foreign keys on; a database file in WAL mode (readers run
beside the one writer) with a busy timeout, and its writers taking turns in the queue of
services/transaction.py (the one place SQLite writers are serialised: `begin_writing`'s
BEGIN IMMEDIATE and every other first write wait their turn there). Here the connection
only learns where its queue file is (`<db>-writers`, beside the database)."""
from sqlalchemy import event
from sqlalchemy.engine import Engine

BUSY_TIMEOUT_MS = 5000
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


def configure_engines() -> None:
    global _configured
    if not _configured:
        from .services.transaction import queue_sqlite_writers

        event.listen(Engine, "connect", _sqlite_pragmas)
        queue_sqlite_writers()
        _configured = True
