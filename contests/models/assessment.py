"""How a stage is assessed: weighted components, weighted rater groups, rubric criteria."""
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..scoring.aggregation import (
    AGGREGATION_LEVEL_VOCABULARY,
    AGGREGATION_VOCABULARY,
    TRIM_FALLBACK_VOCABULARY,
)
from ..scoring.normalisation import NORMALISATION_VOCABULARY
from ..scoring.rubric import ASPECT_VOCABULARY, CRITERION_KIND_VOCABULARY, CRITERION_KINDS
from .types import MarkValue, Percent, known

__all__ = ["CRITERION_KINDS", "Component", "Criterion", "RaterGroup"]


class Component(db.Model):
    """考核模块: theory 30%, practical 70%. Weights of a stage's components sum to 100."""

    __tablename__ = "components"
    __table_args__ = (
        UniqueConstraint("stage_id", "name"),
        UniqueConstraint("id", "stage_id", name="uq_components_id_stage"),
        CheckConstraint("weight >= 0 AND weight <= 100", name="weight_range"),
        CheckConstraint("max_score > 0", name="max_score_positive"),
        CheckConstraint("pass_mark IS NULL OR pass_mark >= 0", name="pass_mark_nonneg"),
        CheckConstraint("bonus_cap IS NULL OR bonus_cap >= 0", name="bonus_cap_nonneg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=1)
    weight: Mapped[Percent]
    max_score: Mapped[MarkValue] = mapped_column(default=Decimal(100))
    pass_mark: Mapped[MarkValue | None]  # gates award eligibility (e.g. at least 60)
    bonus_cap: Mapped[MarkValue | None]  # most that bonus criteria can add
    allow_over_max: Mapped[bool] = mapped_column(default=False)  # bonus may pass max_score

    stage: Mapped["Stage"] = relationship(back_populates="components")  # noqa: F821
    rater_groups: Mapped[list["RaterGroup"]] = relationship(
        back_populates="component", order_by="RaterGroup.position", cascade="all, delete-orphan"
    )
    criteria: Mapped[list["Criterion"]] = relationship(
        back_populates="component", order_by="Criterion.position", cascade="all, delete-orphan"
    )

    def __str__(self) -> str:
        return self.name


class RaterGroup(db.Model):
    """评价主体: self 5%, township 15%, panel 80%, each aggregating its judges' marks."""

    __tablename__ = "rater_groups"
    __table_args__ = (
        UniqueConstraint("component_id", "name"),
        UniqueConstraint("id", "component_id", name="uq_rater_groups_id_component"),
        CheckConstraint("weight >= 0 AND weight <= 100", name="weight_range"),
        CheckConstraint("trim_k >= 0", name="trim_k_nonneg"),
        known(AGGREGATION_VOCABULARY),
        known(AGGREGATION_LEVEL_VOCABULARY),
        known(TRIM_FALLBACK_VOCABULARY),
        known(NORMALISATION_VOCABULARY),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    component_id: Mapped[int] = mapped_column(ForeignKey("components.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=1)
    weight: Mapped[Percent]
    aggregation: Mapped[str] = mapped_column(String(20), default="mean")
    aggregation_level: Mapped[str] = mapped_column(String(20), default="sheet")
    trim_k: Mapped[int] = mapped_column(default=0)  # drop k highest and k lowest
    trim_fallback: Mapped[str] = mapped_column(String(20), default="mean")
    # "z_score": each judge's sheet totals rescaled to the panel's (scoring/normalisation.py)
    normalisation: Mapped[str] = mapped_column(String(20), default="none")

    component: Mapped[Component] = relationship(back_populates="rater_groups")

    def __str__(self) -> str:
        return self.name


class Criterion(db.Model):
    """评分项: a node of the rubric tree. Bonus items add on top; a deduction item takes
    points off (扣分项); a veto item excludes. A measurement or a judgement (WorldSkills);
    a tolerance holds the chief's confirmation while the judges' marks spread more."""

    __tablename__ = "criteria"
    __table_args__ = (
        CheckConstraint("max_points > 0", name="max_points_positive"),
        CheckConstraint("step > 0", name="step_positive"),
        CheckConstraint("tolerance IS NULL OR tolerance >= 0", name="tolerance_nonneg"),
        known(CRITERION_KIND_VOCABULARY),
        known(ASPECT_VOCABULARY),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    component_id: Mapped[int] = mapped_column(ForeignKey("components.id", ondelete="CASCADE"))
    # Event-specific rubric lines (a housekeeping item); NULL means every event.
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("criteria.id", ondelete="CASCADE"))
    code: Mapped[str | None] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(default=1)
    max_points: Mapped[MarkValue]
    step: Mapped[MarkValue] = mapped_column(default=Decimal("0.5"))
    kind: Mapped[str] = mapped_column(String(10), default="normal")
    aspect: Mapped[str] = mapped_column(String(20), default="judgement")
    # Most the judges' marks for this item on one entry may spread (highest - lowest).
    tolerance: Mapped[MarkValue | None]

    component: Mapped[Component] = relationship(back_populates="criteria")
    event: Mapped["Event | None"] = relationship()  # noqa: F821
    parent: Mapped["Criterion | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Criterion"]] = relationship(
        back_populates="parent", order_by="Criterion.position", cascade="all, delete-orphan"
    )

    def __str__(self) -> str:
        return f"{self.code} {self.name}" if self.code else self.name

    @property
    def stage(self):
        """The stage whose component this criterion marks (lists show it beside the
        component: two stages often have components of the same name)."""
        return self.component.stage
