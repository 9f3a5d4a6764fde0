"""Sign-ins as rows (contests.models.UserSession): started at sign-in, checked on every
request, ended by logout, by revoking the sign-in link that started them, by age, and -
for judges and chief judges - by idleness. A password change or a deactivation ends all
of an account's sign-ins at once (User.end_sessions rotates the token each row copied).

Keys are random (256 bits) and change each time a remember cookie is used; the key they
replace keeps working for OVERLAP, so tabs reopened together are not signed out by each
other. No HTTP here: contests.auth.loading puts the keys into cookies."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from sqlalchemy import Select, bindparam, or_, select, update
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import SignInLink, User, UserSession

JUDGING_ROLES = ("judge", "chief_judge")
OVERLAP = timedelta(seconds=60)  # a rotated-away key still signs in this long
TOUCH_EVERY = timedelta(seconds=60)  # last_seen_at is written at most this often
KEY_LENGTH = 43  # secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Limits:
    lifetime: timedelta  # a sign-in ends this long after it started, whatever happens
    judge_idle: timedelta | None  # a judge's sign-in ends after this long without a request


@dataclass(frozen=True)
class Found:
    """The live sign-in for a key, or None with why it just ended ("idle", "expired")."""

    row: UserSession | None
    ended: str | None = None


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    # SQLite returns naive datetimes; everything here is stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _forget_dead(user: User, now: datetime, lifetime: timedelta) -> None:
    """An account's ended sign-ins are of no use to anyone: drop them as it signs in."""
    for row in db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)):
        if (row.revoked_at is not None or row.user_token != user.session_token
                or _aware(row.created_at) + lifetime <= now):
            db.session.delete(row)


def start(user: User, *, remember: bool = False, link: SignInLink | None = None,
          lifetime: timedelta) -> UserSession:
    """A new sign-in for `user` (opened by `link`, if any), committed."""
    now = _now()
    _forget_dead(user, now, lifetime)
    row = UserSession(user_id=user.id, link_id=link.id if link is not None else None,
                      key=secrets.token_urlsafe(32), user_token=user.session_token,
                      remember=remember, created_at=now, last_seen_at=now)
    db.session.add(row)
    db.session.commit()
    return row


def _end(row: UserSession, now: datetime, why: str) -> Found:
    row.revoked_at = now
    db.session.commit()
    return Found(None, why)


@cache
def _by_key() -> Select:
    """The sign-in whose key (or key rotated away) is :key, with its account: one query,
    built once (every request runs it)."""
    key = bindparam("key")
    return (select(UserSession).where(or_(UserSession.key == key, UserSession.previous_key == key))
            .options(joinedload(UserSession.user)))


def resume(key: str, limits: Limits) -> Found:
    """The live sign-in this key belongs to. Refused: unknown keys, ended sign-ins, inactive
    accounts, accounts whose password changed since, keys rotated away longer than OVERLAP
    ago; ended now: sign-ins past their lifetime, judges idle past the limit. A live one
    is marked as seen (committed, at most every TOUCH_EVERY)."""
    if not isinstance(key, str) or not 20 <= len(key) <= KEY_LENGTH:
        return Found(None)
    row = db.session.scalar(_by_key(), {"key": key})
    if row is None or row.revoked_at is not None:
        return Found(None)
    user, now = row.user, _now()
    if user is None or not user.active or row.user_token != user.session_token:
        return Found(None)
    if key != row.key and (row.rotated_at is None or _aware(row.rotated_at) + OVERLAP <= now):
        return Found(None)
    if _aware(row.created_at) + limits.lifetime <= now:
        return _end(row, now, "expired")
    if (limits.judge_idle and user.role in JUDGING_ROLES
            and _aware(row.last_seen_at) + limits.judge_idle <= now):
        return _end(row, now, "idle")
    if _aware(row.last_seen_at) + TOUCH_EVERY <= now:
        row.last_seen_at = now
        db.session.commit()
    return Found(row)


def rotate(row: UserSession) -> str:
    """A new key for this sign-in (its remember cookie was used); the old one works for
    OVERLAP more."""
    now = _now()
    row.previous_key, row.key, row.rotated_at = row.key, secrets.token_urlsafe(32), now
    row.last_seen_at = now
    db.session.commit()
    return row.key


def end(key: str) -> None:
    """Logout: the sign-in with this key ends, for every copy of its cookies."""
    if isinstance(key, str) and key:
        db.session.execute(update(UserSession)
                           .where(or_(UserSession.key == key, UserSession.previous_key == key))
                           .values(revoked_at=_now()))
        db.session.commit()


def end_all(user: User) -> None:
    """Every sign-in of `user`, on every device, ends."""
    user.end_sessions()
    db.session.commit()


def end_opened_by(link: SignInLink) -> None:
    """The sign-ins `link` opened end; part of the caller's transaction (not committed)."""
    db.session.execute(update(UserSession)
                       .where(UserSession.link_id == link.id, UserSession.revoked_at.is_(None))
                       .values(revoked_at=_now()))
