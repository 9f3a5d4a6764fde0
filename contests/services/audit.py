"""Append an audit row in the caller's transaction (committed with the change it records)."""
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal

from flask import has_request_context, request, session
from flask_login import current_user
from sqlalchemy import inspect

from ..extensions import db
from ..models import AuditEntry

SECRET_COLUMNS = {"password_hash"}  # never copied into the audit trail
_ACTING: ContextVar[int | None] = ContextVar("contests_audit_acting", default=None)


@contextmanager
def acting_as(user_id: int | None) -> Iterator[None]:
    """Rows recorded inside (with no `user` given) name this account: a queued job
    (services/long_work.py) does its work for whoever started it, outside their request."""
    token = _ACTING.set(user_id)
    try:
        yield
    finally:
        _ACTING.reset(token)


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def snapshot(obj) -> dict:
    """Column values of a model object as JSON-ready data."""
    return {c.key: _plain(getattr(obj, c.key)) for c in inspect(obj).mapper.column_attrs
            if c.key not in SECRET_COLUMNS}


def device_label(client_device: str | None = None) -> str | None:
    """Which tablet and sign-in session a change came from: the tablet's own id (kept in
    its browser), the session's id, and the browser."""
    if not has_request_context():
        return None
    parts = [f"device {client_device[:40]}" if client_device else None,
             f"session {session['sid']}" if session.get("sid") else None,
             (request.headers.get("User-Agent") or "")[:120] or None]
    return " · ".join(p for p in parts if p)[:200] or None


def record(action: str, obj=None, *, contest_id=None, old=None, new=None, reason=None,
           entity: str | None = None, entity_id: int | None = None,
           device: str | None = None, user=None) -> AuditEntry:
    """`user` defaults to whoever is signed in to the current request."""
    user_id = user.id if user is not None else _ACTING.get()
    if has_request_context():
        if user_id is None and current_user and current_user.is_authenticated:
            user_id = current_user.id
        device = device or device_label()
    entry = AuditEntry(
        user_id=user_id,
        contest_id=contest_id,
        action=action,
        entity=entity or (obj.__tablename__ if obj is not None else "-"),
        entity_id=entity_id if entity_id is not None else getattr(obj, "id", None),
        old=json.dumps(old, ensure_ascii=False) if old is not None else None,
        new=json.dumps(new, ensure_ascii=False) if new is not None else None,
        reason=reason,
        device=device,
    )
    db.session.add(entry)
    return entry
