"""All-or-nothing writes: the one place a service commits, and the one place a database
integrity error becomes a refusal a person can read (never the database's own text).

    with all_or_nothing():
        ...add, change, flush...
    # committed here; on any exception rolled back, IntegrityError -> Conflict
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

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

    SQLite: the transaction starts with BEGIN IMMEDIATE, taking the database's one write
    lock now instead of at the first write (waiting up to the busy timeout for it);
    pysqlite would otherwise begin only at the first INSERT/UPDATE, after the reads.
    Other databases: nothing here; lock the rows read with SELECT ... FOR UPDATE
    (`.with_for_update()`, which SQLite ignores). Call it first in the unit of work: a
    transaction that has already written holds the lock anyway and is left as it is."""
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return
    raw = connection.connection.dbapi_connection
    if not raw.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


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
