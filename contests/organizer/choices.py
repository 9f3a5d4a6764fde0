"""Choices offered to organizers. Which rule names exist comes from the scoring registries;
this file only gives each name a translatable label."""
from functools import cache

from flask_babel import lazy_gettext as _l

from ..models import AWARD_SCOPES, CRITERION_KINDS, ENTRY_STATUSES, ROLES

LABELS = {
    # rounding points
    "final": _l("Round the final total only"),
    "component": _l("Round each component and the total"),
    "each_step": _l("Round after every step"),
    # missing rater group
    "refuse": _l("Refuse to finalize"),
    "renormalize": _l("Share its weight among the other groups"),
    # aggregation
    "mean": _l("Mean"),
    "trimmed_mean": _l("Trimmed mean (drop highest and lowest)"),
    "median": _l("Median"),
    "criterion": _l("Per criterion"),
    "sheet": _l("Per sheet total"),
    # advancement
    "top_n": _l("Top N"),
    "top_n_per_heat": _l("Top N of each heat"),
    "top_n_per_delegation": _l("Top N of each delegation"),
    "min_score": _l("Everyone at or above a score"),
    "share_of_mean": _l("Everyone at or above a share of the mean (%)"),
    "none": _l("Nobody advances (last stage)"),
    "all_tied": _l("Everyone tied at the cut"),
    "tie_break": _l("Decide by the tie-break list"),
    # ranking scopes
    "event": _l("Per event"),
    "heat": _l("Per heat"),
    "overall": _l("Overall"),
    # awards
    "quota": _l("Fixed number per tier"),
    "proportion": _l("Share of eligible entrants"),
    "score_band": _l("Score bands"),
    "floor": _l("Round down"),
    "ceil": _l("Round up"),
    "half_up": _l("Round half up"),
    "individual": _l("Individual"),
    "team": _l("Team (delegation)"),
    "sum": _l("Sum of members"),
    "best_n": _l("Sum of best N members"),
    # titles
    "stage_finalist": _l("Every finalist of a stage"),
    "tier_holder": _l("Every holder of a tier"),
    # criterion kinds
    "normal": _l("Normal"),
    "bonus": _l("Bonus"),
    "veto": _l("One-vote veto"),
    # entry statuses
    "registered": _l("Registered"),
    "advanced": _l("Advanced"),
    "withdrawn": _l("Withdrawn"),
    "disqualified": _l("Disqualified"),
    # roles
    "organizer": _l("Organizer"),
    "chief_judge": _l("Chief judge"),
    "judge": _l("Judge"),
    # benefit periods
    "month": _l("per month"),
    "year": _l("per year"),
    "once": _l("once"),
}


def label(name: str | None):
    return LABELS.get(name, name) if name else ""


def choices(names) -> list[tuple[str, object]]:
    return [(name, label(name)) for name in names]


@cache
def choice_sets() -> dict:
    """Configuration field name -> the registry of names it may hold. Imported on first use
    so the scoring core loads only when a form or page needs it."""
    from ..scoring.advancement import ADVANCEMENT_RULES, CUT_TIE_POLICIES
    from ..scoring.aggregation import AGGREGATION_LEVELS, AGGREGATIONS, TRIM_FALLBACKS
    from ..scoring.awards import AWARD_METHODS, BOUNDARY_TIE_POLICIES, PROPORTION_ROUNDINGS
    from ..scoring.ranking import RANKING_SCOPES
    from ..scoring.rater_groups import MISSING_GROUP_POLICIES
    from ..scoring.rounding import ROUNDING_POINTS
    from ..scoring.teams import TEAM_AGGREGATIONS
    from ..scoring.titles import TITLE_RULES

    return {
        "rounding_point": ROUNDING_POINTS,
        "missing_group_policy": MISSING_GROUP_POLICIES,
        "aggregation": AGGREGATIONS,
        "aggregation_level": AGGREGATION_LEVELS,
        "trim_fallback": TRIM_FALLBACKS,
        "advancement_rule": ADVANCEMENT_RULES,
        "cut_tie_policy": CUT_TIE_POLICIES,
        "ranking_scope": RANKING_SCOPES,
        "method": AWARD_METHODS,
        "proportion_rounding": PROPORTION_ROUNDINGS,
        "tie_policy": BOUNDARY_TIE_POLICIES,
        "team_aggregation": TEAM_AGGREGATIONS,
        "basis": TITLE_RULES,
        "scope": AWARD_SCOPES,
        "kind": CRITERION_KINDS,
        "status": ENTRY_STATUSES,
        "role": ROLES,
        "benefit_period": ("month", "year", "once"),
    }


def choices_for(field_name: str) -> list[tuple[str, object]]:
    """Choices for a configuration field named like its model column."""
    return choices(choice_sets()[field_name])
