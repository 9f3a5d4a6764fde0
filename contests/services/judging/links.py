"""Personal sign-in links for judges' tablets: shown once (as a QR code), stored only as a
hash, expiring, and revocable by organizers."""
import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from ...extensions import db
from ...models import SignInLink, User
from .. import audit, sessions

#: Who signs in by link: judges' tablets, and delegation leaders (contests/portal).
LINK_ROLES = ("judge", "chief_judge", "delegation_leader")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    # SQLite returns naive datetimes; everything here is stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def create(user: User, hours: int) -> str:
    """A new link token for `user`, valid for `hours`; only its hash is kept."""
    token = secrets.token_urlsafe(24)
    link = SignInLink(user_id=user.id, token_hash=_hash(token),
                      expires_at=_now() + timedelta(hours=hours))
    db.session.add(link)
    db.session.flush()
    audit.record("create", link, new={"user": user.username, "hours": hours})
    db.session.commit()
    return token


def revoke(link: SignInLink) -> None:
    """The link signs nobody in any more, and the sign-ins it opened end on every device."""
    link.revoked_at = _now()
    sessions.end_opened_by(link)
    audit.record("revoke", link, old={"user_id": link.user_id})
    db.session.commit()


def resolve(token: str) -> SignInLink | None:
    """The live link for this token: not revoked, not expired, its judge still active."""
    link = db.session.scalar(select(SignInLink).where(SignInLink.token_hash == _hash(token)))
    if link is None or link.revoked_at is not None or _aware(link.expires_at) <= _now():
        return None
    if not link.user.active or link.user.role not in LINK_ROLES:
        return None
    return link


def used(link: SignInLink) -> None:
    link.last_used_at = _now()
    db.session.commit()


def live_links(user: User) -> list[SignInLink]:
    links = db.session.scalars(select(SignInLink).where(SignInLink.user_id == user.id)
                               .order_by(SignInLink.created_at.desc())).all()
    return links
