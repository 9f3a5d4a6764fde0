"""Award rules with their tiers (prizes, grade bands with benefits) and title rules."""
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..scoring.awards import (
    AWARD_BASIS_VOCABULARY,
    AWARD_METHOD_VOCABULARY,
    BENEFIT_PERIOD_VOCABULARY,
    PROPORTION_ROUNDING_VOCABULARY,
)
from ..scoring.ranking import AWARD_TIE_POLICY_VOCABULARY
from ..scoring.teams import TEAM_AGGREGATION_VOCABULARY
from ..scoring.titles import NOMINATION_SUBJECT_VOCABULARY, TITLE_BASIS_VOCABULARY
from ..scoring.vocabulary import N_, Vocabulary
from .types import MarkValue, Money, Percent, known

#: Who an award rule ranks and awards: entrants one by one, or delegations as teams.
AWARD_SCOPE_VOCABULARY = Vocabulary("scope", {
    "individual": N_("Individual"),
    "team": N_("Team (delegation)"),
})
AWARD_SCOPES = AWARD_SCOPE_VOCABULARY.names
#: Whom an (individual) award ranks together: as the stage ranks (a new rule's default),
#: or per event, per heat, overall whatever the stage does.
AWARD_RANKED_TOGETHER_VOCABULARY = Vocabulary("ranked_together", {
    "stage": N_("As the stage ranks"),
    "event": N_("Per event"),
    "heat": N_("Per heat"),
    "overall": N_("Overall"),
})


class AwardRule(db.Model):
    """How a stage's (event's) prizes or grades are allotted (scoring.awards registry)."""

    __tablename__ = "award_rules"
    __table_args__ = (
        UniqueConstraint("contest_id", "name"),
        known(AWARD_SCOPE_VOCABULARY),
        known(AWARD_METHOD_VOCABULARY),
        known(PROPORTION_ROUNDING_VOCABULARY),
        known(AWARD_TIE_POLICY_VOCABULARY),
        known(TEAM_AGGREGATION_VOCABULARY),
        CheckConstraint("team_best_n IS NULL OR team_best_n > 0", name="best_n_positive"),
        CheckConstraint("team_min_members >= 0", name="min_members_nonneg"),
        known(AWARD_RANKED_TOGETHER_VOCABULARY),
        known(AWARD_BASIS_VOCABULARY),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    stage_id: Mapped[int | None] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(String(20), default="individual")
    method: Mapped[str] = mapped_column(String(20), default="quota")
    proportion_rounding: Mapped[str] = mapped_column(String(20), default="floor")
    tie_policy: Mapped[str] = mapped_column(String(20), default="all_tied")
    team_aggregation: Mapped[str | None] = mapped_column(String(20))
    team_best_n: Mapped[int | None]
    team_min_members: Mapped[int] = mapped_column(default=0)
    # Who is ranked together for the award: "stage" (as Stage.ranking_scope, the default
    # of a new rule), or per event, per heat, overall.
    ranked_together: Mapped[str] = mapped_column(String(20), default="stage")
    # What the rule ranks on: the total, or one component or criterion (a single-item
    # prize, 单项奖: best practical ...), named as in a ranking order (ranking_order.Item).
    award_basis: Mapped[str] = mapped_column(String(20), default="total",
                                             server_default="total")
    award_basis_key: Mapped[str | None] = mapped_column(String(200))

    stage: Mapped["Stage | None"] = relationship()  # noqa: F821
    event: Mapped["Event | None"] = relationship()  # noqa: F821
    tiers: Mapped[list["AwardTier"]] = relationship(
        back_populates="rule", order_by="AwardTier.position", cascade="all, delete-orphan")

    def __str__(self) -> str:
        return self.name


class AwardTier(db.Model):
    """特等奖 / 一等奖 … or a grade band (高级) with its allowance."""

    __tablename__ = "award_tiers"
    __table_args__ = (
        UniqueConstraint("rule_id", "name"),
        CheckConstraint("quota IS NULL OR quota >= 0", name="quota_nonneg"),
        CheckConstraint("proportion IS NULL OR (proportion >= 0 AND proportion <= 100)",
                        name="proportion_range"),
        CheckConstraint("min_score IS NULL OR min_score >= 0", name="min_score_nonneg"),
        CheckConstraint("benefit_amount IS NULL OR benefit_amount >= 0",
                        name="benefit_nonneg"),
        known(BENEFIT_PERIOD_VOCABULARY),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("award_rules.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(String(100))
    quota: Mapped[int | None]
    proportion: Mapped[Percent | None]
    min_score: Mapped[MarkValue | None]  # a tier nobody reaches stays empty
    benefit_amount: Mapped[Money | None]
    benefit_period: Mapped[str | None] = mapped_column(String(10))
    benefit_note: Mapped[str | None] = mapped_column(String(300))

    rule: Mapped[AwardRule] = relationship(back_populates="tiers")

    def __str__(self) -> str:
        return self.name


class TeamStanding(db.Model):
    """团体总分 / delegation standings on their own, without award tiers: how a stage's
    members' results make a team score, who is ranked, per event or over all events."""

    __tablename__ = "team_standings"
    __table_args__ = (
        UniqueConstraint("contest_id", "name"),
        known(TEAM_AGGREGATION_VOCABULARY),
        CheckConstraint("best_n IS NULL OR best_n > 0", name="best_n_positive"),
        CheckConstraint("min_members >= 1", name="min_members_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    stage_id: Mapped[int | None] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    team_aggregation: Mapped[str | None] = mapped_column(String(20), default="sum")  # form: required
    best_n: Mapped[int | None]
    min_members: Mapped[int] = mapped_column(default=1)
    per_event: Mapped[bool] = mapped_column(default=False)

    stage: Mapped["Stage | None"] = relationship()  # noqa: F821

    def __str__(self) -> str:
        return self.name


class TitleRule(db.Model):
    """荣誉称号 / 推荐: a title for every finalist, the top N, or every holder of a tier."""

    __tablename__ = "title_rules"
    __table_args__ = (
        UniqueConstraint("contest_id", "name"),
        CheckConstraint("top_n IS NULL OR top_n > 0", name="top_n_positive"),
        known(TITLE_BASIS_VOCABULARY),
        known(NOMINATION_SUBJECT_VOCABULARY),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    basis: Mapped[str] = mapped_column(String(30), default="stage_finalist")
    stage_id: Mapped[int | None] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"))
    award_tier_id: Mapped[int | None] = mapped_column(
        ForeignKey("award_tiers.id", ondelete="CASCADE"))
    top_n: Mapped[int | None]
    # A nomination is a recommendation whose eligibility a person still has to confirm.
    is_nomination: Mapped[bool] = mapped_column(default=False)
    # Who a nomination names: the winner, the winner's team (work unit) or delegation.
    nomination_subject: Mapped[str] = mapped_column(String(20), default="entry")
    description: Mapped[str | None] = mapped_column(Text)

    stage: Mapped["Stage | None"] = relationship()  # noqa: F821
    award_tier: Mapped[AwardTier | None] = relationship()

    def __str__(self) -> str:
        return self.name
