"""Accounts: organizers, chief judges and judges. Passwords are stored hashed."""
from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..scoring.vocabulary import N_, Vocabulary
from .types import known

ROLE_VOCABULARY = Vocabulary("role", {
    "organizer": N_("Organizer"),
    "chief_judge": N_("Chief judge"),
    "judge": N_("Judge"),
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

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    @property
    def is_organizer(self) -> bool:
        return self.role == "organizer"

    def __str__(self) -> str:
        return f"{self.display_name} ({self.username})"
