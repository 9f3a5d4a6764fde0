"""Worked example: the union-chair graded assessment (DOMAIN.md contest 1).

100-point scale; self-assessment 5%, township union 15%, review panel 80%;
five 20-point items of two sub-items each, bonus items (capped at 5) and a
one-vote veto; bands 90+ senior, 75+ intermediate, 60+ junior, else ungraded;
monthly allowances 300/200/100/0 paid once a year.
"""
from decimal import Decimal as D
from fractions import Fraction

import pytest

from contests.scoring import (
    AggregationRule,
    AwardRule,
    Benefit,
    Component,
    Criterion,
    EntryMarks,
    Metric,
    RaterGroup,
    RoundingRule,
    Rubric,
    Sheet,
    StageConfig,
    Tier,
    award,
    rank,
    score_stage,
)
from contests.scoring.rater_groups import combine_groups
from contests.scoring.values import NoValue

ITEMS = ("professional", "organizing", "execution", "coordination", "innovation")
SUB = [f"{item}.{n}" for item in ITEMS for n in (1, 2)]
RUBRIC = Rubric(
    tuple(Criterion(item, D(20), children=(Criterion(f"{item}.1", D(10)),
                                           Criterion(f"{item}.2", D(10)))) for item in ITEMS)
    + (Criterion("bonus", kind="bonus", children=(Criterion("bonus.award", D(3)),
                                                  Criterion("bonus.model", D(3)))),
       Criterion("veto", kind="veto", children=(Criterion("veto.discipline"),
                                                Criterion("veto.false_report")))),
    max_points=D(100), bonus_cap=D(5))


def _config(policy: str = "refuse") -> StageConfig:
    one_rater = AggregationRule("mean")
    return StageConfig(
        (Component("assessment", RUBRIC),),
        rater_groups=(RaterGroup("self", 5, one_rater), RaterGroup("township", 15, one_rater),
                      RaterGroup("panel", 80)),
        aggregation=AggregationRule("trimmed_mean", trim=1), aggregation_level="sheet",
        missing_group_policy=policy, rounding=RoundingRule(2, "final"))


def _sheet(judge, group, subs, bonus=(0, 0), vetoes=None):
    marks = {key: D(str(v)) for key, v in zip(SUB, subs)}
    marks.update({"bonus.award": D(bonus[0]), "bonus.model": D(bonus[1])})
    return Sheet(judge, marks, "assessment", group, vetoes or {})


def _chair_a():
    return EntryMarks("chair-A", (
        # Self: 10 + 9 * 9 = 91, bonus 3 + 3 = 6 capped at 5 -> 96.
        _sheet("self", "self", [10] + [9] * 9, (3, 3)),
        # Township: 8 * 8 + 7 + 7 = 78, bonus 2 -> 80.
        _sheet("town", "township", [8] * 8 + [7, 7], (2, 0)),
        # Panel sheet totals: P1 80 + 2 = 82; P2 10 + 9 + 8 * 8 = 83, + 2 = 85;
        # P3 8 * 8 + 7 + 6 = 77, + 2 = 79; P4 9 * 8 + 8 + 8 = 88; P5 80.
        _sheet("P1", "panel", [8] * 10, (2, 0)),
        _sheet("P2", "panel", [10, 9] + [8] * 8, (2, 0)),
        _sheet("P3", "panel", [8] * 8 + [7, 6], (2, 0)),
        _sheet("P4", "panel", [9] * 8 + [8, 8]),
        _sheet("P5", "panel", [8] * 10),
    ))


def test_chair_a_worked_by_hand():
    (a,) = score_stage(_config(), [_chair_a()])
    # Panel: drop P3 (79, lowest) and P4 (88, highest): (82 + 85 + 80) / 3 = 247 / 3.
    # Total: 5% * 96 + 15% * 80 + 80% * 247/3 = 4.8 + 12 + 65.8666... = 82.6666... -> 82.67.
    assert a.total == D("82.67")
    # Rounding happens once, at "final": the component score stays unrounded.
    assert a.component_scores["assessment"] == D("82.66666666666666666666666667")
    texts = [line.text for line in a.trace]
    assert any("sheet total: P1 82, P2 85, P3 79, P4 88, P5 80 (dropped lowest P3, "
               "highest P4)" in t for t in texts)
    assert any("bonus items sum to 6, capped at 5" in t for t in texts)
    assert any(t.startswith("assessment: self 96 × 5% + township 80 × 15% + panel 82.333333…")
               for t in texts)
    assert any("total 82.666667… rounded to 82.67" in t for t in texts)
    # Criterion scores are weighted the same way. professional.1: panel marks 8, 10, 8,
    # 9, 8 drop P1's 8 and P2's 10 -> (8 + 8 + 9) / 3 = 25/3; then
    # 5% * 10 + 15% * 8 + 80% * 25/3 = 0.5 + 1.2 + 6.6666... = 8.3666...
    assert a.criterion_scores["professional.1"].quantize(D("0.0001")) == D("8.3667")
    # A parent is the sum of its sub-items: professional.2 is 5% * 9 + 15% * 8 + 80% *
    # (8 + 8 + 9) / 3 = 0.45 + 1.2 + 6.6666... = 8.3166..., so professional = 16.6833...
    assert a.criterion_scores["professional"].quantize(D("0.0001")) == D("16.6833")


