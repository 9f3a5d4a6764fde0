"""Paper score sheets entered twice by clerks (双人录入): a judge marked on paper; a first
clerk types the sheet, a second clerk types it again without seeing the first. When the
two copies agree the judge's score sheet is stored as submitted; when they differ an
organizer or the panel's chief judge resolves each differing mark. Nothing reaches the
results before that: only the stored ScoreSheet counts.

Where a paper sheet stands is read from its rows, not kept in a status column: one copy
(waiting for the second), two copies and not stored (they differ), stored."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import MarkValue
from .user import _now


class PaperSheet(db.Model):
    """One judge's paper sheet for one entry on one panel."""

    __tablename__ = "paper_sheets"
    __table_args__ = (UniqueConstraint("panel_id", "entry_id", "judge_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panels.id", ondelete="RESTRICT"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="RESTRICT"))
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(default=_now)
    # Set once the judge's ScoreSheet is written from it (agreement or resolution).
    stored_at: Mapped[datetime | None]
    resolved_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"))  # None: the two copies agreed
    score_sheet_id: Mapped[int | None] = mapped_column(
        ForeignKey("score_sheets.id", ondelete="SET NULL"))

    copies: Mapped[list["PaperCopy"]] = relationship(
        back_populates="paper", order_by="PaperCopy.turn", cascade="all, delete-orphan")
    panel: Mapped["Panel"] = relationship()  # noqa: F821
    entry: Mapped["Entry"] = relationship()  # noqa: F821
    judge: Mapped["User"] = relationship(foreign_keys=[judge_id])  # noqa: F821

    @property
    def state(self) -> str:
        """awaiting_second | mismatch | stored (derived from the rows)."""
        if self.stored_at is not None:
            return "stored"
        return "mismatch" if len(self.copies) >= 2 else "awaiting_second"


class PaperCopy(db.Model):
    """One clerk's typing of the paper sheet: turn 1 (first) or 2 (second, blind). The
    same clerk cannot type both (unique per paper sheet and clerk)."""

    __tablename__ = "paper_copies"
    __table_args__ = (
        UniqueConstraint("paper_id", "turn"),
        UniqueConstraint("paper_id", "clerk_id"),
        CheckConstraint("turn IN (1, 2)", name="turn_one_or_two"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("paper_sheets.id", ondelete="CASCADE"))
    turn: Mapped[int]
    clerk_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    entered_at: Mapped[datetime] = mapped_column(default=_now)
    veto_reason: Mapped[str | None] = mapped_column(String(500))

    paper: Mapped[PaperSheet] = relationship(back_populates="copies")
    clerk: Mapped["User"] = relationship()  # noqa: F821
    marks: Mapped[list["PaperMark"]] = relationship(
        back_populates="copy", cascade="all, delete-orphan")

    def values(self) -> dict:
        return {m.criterion_id: m.value for m in self.marks}


class PaperMark(db.Model):
    __tablename__ = "paper_marks"
    __table_args__ = (
        UniqueConstraint("copy_id", "criterion_id"),
        CheckConstraint("value >= 0", name="value_nonneg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    copy_id: Mapped[int] = mapped_column(ForeignKey("paper_copies.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criteria.id", ondelete="RESTRICT"))
    value: Mapped[MarkValue]

    copy: Mapped[PaperCopy] = relationship(back_populates="marks")
