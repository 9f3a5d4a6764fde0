"""Organizer writes: create, update and delete configuration records, all-or-nothing,
each change audited. Views call these and never commit themselves."""
from dataclasses import dataclass

from flask_babel import gettext as _

from ..extensions import db
from ..refusals import Conflict
from . import audit
from .marks_guard import marks_under
from .transaction import all_or_nothing, flush_or_refuse


@dataclass
class RowChange:
    """One row of a multi-row editor: an existing object (or None for a new one)."""

    obj: object | None
    values: dict
    remove: bool = False


def _assign(obj, values: dict) -> None:
    for key, value in values.items():
        setattr(obj, key, value)


def save(obj, values: dict, *, contest_id: int | None) -> object:
    """Create (obj without id) or update `obj` with `values`; audited. A clash with
    existing data (a duplicate name) is a readable Conflict and nothing is saved."""
    with all_or_nothing():
        is_new = obj.id is None
        old = None if is_new else audit.snapshot(obj)
        _assign(obj, values)
        if is_new:
            db.session.add(obj)
        flush_or_refuse()
        audit.record("create" if is_new else "update", obj,
                     contest_id=contest_id or _contest(obj), old=old, new=audit.snapshot(obj))
    return obj


def _contest(obj) -> int | None:
    return getattr(obj, "contest_id", None) or (obj.id if obj.__tablename__ == "contests" else None)


def ensure_deletable(obj) -> None:
    count = marks_under(obj)
    if count:
        raise Conflict(_("“%(name)s” cannot be deleted: %(count)d marks have been entered "
                         "for it. Withdraw or correct instead.", name=str(obj), count=count),
                       code="marks_entered")


def delete(obj, *, contest_id: int | None) -> None:
    """Delete `obj` unless marks depend on it."""
    with all_or_nothing():
        ensure_deletable(obj)
        audit.record("delete", obj, contest_id=contest_id, old=audit.snapshot(obj))
        db.session.delete(obj)


def save_rows(rows: list[RowChange], *, make, contest_id: int | None,
              slot: str | None = None) -> None:
    """Apply a multi-row edit in one transaction: every row or none. `slot` names a column
    unique within the parent (a stage's position) that rows may swap between them."""
    with all_or_nothing():
        for row in rows:
            if row.obj is not None and row.remove:
                ensure_deletable(row.obj)
                audit.record("delete", row.obj, contest_id=contest_id,
                             old=audit.snapshot(row.obj))
                db.session.delete(row.obj)
        if slot:  # park kept rows on distinct temporary values so a swap never collides
            for index, row in enumerate(r for r in rows if r.obj is not None and not r.remove):
                setattr(row.obj, slot, 100_000 + index)
        flush_or_refuse()  # free unique slots (positions, names) before reusing them
        for row in rows:
            if row.remove:
                continue
            obj = row.obj if row.obj is not None else make()
            is_new = row.obj is None
            old = None if is_new else audit.snapshot(obj)
            _assign(obj, row.values)
            if is_new:
                db.session.add(obj)
            flush_or_refuse()
            audit.record("create" if is_new else "update", obj, contest_id=contest_id,
                         old=old, new=audit.snapshot(obj))
