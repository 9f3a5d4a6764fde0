"""The sentences of explanations: what each code of a scoring trace says, in English msgids
translated through the catalogue (public/explain.py fills them in with a line's parameters).

Also the few words and separators the sentences are joined with, and a judge's anonymous
label ("裁判2") in the reader's language.
"""
from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import pgettext

T = {
    "sheet.parent_capped": _l("%(criterion)s: sub-items sum to %(raw)s, capped at its full "
                              "mark %(max)s"),
    "sheet.bonus_capped": _l("bonus items sum to %(raw)s, capped at %(cap)s"),
    "sheet.total_capped": _l("sheet total %(raw)s capped at the full mark %(max)s "
                             "(exceeding it is not allowed)"),
    "sheet.deduction_floored": _l("deductions of %(deduction)s exceed the total %(before)s: "
                                  "the total is 0 (it never goes below zero)"),
    "spread.resolved": _l("%(component)s / %(criterion)s: the judges' marks %(lowest)s to "
                          "%(highest)s differ more than the tolerance %(tolerance)s; the chief "
                          "judge let them stand (%(at)s): %(reason)s"),
    "veto.marked": _l("veto by %(judge)s (%(group)s) on %(criterion)s: %(reason)s"),
    "aggregate.rows": _l("%(where)s: judges counted: %(count)s; method: %(method)s "
                         "(%(level)s); %(parts)s"),
    "aggregate.part": _l("%(criterion)s: %(marks)s → %(value)s"),
    "aggregate.part_dropped": _l("%(criterion)s: %(marks)s (dropped: lowest %(lowest)s, "
                                 "highest %(highest)s) → %(value)s"),
    "aggregate.fallback_mean": _l("%(where)s: judges who marked: only %(count)s, fewer than the "
                                  "%(needed)s needed to drop the %(k)s highest and %(k)s "
                                  "lowest marks; the plain mean is used instead"),
    "aggregate.refused": _l("%(where)s: judges who marked: only %(count)s, fewer than the "
                            "%(needed)s needed for a trimmed mean; the contest's rule is to "
                            "refuse, so the entry cannot be finalized"),
    "weighted": _l("%(what)s: %(terms)s = %(value)s"),
    "groups.missing_refused": _l("%(component)s: rater group %(group)s has no marks; the "
                                 "contest's rule is to refuse, so the entry cannot be "
                                 "finalized"),
    "groups.renormalized": _l("%(component)s: rater groups %(missing)s have no marks; the "
                              "weights of the others (%(present)s) are scaled to sum to "
                              "100%%"),
    "component.missing": _l("no marks for component %(component)s; the entry cannot be "
                            "finalized"),
    "gate.failed": _l("%(component)s score %(score)s is below its pass mark %(pass_mark)s: "
                      "not eligible for awards"),
    "gate.passed": _l("%(component)s score %(score)s meets its pass mark %(pass_mark)s"),
    "carry.missing": _l("no total from stage %(stage)s to carry over; the entry cannot be "
                        "finalized"),
    "rounding.applied": _l("%(step)s %(exact)s rounded half up to %(value)s (%(places)s "
                           "decimal places)"),
    "rounding.aggregates": _l("each judge aggregate is rounded half up to %(places)s "
                              "decimal places"),
    "entry.vetoed": _l("vetoed (%(reasons)s): shown with its reason, never ranked or "
                       "awarded"),
    "veto.reason": _l("%(criterion)s: %(reason)s"),
    "entry.disqualified": _l("disqualified: %(reason)s"),
    "entry.incomplete": _l("not finalized: %(reasons)s"),
    "entry.failed_gates": _l("did not reach the pass mark of %(components)s: not eligible "
                             "for awards"),
    "entry.guest": _l("guest, not competing for awards: ranked and shown, never awarded, not "
                      "counted in any prize's places or share, takes no advancement place"),
    "rank.placed": _l("rank %(rank)s of %(count)s by %(metrics)s: %(values)s"),
    "rank.shared": _l("shares rank %(rank)s with %(others)s: equal on every ranking metric"),
    "rank.separated": _l("placed after %(other)s: equal on %(equal)s, separated by "
                         "%(metric)s (%(value)s against %(other_value)s)"),
    "advance.top_n": _l("advances: rank %(rank)s is within the top %(n)s"),
    "advance.top_n.heat": _l("advances: rank %(rank)s in heat %(group)s is within its top "
                             "%(n)s"),
    "advance.top_n.delegation": _l("advances: rank %(rank)s in delegation %(group)s is "
                                   "within its top %(n)s"),
    "advance.tie_at_cut": _l("advances beyond the %(n)s places: tied at the cut with "
                             "%(other)s on %(metrics)s (tie rule: %(policy)s)"),
    "advance.tie_at_cut.group": _l("advances beyond the %(n)s places of %(group)s: tied at "
                                   "the cut with %(other)s on %(metrics)s (tie rule: "
                                   "%(policy)s)"),
    "advance.min_score": _l("advances: total %(total)s is at least %(threshold)s"),
    "advance.share_of_mean": _l("advances: total %(total)s is at least %(threshold)s "
                                "(%(percent)s%% of the mean %(mean)s)"),
    "advance.manual": _l("added by hand by the organizer: %(reason)s"),
    "advance.already": _l("%(key)s is listed as a manual addition but already advances by "
                          "the rule"),
    "award.quota": _l("%(tier)s: place %(position)s of the tier's %(quota)s places "
                      "(rank %(rank)s)"),
    "award.quota.proportion": _l("%(tier)s: place %(position)s of the %(quota)s places its "
                                 "share gives (rank %(rank)s)"),
    "award.tie_at_quota": _l("%(tier)s: beyond the %(quota)s places, tied with %(other)s on "
                             "%(metrics)s (tie rule: %(policy)s)"),
    "award.proportion": _l("%(tier)s: %(percent)s%% of the eligible entrants: %(eligible)s "
                           "eligible%(left_out)s; %(eligible)s × %(percent)s%% = %(raw)s, "
                           "%(rounding)s: %(quota)s places"),
    "award.base": _l("%(tier)s: %(quota)s places among %(eligible)s eligible "
                     "entrants%(left_out)s"),
    "award.left_out": _l(" (not counting %(parts)s)"),
    "award.ranked_on": _l("%(tier)s: a single-item prize, ranked on %(metric)s (%(value)s) "
                          "rather than the total"),
    "award.no_value": _l("%(tier)s: no score for %(metric)s, so not ranked for this prize"),
    "award.band": _l("%(tier)s: total %(total)s is at least the band minimum %(min_score)s"),
    "award.below_minimum": _l("%(tier)s: total %(total)s is below the tier minimum "
                              "%(min_score)s"),
    "award.tier_short": _l("%(tier)s: %(filled)s of %(quota)s places filled; the rest stay "
                           "empty"),
    "award.ungraded": _l("no tier: total %(total)s is below every band"),
    "award.band_empty": _l("%(tier)s: nobody reached the band minimum %(min_score)s; the "
                           "band stays empty"),
    "award.quotas_full": _l("no tier: every quota is filled"),
    "award.benefit.once": _l("%(tier)s: a one-off bonus of %(amount)s yuan"),
    "award.benefit": _l("%(tier)s: %(amount)s yuan %(period)s, paid as %(payout)s yuan "
                        "%(payout_period)s"),
    "team.total": _l("%(method)s: %(count)s members counted (%(members)s) = %(value)s"),
    "team.member_excluded": _l("%(member)s is not counted: %(reason)s"),
    "team.too_few": _l("%(count)s members counted, fewer than the minimum %(minimum)s: "
                       "not ranked"),
    "title.stage_finalist": _l("%(title)s: took part in stage %(stage)s"),
    "title.top_n": _l("%(title)s: rank %(rank)s is within the top %(n)s"),
    "title.tier_holder": _l("%(title)s: holds %(tier)s"),
    "title.ineligible": _l("%(title)s: not granted, not eligible (%(reason)s)"),
    "nomination.created": _l("nominated for %(honour)s because of %(basis)s; eligibility to "
                             "confirm"),
    "nomination.created.unit": _l("the team %(subject)s is nominated for %(honour)s because "
                                  "its members %(basis)s qualify (named once for all of "
                                  "them); eligibility to confirm"),
    "nomination.created.delegation": _l("the delegation %(subject)s is nominated for "
                                        "%(honour)s because its members %(basis)s qualify "
                                        "(named once for all of them); eligibility to "
                                        "confirm"),
    "normalise.sheets": _l("%(where)s: each judge's sheet total x is normalised to the panel: "
                           "x′ = m + s × (x − mⱼ) / sⱼ, where m = %(mean)s and s = "
                           "%(deviation)s are the mean and population standard deviation "
                           "of the panel's %(count)s sheet totals and mⱼ, sⱼ those of the "
                           "judge's own sheets (x′ rounded half up to %(places)s decimal "
                           "places; x′ = m when sⱼ = 0); %(parts)s; mean of x′ = %(value)s"),
    "normalise.short": _l("%(where)s: raw %(raw)s → normalised %(value)s"),
    "normalise.part": _l("%(judge)s raw %(raw)s (mⱼ %(judge_mean)s, sⱼ %(judge_sd)s) → "
                         "%(value)s"),
    "nomination.settled": _l("nomination for %(honour)s %(state)s by %(by)s: %(note)s"),
}

