"""Judging: panels and their judges, declared conflicts, score sheets and marks."""
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..scoring.vocabulary import N_, Vocabulary
from .types import MarkValue, Percent, known
from .user import _now

SHEET_STATUS_VOCABULARY = Vocabulary("sheet_status", {
    "draft": N_("Draft"),
    "submitted": N_("Submitted"),
    "confirmed": N_("Confirmed"),
})
SHEET_STATUSES = SHEET_STATUS_VOCABULARY.names


class Panel(db.Model):
    """评审组: judges of one rater group marking one component of an event in a stage (heat)."""

    __tablename__ = "panels"
    __table_args__ = (
        UniqueConstraint("stage_id", "name"),
        CheckConstraint("flag_percent >= 0 AND flag_percent <= 100", name="flag_percent_range"),
        ForeignKeyConstraint(["heat_id", "stage_id"], ["heats.id", "heats.stage_id"],
                             name="fk_panels_heat_in_stage"),
        ForeignKeyConstraint(["component_id", "stage_id"],
                             ["components.id", "components.stage_id"],
                             name="fk_panels_component_in_stage"),
        ForeignKeyConstraint(["rater_group_id", "component_id"],
                             ["rater_groups.id", "rater_groups.component_id"],
                             name="fk_panels_group_in_component"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    heat_id: Mapped[int | None]
    component_id: Mapped[int]
    rater_group_id: Mapped[int]
    reveal_names: Mapped[bool] = mapped_column(default=False)  # blind by default
    # A sheet total further than this share of full marks from the other judges' mean
    # is flagged by the consistency check (scoring/consistency.py).
    flag_percent: Mapped[Percent] = mapped_column(default=Decimal(10))

    stage: Mapped["Stage"] = relationship()  # noqa: F821
    event: Mapped["Event"] = relationship()  # noqa: F821
    heat: Mapped["Heat | None"] = relationship(  # noqa: F821
        primaryjoin="Panel.heat_id == Heat.id", foreign_keys="[Panel.heat_id]", viewonly=True)
    component: Mapped["Component"] = relationship(  # noqa: F821
        primaryjoin="Panel.component_id == Component.id", foreign_keys="[Panel.component_id]",
        viewonly=True)
    rater_group: Mapped["RaterGroup"] = relationship(  # noqa: F821
        primaryjoin="Panel.rater_group_id == RaterGroup.id", foreign_keys="[Panel.rater_group_id]",
        viewonly=True)
    judges: Mapped[list["PanelJudge"]] = relationship(
        back_populates="panel", cascade="all, delete-orphan")

    def __str__(self) -> str:
        return self.name


class PanelJudge(db.Model):
    __tablename__ = "panel_judges"
    __table_args__ = (UniqueConstraint("panel_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panels.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    is_chief: Mapped[bool] = mapped_column(default=False)  # 裁判长
    # A chief judge may chair without marking: no sheets are expected of a non-marking
    # member, who keeps every chief's power (confirm, reopen).
    marks: Mapped[bool] = mapped_column(default=True)

    @property
    def non_marking(self) -> bool:
        """The organizer's form shows the exception: a chief judge who does not mark."""
        return not self.marks

    panel: Mapped[Panel] = relationship(back_populates="judges")
    user: Mapped["User"] = relationship()  # noqa: F821


class Conflict(db.Model):
    """回避: a judge must not mark a contestant, a whole delegation, or a unit."""

    __tablename__ = "conflicts"
    __table_args__ = (
        CheckConstraint(
            "contestant_id IS NOT NULL OR delegation_id IS NOT NULL OR unit IS NOT NULL",
            name="names_someone",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    contestant_id: Mapped[int | None] = mapped_column(
        ForeignKey("contestants.id", ondelete="CASCADE"))
    delegation_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegations.id", ondelete="CASCADE"))
    unit: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(300))

    user: Mapped["User"] = relationship()  # noqa: F821
    contestant: Mapped["Contestant | None"] = relationship()  # noqa: F821
    delegation: Mapped["Delegation | None"] = relationship()  # noqa: F821

    def __str__(self) -> str:  # the judge and whom they must not mark, as page titles show it
        whom = self.contestant or self.delegation or self.unit or ""
        return f"{self.user} · {whom}"


class ScoreSheet(db.Model):
    """One judge's marks for one entry on one panel; locked once submitted."""

    __tablename__ = "score_sheets"
    __table_args__ = (
        UniqueConstraint("panel_id", "entry_id", "judge_id"),
        known(SHEET_STATUS_VOCABULARY, "status"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panels.id", ondelete="RESTRICT"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="RESTRICT"))
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    version: Mapped[int] = mapped_column(default=1)  # optimistic lock against stale devices
    comment: Mapped[str | None] = mapped_column(Text)
    veto_reason: Mapped[str | None] = mapped_column(String(500))
    submitted_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=_now, onupdate=_now)

    marks: Mapped[list["Mark"]] = relationship(
        back_populates="sheet", cascade="all, delete-orphan")
    panel: Mapped[Panel] = relationship()
    entry: Mapped["Entry"] = relationship()  # noqa: F821
    judge: Mapped["User"] = relationship()  # noqa: F821


class Mark(db.Model):
    __tablename__ = "marks"
    __table_args__ = (
        UniqueConstraint("sheet_id", "criterion_id"),
        CheckConstraint("value >= 0", name="value_nonneg"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("score_sheets.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criteria.id", ondelete="RESTRICT"))
    value: Mapped[MarkValue]
    # Bumped on every change: an edit based on an older version came from a stale device.
    # Also the ORM's version column, so two concurrent edits cannot both win.
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    sheet: Mapped[ScoreSheet] = relationship(back_populates="marks")
    criterion: Mapped["Criterion"] = relationship()  # noqa: F821


class AppliedChange(db.Model):
    """A change a tablet sent, keyed by the tablet's idempotency key: a resend (after a
    dropped response) gets the stored answer instead of being applied twice."""

    __tablename__ = "applied_changes"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    sheet_id: Mapped[int] = mapped_column(ForeignKey("score_sheets.id", ondelete="CASCADE"))
    response: Mapped[str] = mapped_column(Text)  # JSON answered the first time
    applied_at: Mapped[datetime] = mapped_column(default=_now)


class SignInLink(db.Model):
    """A personal, revocable, expiring sign-in link (shown as a QR code) for a judge's
    tablet. Only a hash of the token is stored."""

    __tablename__ = "sign_in_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=_now)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    user: Mapped["User"] = relationship()  # noqa: F821
