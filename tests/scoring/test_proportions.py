"""Awards by proportion of eligible entrants: first 10%, second 20%, third 30%."""
from decimal import Decimal as D

import pytest

from contests.scoring import AwardRule, Metric, Tier, award, rank
from contests.scoring.awards import PROPORTION_ROUNDINGS
from contests.scoring.results import EntryResult

TIERS = (Tier("first", percent=10), Tier("second", percent=20), Tier("third", percent=30))


def _ranking():
    # 38 entries with distinct totals 100, 99, ... 63; E05 is disqualified, so 37 are
    # eligible: 10% of 37 = 3.7, 20% = 7.4, 30% = 11.1.
    entries = [EntryResult(f"E{i:02d}", total=D(100 - i),
                           disqualified="used a phone" if i == 5 else "") for i in range(38)]
    return rank(entries, [Metric("total")])


@pytest.mark.parametrize("rounding, quotas", [
    ("floor", (3, 7, 11)),     # 3.7 -> 3, 7.4 -> 7, 11.1 -> 11: 21 prizes
    ("ceil", (4, 8, 12)),      # 4, 8, 12: 24 prizes
    ("half_up", (4, 7, 11)),   # 3.7 -> 4, 7.4 -> 7, 11.1 -> 11: 22 prizes
])
def test_ten_twenty_thirty_percent_of_37_eligible(rounding, quotas):
    outcome = award(_ranking(), AwardRule("proportion", TIERS, rounding=rounding))
    assert tuple(t.quota for t in outcome.tiers) == quotas
    assert tuple(len(outcome.holders(t.key)) for t in TIERS) == quotas
    assert outcome.tiers[0].trace[0].args["raw"] == D("3.7000")
    assert (f"37 eligible (not counting disqualified 1); 37 × 10% = 3.7000, rounded {rounding}"
            in outcome.tiers[0].trace[0].text)
    # The disqualified E05 is skipped; its place in the quota goes to the next eligible.
    assert outcome.skipped[0][0] == "E05"
    first = outcome.holders("first")
    assert first[:3] == ("E00", "E01", "E02")
    if quotas[0] == 4:
        assert first[3] == "E03"
    second = outcome.holders("second")
    assert second[0] == f"E{quotas[0]:02d}"
    assert "E05" not in first + second


def test_rounding_registry_handles_exact_halves():
    from fractions import Fraction
    assert [PROPORTION_ROUNDINGS[r](Fraction(5, 2)) for r in ("floor", "ceil", "half_up")] == [2, 3, 3]
    assert [PROPORTION_ROUNDINGS[r](Fraction(4)) for r in ("floor", "ceil", "half_up")] == [4, 4, 4]


def test_minimum_score_leaves_a_tier_part_filled():
    rule = AwardRule("proportion", (Tier("first", percent=10, min_score=99),) + TIERS[1:],
                     rounding="half_up")
    outcome = award(_ranking(), rule)
    # First would take 4 but only E00 (100) and E01 (99) reach 99; the other two places stay
    # empty and are not passed down; E02 (98) starts the second tier.
    assert outcome.holders("first") == ("E00", "E01")
    assert outcome.holders("second")[0] == "E02"
    e02 = next(a for a in outcome.awards if a.key == "E02")
    # Its explanation starts with the base of its own tier (second), then says why not first.
    assert [line.code for line in e02.trace[:2]] == ["award.proportion", "award.below_minimum"]
    assert e02.trace[0].args["tier"] == "second"
    assert "first: 2 of 4 places filled" in outcome.tiers[0].trace[-1].text
