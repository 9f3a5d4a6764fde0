"""Sign-ins: one row per signed-in browser, so the server can end any of them.

The session cookie and the remember cookie carry only the row's `key` (both signed with the
app's SECRET_KEY); a cookie whose key is not live signs nobody in, wherever it was copied.
The row stores the account's `session_token` as it was at sign-in: a password change or a
deactivation rotates that token and so ends every sign-in of the account at once."""
from datetime import UTC, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


def _now() -> datetime:
    return datetime.now(UTC)


class UserSession(db.Model):
    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The sign-in link that opened it: revoking (or deleting) the link ends it.
    link_id: Mapped[int | None] = mapped_column(
        ForeignKey("sign_in_links.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    # The key before the last rotation, still accepted for a short overlap (see
    # contests.services.sessions) so tabs reopened together are not signed out.
    previous_key: Mapped[str | None] = mapped_column(String(64), index=True)
    rotated_at: Mapped[datetime | None]
    user_token: Mapped[str] = mapped_column(String(32))
    remember: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=_now)
    last_seen_at: Mapped[datetime] = mapped_column(default=_now)
    revoked_at: Mapped[datetime | None]

    user: Mapped["User"] = relationship()  # noqa: F821
