"""A contest and its skeleton: events, ordered stages, heats within a stage."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..scoring.advancement import ADVANCEMENT_RULE_VOCABULARY
from ..scoring.ranking import RANKING_SCOPE_VOCABULARY, TIE_POLICY_VOCABULARY
from ..scoring.rater_groups import MISSING_GROUP_POLICY_VOCABULARY
from ..scoring.rounding import ROUNDING_POINT_VOCABULARY
from .types import MarkValue, Money, Percent, known


class Contest(db.Model):
    __tablename__ = "contests"
    __table_args__ = (
        CheckConstraint("decimal_places >= 0 AND decimal_places <= 4", name="decimal_places_range"),
        known(ROUNDING_POINT_VOCABULARY),
        known(MISSING_GROUP_POLICY_VOCABULARY),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    organizer: Mapped[str | None] = mapped_column(String(300))  # 主办单位
    year: Mapped[int]
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    description: Mapped[str | None] = mapped_column(Text)
    # Rounding: decimal places and where rounding happens (see scoring.rounding).
    decimal_places: Mapped[int] = mapped_column(default=2)
    rounding_point: Mapped[str] = mapped_column(String(20), default="final")
    # What to do when a rater group has no marks for an entry (scoring.rater_groups).
    missing_group_policy: Mapped[str] = mapped_column(String(20), default="refuse")
    # Listed on the public index (results themselves still need publishing).
    is_listed: Mapped[bool] = mapped_column(default=False)

    events: Mapped[list["Event"]] = relationship(
        back_populates="contest", order_by="Event.position", cascade="all, delete-orphan"
    )
    stages: Mapped[list["Stage"]] = relationship(
        back_populates="contest", order_by="Stage.position", cascade="all, delete-orphan"
    )

    def __str__(self) -> str:
        return self.name


class Event(db.Model):
    """赛项: front-desk reception, housekeeping …"""

    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("contest_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    code: Mapped[str | None] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=1)

    contest: Mapped[Contest] = relationship(back_populates="events")

    def __str__(self) -> str:
        return self.name


class Stage(db.Model):
    """阶段: preliminary → semi-final → final; `position` runs 1, 2, 3 without gaps."""

    __tablename__ = "stages"
    __table_args__ = (
        UniqueConstraint("contest_id", "position"),
        CheckConstraint("position >= 1", name="position_positive"),
        CheckConstraint(
            "carry_over_percent >= 0 AND carry_over_percent <= 100", name="carry_over_range"
        ),
        CheckConstraint("advancement_value IS NULL OR advancement_value >= 0",
                        name="advancement_value_nonneg"),
        known(ADVANCEMENT_RULE_VOCABULARY),
        known(TIE_POLICY_VOCABULARY, "cut_tie_policy"),
        known(RANKING_SCOPE_VOCABULARY),
        CheckConstraint("appeal_window_hours IS NULL OR (appeal_window_hours >= 1 AND "
                        "appeal_window_hours <= 720)", name="appeal_window_range"),
        CheckConstraint("judge_fee_per_session IS NULL OR judge_fee_per_session >= 0",
                        name="judge_fee_nonneg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    # Share of the previous stage's total carried into this one (final = 30% semi + 70% final).
    carry_over_percent: Mapped[Percent] = mapped_column(default=Decimal(0))
    # Who goes on to the next stage (scoring.advancement registry names).
    advancement_rule: Mapped[str] = mapped_column(String(30), default="none")
    advancement_value: Mapped[MarkValue | None]  # a count (top N), a score or a percentage
    cut_tie_policy: Mapped[str] = mapped_column(String(20), default="all_tied")
    # Ordered ranking metrics, comma separated: "total,component:实操,time".
    ranking_metrics: Mapped[str] = mapped_column(String(300), default="total")
    ranking_scope: Mapped[str] = mapped_column(String(20), default="event")
    # When the organizer opened judging (services.judging.opening); judges mark only after.
    judging_opened_at: Mapped[datetime | None]
    # 申诉时限: a delegation leader appeals within this many hours of the stage's results
    # being published, and escalates within as many of the reconsideration decision
    # (contests/scoring/appeals.py); empty: no appeals for this stage.
    appeal_window_hours: Mapped[int | None] = mapped_column(default=2)
    # 裁判劳务费: yuan per judging session (one panel sat; exchange/export_payroll.py).
    judge_fee_per_session: Mapped[Money | None]

    contest: Mapped[Contest] = relationship(back_populates="stages")
    heats: Mapped[list["Heat"]] = relationship(
        back_populates="stage", order_by="Heat.name", cascade="all, delete-orphan"
    )
    components: Mapped[list["Component"]] = relationship(  # noqa: F821
        back_populates="stage", order_by="Component.position", cascade="all, delete-orphan"
    )

    def __str__(self) -> str:
        return self.name


class Heat(db.Model):
    """赛区 / 场次: a group within a stage (a province's heat, a session)."""

    __tablename__ = "heats"
    __table_args__ = (
        UniqueConstraint("stage_id", "name"),
        # Target of composite foreign keys that keep an entry's heat inside its stage.
        UniqueConstraint("id", "stage_id", name="uq_heats_id_stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    venue: Mapped[str | None] = mapped_column(String(200))
    held_on: Mapped[date | None]

    stage: Mapped[Stage] = relationship(back_populates="heats")

    def __str__(self) -> str:
        return self.name