#: Why entrants are left out of a prize's base (scoring.awards.LEFT_OUT_REASONS).
LEFT_OUT = {
    "withdrawn": _l("withdrawn %(n)s"),
    "disqualified": _l("disqualified %(n)s"),
    "vetoed": _l("vetoed %(n)s"),
    "incomplete": _l("not finalized %(n)s"),
    "failed_gate": _l("below a pass mark %(n)s"),
    "guest": _l("guests %(n)s"),
    "no_value": _l("no score on the prize's item %(n)s"),
}

#: Words the core uses as names of its own steps (not configuration: no vocabulary).
WORDS = {
    "total": _l("total"),
    "stage total": _l("stage total"),
    "sheet total": _l("sheet total"),
    "rater groups": _l("rater groups"),
    "this stage": _l("this stage"),
    "no result": _l("no result"),
}

_JUDGE = re.compile(r"裁判(#?\d+)")


def separator() -> str:
    return pgettext("list separator", ", ")


def clauses() -> str:
    return pgettext("clause separator", "; ")



def judge(text: str) -> str:
    """A judge's anonymous label ("裁判2", written by services/results/loading.py) in the
    reader's language; any other text as it is."""
    return _JUDGE.sub(lambda m: _("judge %(n)s", n=m.group(1)), text)

