"""A `limits` storage backed by the application's database (table `rate_limits`), registered as
`contestsdb://`. Flask-Limiter uses it unless Redis is configured, so every worker of every
server on the same database shares the counts without another service to run.

It supports the fixed-window strategy (the default), which needs `incr`, `get` and
`get_expiry`: one row per key holding the count and the end of its window. An increment is one
atomic upsert (INSERT ... ON CONFLICT DO UPDATE, on SQLite and PostgreSQL alike), so two
workers counting the same key at once both count. Counters go through their own connection
and transaction, never through the request's session: throttling must not commit, or roll
back, what a view is doing."""
import time
from datetime import UTC, datetime

from limits.storage import Storage
from sqlalchemy import case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db
from .models import RateLimit

TABLE = RateLimit.__table__
INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
PURGE_EVERY = 200  # increments between two sweeps of expired rows (per process)


def now() -> float:
    """Seconds since the epoch; tests move it forward instead of sleeping."""
    return time.time()


def _moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)


def _seconds(moment: datetime) -> float:
    return moment.replace(tzinfo=UTC).timestamp()


class DatabaseStorage(Storage):
    """Counters in `rate_limits`, through the current application's engine (`db.engine`)."""

    STORAGE_SCHEME = ["contestsdb"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._since_purge = 0

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        at = now()
        moment = _moment(at)
        dialect = db.engine.dialect.name
        if dialect not in INSERTS:
            raise NotImplementedError(f"contestsdb:// has no upsert for {dialect}")
        statement = INSERTS[dialect](TABLE).values(key=key, count=amount,
                                                    expires_at=_moment(at + expiry))
        lapsed = TABLE.c.expires_at <= moment  # the old window is over: start a new one
        statement = statement.on_conflict_do_update(
            index_elements=[TABLE.c.key],
            set_={"count": case((lapsed, statement.excluded.count),
                                else_=TABLE.c.count + statement.excluded.count),
                  "expires_at": case((lapsed, statement.excluded.expires_at),
                                     else_=TABLE.c.expires_at)},
        ).returning(TABLE.c.count)
        with db.engine.begin() as connection:
            count = connection.execute(statement).scalar_one()
            self._since_purge += 1
            if self._since_purge >= PURGE_EVERY:
                self._since_purge = 0
                connection.execute(delete(TABLE).where(TABLE.c.expires_at <= moment))
        return count

    def get(self, key: str) -> int:
        with db.engine.connect() as connection:
            count = connection.scalar(select(TABLE.c.count).where(
                TABLE.c.key == key, TABLE.c.expires_at > _moment(now())))
        return count or 0

    def get_expiry(self, key: str) -> float:
        with db.engine.connect() as connection:
            moment = connection.scalar(select(TABLE.c.expires_at).where(TABLE.c.key == key))
        at = now()
        return max(_seconds(moment), at) if moment is not None else at

    def check(self) -> bool:
        try:
            with db.engine.connect() as connection:
                connection.execute(select(TABLE.c.key).limit(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with db.engine.begin() as connection:
            return connection.execute(delete(TABLE)).rowcount

    def clear(self, key: str) -> None:
        with db.engine.begin() as connection:
            connection.execute(delete(TABLE).where(TABLE.c.key == key))