def _chair(name: str, total: D) -> EntryMarks:
    # Every rater gives the same sheet, so each group's value and the total equal `total`.
    subs, left = [], total
    for _ in SUB:
        subs.append(min(left, D(10)))
        left -= subs[-1]
    sheets = [_sheet(g, g, subs) for g in ("self", "township")]
    sheets += [_sheet(f"P{i}", "panel", subs) for i in range(1, 6)]
    return EntryMarks(name, tuple(sheets))


GRADES = AwardRule("score_band", (
    Tier("senior", min_score=90, benefit=Benefit(300, "month", "year")),
    Tier("intermediate", min_score=75, benefit=Benefit(200, "month", "year")),
    Tier("junior", min_score=60, benefit=Benefit(100, "month", "year")),
))


def test_grade_bands_leave_senior_empty_and_pay_allowances_per_year():
    totals = ["88.5", "86", "80.25", "75",                                # intermediate
              "74.5", "72", "70", "69", "68", "66", "65", "63", "61", "60",  # junior
              "59.5"]                                                 # ungraded
    results = score_stage(_config(), [_chair(f"C{i:02d}", D(t)) for i, t in enumerate(totals)])
    assert [r.total for r in results] == [D(t) for t in totals]
    grades = award(rank(results, [Metric("total")]), GRADES)
    assert grades.holders("senior") == ()
    assert len(grades.holders("intermediate")) == 4
    assert len(grades.holders("junior")) == 10
    assert grades.tier_of("C03") == "intermediate"          # 75 exactly is intermediate
    assert grades.tier_of("C13") == "junior"                # 60 exactly is junior
    assert grades.tier_of("C14") is None                    # 59.5 is ungraded
    assert grades.no_award[0][1][0].code == "award.ungraded"
    senior = grades.tiers[0]
    assert (senior.tier, senior.awarded) == ("senior", 0)
    assert "nobody reached the band minimum 90" in senior.trace[0].text
    # 300 / 200 / 100 a month, paid once a year: 3,600 / 2,400 / 1,200 / 0.
    assert grades.payout("C00") == D(2400)
    assert grades.payout("C10") == D(1200)
    assert grades.payout("C14") == D(0)
    assert GRADES.tiers[0].benefit.payout_amount == D(3600)
    assert Benefit(500, "once").payout_amount == D(500)
    assert sum(map(grades.payout, (r.entry_id for r in results))) == 4 * 2400 + 10 * 1200


def test_one_vote_veto_keeps_the_chair_visible_but_never_graded():
    vetoed = _chair("C-veto", D(95))
    panel = list(vetoed.sheets)
    panel[3] = _sheet("P2", "panel", [10] * 9 + [5],
                      vetoes={"veto.false_report": "falsified membership records"})
    vetoed = EntryMarks("C-veto", tuple(panel))
    results = score_stage(_config(), [vetoed, _chair("C-ok", D(76))])
    v = results[1]
    assert v.entry_id == "C-veto" and v.vetoed and v.total == D(95)
    assert not v.rankable and not v.eligible
    assert v.vetoes[0].reason == "falsified membership records"
    ranking = rank(results, [Metric("total")])
    assert [p.key for p in ranking.placings] == ["C-ok"]
    assert ranking.unranked[0].key == "C-veto"
    assert "falsified membership records" in ranking.unranked[0].reasons[0].text
    grades = award(ranking, GRADES)
    assert grades.tier_of("C-veto") is None and grades.tier_of("C-ok") == "intermediate"
    assert grades.skipped[0][0] == "C-veto"


def test_group_weighting_on_its_own():
    groups = _config().rater_groups
    combined = combine_groups(groups, {"self": D(96), "township": D(80),
                                       "panel": Fraction(247, 3)}, "refuse", "assessment")
    # 4.8 + 12 + 65.8666... = 82.6666... = 248/3
    assert combined.value == Fraction(248, 3)
    assert combined.weights.total_weight == D(100)
    with pytest.raises(NoValue):
        combine_groups(groups, {"self": D(96)}, "refuse")


def test_missing_township_mark_refuse_or_renormalize():
    # Self 90 and panel 80 (all five judges), no township mark.
    entry = EntryMarks("C-x", (_sheet("self", "self", [10] * 9 + [0]),)
                       + tuple(_sheet(f"P{i}", "panel", [8] * 10) for i in range(5)))
    (refused,) = score_stage(_config("refuse"), [entry])
    assert refused.status == "incomplete" and refused.total is None
    assert refused.problems[0].code == "groups.missing_refused"
    (renormalized,) = score_stage(_config("renormalize"), [entry])
    # (5 * 90 + 80 * 80) / (5 + 80) = 6850 / 85 = 80.588... -> 80.59.
    assert renormalized.total == D("80.59")
    line = next(t for t in renormalized.trace if t.code == "groups.renormalized")
    assert line.args["missing"] == ("township",)
    shares = next(t for t in renormalized.trace if t.code == "groups.combined").args["parts"]
    assert [(g, share.quantize(D("0.01"))) for g, _, share in shares] == [
        ("self", D("5.88")), ("panel", D("94.12"))]
