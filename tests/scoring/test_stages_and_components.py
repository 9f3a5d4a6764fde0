"""Components (theory 30% / practical 70%, pass marks) and stage carry-over (30/70)."""
from decimal import Decimal as D

from contests.scoring import (
    AggregationRule,
    AwardRule,
    CarryOver,
    Component,
    Criterion,
    EntryMarks,
    Metric,
    RoundingRule,
    Rubric,
    Sheet,
    StageConfig,
    Tier,
    award,
    rank,
    score_stage,
)


def _one(key: str) -> Rubric:
    return Rubric((Criterion(key, D(100)),))


def _sheets(component: str, key: str, *marks: str):
    return tuple(Sheet(f"J{i + 1}", {key: D(m)}, component) for i, m in enumerate(marks))


FIVE = AggregationRule("trimmed_mean", trim=1)


def test_carry_over_final_thirty_percent_semi_final_seventy_percent_final():
    config = StageConfig((Component("final", _one("performance")),), aggregation=FIVE,
                         carry_over=(CarryOver("semi-final", 30),), stage="final",
                         rounding=RoundingRule(2, "final"))
    # Final marks 88, 89.5, 90, 86, 91: drop 86 and 91 -> (88 + 89.5 + 90) / 3 = 267.5 / 3
    # = 89.1666...; total = 30% * 85.25 + 70% * 267.5/3 = 25.575 + 62.41666... = 87.991666...
    # -> 87.99.
    entry = EntryMarks("A", _sheets("final", "performance", "88", "89.5", "90", "86", "91"),
                       carried={"semi-final": D("85.25")})
    # B: final 90 from every judge: 30% * 84.75 + 70% * 90 = 25.425 + 63 = 88.425 -> 88.43
    # (half up; banker's rounding would say 88.42).
    other = EntryMarks("B", _sheets("final", "performance", *["90"] * 5),
                       carried={"semi-final": D("84.75")})
    missing = EntryMarks("C", _sheets("final", "performance", *["95"] * 5))
    a, b, c = score_stage(config, [entry, other, missing])
    assert a.total == D("87.99")
    assert a.stage_total.quantize(D("0.0001")) == D("89.1667")
    line = next(t for t in a.trace if t.code == "carry.composed")
    assert line.text.startswith("total: semi-final 85.25 × 30% + final 89.166667… × 70% =")
    assert b.total == D("88.43")
    # No semi-final total to carry: the entry is not finalized, and says why.
    assert c.status == "incomplete" and c.total is None
    assert "no total from stage semi-final" in c.problems[0].text


def test_theory_thirty_practical_seventy_with_pass_marks_at_sixty():
    config = StageConfig(
        (Component("theory", _one("exam"), 30, pass_mark=60),
         Component("practical", _one("task"), 70, pass_mark=60)),
        aggregation=FIVE, rounding=RoundingRule(2, "component"))

    def entry(name, theory, practical):
        return EntryMarks(name, _sheets("theory", "exam", *[theory] * 5)
                          + _sheets("practical", "task", *practical))

    # A: theory 80; practical 90, 92, 91, 80, 95 -> (90 + 92 + 91) / 3 = 91;
    #    total 30% * 80 + 70% * 91 = 24 + 63.7 = 87.7.
    # B: theory 55 fails the gate; practical 95 -> 16.5 + 66.5 = 83.0, ranked, not eligible.
    # C: theory exactly 60 passes; practical 85, 86, 86, 84, 90 -> 257 / 3 = 85.666... which
    #    the "component" rounding point rounds to 85.67; total 18 + 59.969 = 77.969 -> 77.97.
    a, b, c = score_stage(config, [entry("A", "80", ["90", "92", "91", "80", "95"]),
                                   entry("B", "55", ["95"] * 5),
                                   entry("C", "60", ["85", "86", "86", "84", "90"])])
    assert (a.total, b.total, c.total) == (D("87.70"), D("83.00"), D("77.97"))
    assert c.component_scores["practical"] == D("85.67")
    assert b.failed_gates == ("theory",) and b.rankable and not b.eligible
    assert "theory score 55 is below its pass mark 60" in b.exclusions[0].text
    assert c.eligible and a.eligible
    ranking = rank([a, b, c], [Metric("total")])
    assert [p.key for p in ranking.placings] == ["A", "B", "C"]
    outcome = award(ranking, AwardRule("quota", (Tier("first", count=1), Tier("second", count=1))))
    # B is second by score but ineligible: the second prize goes to C.
    assert outcome.holders("first") == ("A",) and outcome.holders("second") == ("C",)
