"""Accounts: the site administrator, organizers, chief judges and judges. Passwords are
stored hashed. Organizers run the contests they are members of (`contest_members`)."""
import secrets
from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..scoring.vocabulary import N_, Vocabulary
from .types import known

ROLE_VOCABULARY = Vocabulary("role", {
    "organizer": N_("Organizer"),
    "chief_judge": N_("Chief judge"),
    "judge": N_("Judge"),
    # 录入员: types judges' paper sheets (twice, by two clerks) in the contests they are
    # members of; never marks and never sees results.
    "clerk": N_("Clerk"),
    # 领队: follows one delegation's published results and files its appeals (/delegation)
    "delegation_leader": N_("Delegation leader"),
    "admin": N_("Administrator"),  # manages accounts and who runs which contest
})
ROLES = ROLE_VOCABULARY.names


def _now() -> datetime:
    return datetime.now(UTC)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        known(ROLE_VOCABULARY),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str | None] = mapped_column(String(200))  # for conflict-of-interest checks
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=_now)
    # Copied into each sign-in (contests.models.sessions); rotating it ends them all.
    session_token: Mapped[str] = mapped_column(String(32),
                                               default=lambda: secrets.token_hex(16))
    # The contests this organizer runs (written through ContestMember, never through here).
    contests: Mapped[list["Contest"]] = relationship(  # noqa: F821
        secondary="contest_members", viewonly=True, order_by="Contest.name")

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def end_sessions(self) -> None:
        """Every sign-in of this account, on every device, ends (committed by the caller)."""
        self.session_token = secrets.token_hex(16)

    @validates("password_hash", "active")
    def _ends_sessions(self, field: str, value):
        # However the change is made (set_password, a form, a script), a new password or a
        # deactivation ends the account's sign-ins; reactivating does not bring them back.
        if field == "password_hash" and self.password_hash is not None \
                and value != self.password_hash:
            self.end_sessions()
        if field == "active" and value is False:
            self.end_sessions()
        return value

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember cookie: the key of this
        sign-in (set by contests.auth.loading.sign_in), never the bare account id."""
        key = getattr(self, "sign_in_key", None)
        if key is None:
            raise RuntimeError("sign in through contests.auth.loading.sign_in")
        return key

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    @property
    def is_organizer(self) -> bool:
        return self.role == "organizer"

    def __str__(self) -> str:
        return f"{self.display_name} ({self.username})"
