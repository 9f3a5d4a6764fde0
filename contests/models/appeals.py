"""申诉: a delegation leader's written appeal against a stage's published result, with its
reconsideration (复议) and, if the filer takes it further, the arbitration panel's decision
(仲裁). The rules (window, tracking number, path) are in contests/scoring/appeals.py; every
step is written by contests/services/appeals.py and audited."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..scoring.appeals import APPEAL_OUTCOME_VOCABULARY, APPEAL_STATUS_VOCABULARY
from .types import known
from .user import _now


class Appeal(db.Model):
    __tablename__ = "appeals"
    __table_args__ = (
        UniqueConstraint("contest_id", "sequence"),
        known(APPEAL_STATUS_VOCABULARY, "status"),
        known(APPEAL_OUTCOME_VOCABULARY, "reconsideration_outcome"),
        known(APPEAL_OUTCOME_VOCABULARY, "arbitration_outcome"),
        CheckConstraint("sequence >= 1", name="sequence_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"))
    delegation_id: Mapped[int] = mapped_column(
        ForeignKey("delegations.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id", ondelete="SET NULL"))
    subject: Mapped[str] = mapped_column(String(300))  # which result, as the filer chose it
    sequence: Mapped[int]  # per contest, from 1
    tracking: Mapped[str] = mapped_column(String(80), unique=True)  # SS-UNION2026-0003
    status: Mapped[str] = mapped_column(String(30), default="filed")

    grounds: Mapped[str] = mapped_column(Text)
    filed_at: Mapped[datetime] = mapped_column(default=_now)
    filed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    reconsideration_started_at: Mapped[datetime | None]
    reconsideration_outcome: Mapped[str | None] = mapped_column(String(20))
    reconsideration_text: Mapped[str | None] = mapped_column(Text)
    reconsidered_at: Mapped[datetime | None]
    reconsidered_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))

    escalation_grounds: Mapped[str | None] = mapped_column(Text)
    escalated_at: Mapped[datetime | None]

    arbitration_outcome: Mapped[str | None] = mapped_column(String(20))
    arbitration_text: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    stage: Mapped["Stage"] = relationship()  # noqa: F821
    delegation: Mapped["Delegation"] = relationship()  # noqa: F821

    def __str__(self) -> str:
        return self.tracking
