"""The pure scoring core: every contest rule as configurable, explained functions.

Standard library only (Decimal, Fraction, dataclasses): no Flask, no
SQLAlchemy, no I/O. Frozen dataclasses in, frozen dataclasses out; every
result carries a trace of structured lines (explain.py) a person can read.

Flow, one stage at a time:

    Sheet / EntryMarks (raw judge marks)          sheets.py
      -> score_stage(StageConfig, entries)        pipeline.py
           judges aggregated per rater group      aggregation.py, group_scoring.py
           rubric totals, bonus cap, veto         rubric.py
           rater groups weighted                  rater_groups.py
           components weighted, pass-mark gates   components.py
           carry-over of earlier stages           stages.py
           rounded once where the rule says       rounding.py
      -> EntryResult per entry                    results.py
      -> rank / rank_by_scope(results, metrics)   ranking.py
      -> advance(ranking, AdvancementRule)        advancement.py
      -> award(ranking, AwardRule)                awards.py
      -> team_standings(results, TeamRule)        teams.py (then rank and award)
      -> grant_titles(rules, TitleContext)        titles.py

Each rule family has a registry (name -> function) keyed by the configuration
strings the organizer picks, e.g. AGGREGATIONS, ADVANCEMENT_RULES, AWARD_METHODS.
"""
from .advancement import ADVANCEMENT_RULES, CUT_TIE_POLICIES, AdvancementRule, advance
from .aggregation import AGGREGATION_LEVELS, AGGREGATIONS, TRIM_FALLBACKS, AggregationRule
from .awards import (
                     AWARD_METHODS,
                     BOUNDARY_TIE_POLICIES,
                     PROPORTION_ROUNDINGS,
                     AwardRule,
                     Benefit,
                     Tier,
                     award,
)
from .components import Component
from .explain import TraceLine, render
from .pipeline import StageConfig, score_entry, score_stage
from .ranking import METRICS, RANKING_SCOPES, Metric, rank, rank_by_scope
from .rater_groups import MISSING_GROUP_POLICIES, RaterGroup
from .results import EntryResult
from .rounding import ROUNDING_POINTS, RoundingRule, quantize
from .rubric import CRITERION_KINDS, Criterion, Rubric
from .sheets import EntryMarks, Sheet
from .stages import CarryOver
from .teams import TEAM_AGGREGATIONS, TeamRule, team_standings
from .titles import TITLE_RULES, TitleContext, TitleRule, grant_titles, settle

__all__ = [
    "ADVANCEMENT_RULES", "AGGREGATIONS", "AGGREGATION_LEVELS", "AWARD_METHODS",
    "BOUNDARY_TIE_POLICIES", "CRITERION_KINDS", "CUT_TIE_POLICIES", "METRICS",
    "MISSING_GROUP_POLICIES", "PROPORTION_ROUNDINGS", "RANKING_SCOPES", "ROUNDING_POINTS",
    "TEAM_AGGREGATIONS", "TITLE_RULES", "TRIM_FALLBACKS",
    "AdvancementRule", "AggregationRule", "AwardRule", "Benefit", "CarryOver", "Component",
    "Criterion", "EntryMarks", "EntryResult", "Metric", "RaterGroup", "RoundingRule", "Rubric",
    "Sheet", "StageConfig", "TeamRule", "Tier", "TitleContext", "TitleRule", "TraceLine",
    "advance", "award", "grant_titles", "quantize", "rank", "rank_by_scope", "render",
    "score_entry", "score_stage", "settle", "team_standings",
]
