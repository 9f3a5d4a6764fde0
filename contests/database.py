"""Engine settings that must hold on every connection."""
from sqlalchemy import event
from sqlalchemy.engine import Engine

_configured = False


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # SQLite ignores foreign keys unless asked, and WAL lets readers run beside a writer.
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def configure_engines() -> None:
    global _configured
    if not _configured:
        event.listen(Engine, "connect", _sqlite_pragmas)
        _configured = True
