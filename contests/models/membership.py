"""Who runs which contest: an organizer sees and changes only the contests they are a
member of. The site administrator adds and removes members; whoever creates a contest
becomes its first member."""
from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .contest import Contest
from .user import User, _now


class ContestMember(db.Model):
    __tablename__ = "contest_members"

    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contests.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    added_at: Mapped[datetime] = mapped_column(default=_now)

    contest: Mapped[Contest] = relationship()
    user: Mapped[User] = relationship()

    def __str__(self) -> str:
        return f"{self.user} · {self.contest}"


class DelegationLeader(db.Model):
    """领队: the account of a delegation's leader (role `delegation_leader`), who follows
    the delegation's published results, awards and certificates and files its appeals on
    the delegation portal (contests/portal). One account leads one delegation."""

    __tablename__ = "delegation_leaders"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    delegation_id: Mapped[int] = mapped_column(
        ForeignKey("delegations.id", ondelete="CASCADE"), index=True)
    added_at: Mapped[datetime] = mapped_column(default=_now)

    user: Mapped[User] = relationship()
    delegation: Mapped["Delegation"] = relationship()  # noqa: F821
