"""Who competes: delegations, contestants, and their entries in a stage's event."""

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..scoring.vocabulary import N_, Vocabulary
from .types import MarkValue, known

ENTRY_STATUS_VOCABULARY = Vocabulary("status", {
    "registered": N_("Registered"),
    "advanced": N_("Advanced"),
    "withdrawn": N_("Withdrawn"),
    "disqualified": N_("Disqualified"),
})
ENTRY_STATUSES = ENTRY_STATUS_VOCABULARY.names


class Delegation(db.Model):
    """代表队: a province's or company's team."""

    __tablename__ = "delegations"
    __table_args__ = (UniqueConstraint("contest_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    code: Mapped[str | None] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(100))

    contestants: Mapped[list["Contestant"]] = relationship(back_populates="delegation")

    def __str__(self) -> str:
        return self.name


class Contestant(db.Model):
    """选手: known to judges by bib (参赛编号) or draw number (抽签号) when marking is blind."""

    __tablename__ = "contestants"
    __table_args__ = (
        UniqueConstraint("contest_id", "bib"),
        UniqueConstraint("contest_id", "draw_number"),
        CheckConstraint("draw_number IS NULL OR draw_number > 0", name="draw_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    delegation_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegations.id", ondelete="RESTRICT")
    )
    name: Mapped[str] = mapped_column(String(100))
    gender: Mapped[str | None] = mapped_column(String(10))
    unit: Mapped[str | None] = mapped_column(String(200))  # 工作单位
    bib: Mapped[str] = mapped_column(String(40))
    draw_number: Mapped[int | None]
    # 身份证号: never stored in full. The masked form is shown; a keyed hash finds the
    # same person again on re-import.
    id_number_masked: Mapped[str | None] = mapped_column(String(32))
    id_number_hash: Mapped[str | None] = mapped_column(String(64))

    delegation: Mapped[Delegation | None] = relationship(back_populates="contestants")
    entries: Mapped[list["Entry"]] = relationship(
        back_populates="contestant", cascade="all, delete-orphan"
    )

    def __str__(self) -> str:
        return f"{self.bib} {self.name}"


class Entry(db.Model):
    """A contestant's participation in one event of one stage (optionally in a heat)."""

    __tablename__ = "entries"
    __table_args__ = (
        UniqueConstraint("contestant_id", "event_id", "stage_id"),
        known(ENTRY_STATUS_VOCABULARY),
        CheckConstraint("time_taken_seconds IS NULL OR time_taken_seconds >= 0",
                        name="time_nonneg"),
        # The heat, when given, must belong to the entry's own stage.
        ForeignKeyConstraint(["heat_id", "stage_id"], ["heats.id", "heats.stage_id"],
                             name="fk_entries_heat_in_stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contestant_id: Mapped[int] = mapped_column(ForeignKey("contestants.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="RESTRICT"))
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="RESTRICT"))
    heat_id: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(20), default="registered")
    status_reason: Mapped[str | None] = mapped_column(String(300))
    # Previous stage's total carried in (set when advancement is confirmed).
    carried_total: Mapped[MarkValue | None]
    time_taken_seconds: Mapped[int | None]  # a tie-break metric in timed events
    manual_advancement_reason: Mapped[str | None] = mapped_column(String(300))
    # 不参与评奖: ranked and shown, never awarded, counted in no prize's base, takes no
    # advancement place (scoring.results.EntryResult.guest).
    guest: Mapped[bool] = mapped_column(default=False, server_default=false())

    contestant: Mapped[Contestant] = relationship(back_populates="entries")
    event: Mapped["Event"] = relationship()  # noqa: F821
    stage: Mapped["Stage"] = relationship()  # noqa: F821
    heat: Mapped["Heat | None"] = relationship(  # noqa: F821
        primaryjoin="Entry.heat_id == Heat.id", foreign_keys="[Entry.heat_id]", viewonly=True
    )

    def __str__(self) -> str:
        return f"{self.contestant} · {self.event} · {self.stage}"



