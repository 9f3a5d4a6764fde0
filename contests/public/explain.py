"""Explanations in the reader's language. The scoring core writes each line as a code
with parameters and an English text; lines whose wording is a plain sentence are
re-rendered here from translated templates; computed formulas keep the core's text."""
from flask_babel import lazy_gettext as _l

from ..services.results.published import Explanation

TEMPLATES = {
    "sheet.parent_capped": _l("{criterion}: sub-items sum to {raw}, bounded by its maximum {max}"),
    "sheet.bonus_capped": _l("bonus items sum to {raw}, capped at {cap}"),
    "sheet.total_capped": _l("total {raw} bounded by the maximum {max} "
                             "(exceeding it is not allowed)"),
    "veto.marked": _l("veto by judge {judge} ({group}) on {criterion}: {reason}"),
    "aggregate.fallback_mean": _l("{component} / {group}: only {count} judge(s) marked, fewer "
                                  "than {needed} needed to drop {k} highest and {k} lowest; "
                                  "the plain mean is used instead (fallback)"),
    "aggregate.refused": _l("{component} / {group}: only {count} judge(s) marked, fewer than "
                            "{needed} needed for the trimmed mean; fallback is refuse"),
    "groups.missing_refused": _l("{component}: rater group {group} has no marks; the policy "
                                 "is to refuse, so the entry cannot be finalized"),
    "groups.renormalized": _l("{component}: rater group(s) {missing} have no marks; the "
                              "remaining weights {present} are scaled to sum to 100%"),
    "component.missing": _l("no marks for component {component}; the entry cannot be "
                            "finalized"),
    "gate.failed": _l("{component} score {score} is below its pass mark {pass_mark}: "
                      "not eligible for awards"),
    "gate.passed": _l("{component} score {score} meets its pass mark {pass_mark}"),
    "carry.missing": _l("no total from stage {stage} to carry over; the entry cannot be "
                        "finalized"),
    "rounding.applied": _l("{step} {exact} rounded to {value} ({places} places, half up)"),
    "rounding.aggregates": _l("each judge aggregate is rounded to {places} places (half up)"),
    "entry.vetoed": _l("vetoed ({reasons}): shown with its reason, never ranked or awarded"),
    "entry.disqualified": _l("disqualified: {reason}"),
    "entry.incomplete": _l("not finalized: {reasons}"),
    "entry.failed_gates": _l("did not pass the pass mark of {components}: "
                             "not eligible for awards"),
    "rank.placed": _l("rank {rank} of {count} by {metrics}: {values}"),
    "rank.shared": _l("shares rank {rank} with {others}: equal on every ranking metric"),
    "rank.separated": _l("placed after {other}: equal on {equal}, separated by {metric} "
                         "({value} against {other_value})"),
    "advance.top_n": _l("advances: rank {rank} is within the top {n}{where}"),
    "advance.tie_at_cut": _l("advances beyond the {n} places{where}: tied at the cut with "
                             "{other} on {metrics} (policy {policy})"),
    "advance.min_score": _l("advances: total {total} is at least {threshold}"),
    "advance.share_of_mean": _l("advances: total {total} is at least {threshold} "
                                "({percent}% × the mean {mean})"),
    "advance.manual": _l("added by hand by the organizer: {reason}"),
    "award.quota": _l("{tier}: place {position} of the quota of {quota} (rank {rank})"),
    "award.tie_at_quota": _l("{tier}: beyond the quota of {quota}, tied with {other} on "
                             "{metrics} (policy {policy})"),
    "award.proportion": _l("{tier}: {eligible} eligible × {percent}% = {raw}, "
                           "rounded {rounding} to a quota of {quota}"),
    "award.band": _l("{tier}: total {total} is at least the band minimum {min_score}"),
    "award.below_minimum": _l("{tier}: total {total} is below the tier minimum {min_score}"),
    "award.ungraded": _l("no tier: total {total} is below every band"),
    "award.quotas_full": _l("no tier: every quota is filled"),
    "title.stage_finalist": _l("{title}: took part in stage {stage}"),
    "title.top_n": _l("{title}: rank {rank} is within the top {n}"),
    "title.tier_holder": _l("{title}: holds tier {tier}"),
    "nomination.created": _l("nominated for {honour} because of {basis}; "
                             "eligibility to confirm"),
}


class _Keep(dict):
    def __missing__(self, key):  # a parameter the template does not know: show it raw
        return "{" + key + "}"


def line_text(line: Explanation) -> str:
    """One line of a published explanation in the current language."""
    template = TEMPLATES.get(line.code)
    if template is None:
        return line.text
    try:
        return str(template).format_map(_Keep(line.params))
    except (ValueError, IndexError):
        return line.text
