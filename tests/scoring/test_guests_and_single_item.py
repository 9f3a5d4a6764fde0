"""Guests (不参与评奖), single-item prizes (单项奖) and the stated base of every prize.

Worked by hand. Twelve scored entrants E01..E12 with totals
95 92 90 88 85 83 80 78 75 72 70 65; E01 (95, the best) and E07 (80) are guests;
V (99) is vetoed and D (97) disqualified; one more entrant withdrew (not scored, passed
as a count). Eligible: the other 10 (E02..E06, E08..E12).
"""
from decimal import Decimal as D

import pytest

from contests.scoring import AwardRule, Metric, Tier, award, rank
from contests.scoring.advancement import AdvancementRule, advance
from contests.scoring.results import EntryResult, VetoFinding
from contests.scoring.teams import TeamRule, team_standings

TOTALS = (95, 92, 90, 88, 85, 83, 80, 78, 75, 72, 70, 65)
GUESTS = {"E01", "E07"}


def _entries():
    entries = [EntryResult(f"E{i:02d}", total=D(t), guest=f"E{i:02d}" in GUESTS,
                           delegation="甲队" if i <= 6 else "乙队")
               for i, t in enumerate(TOTALS, start=1)]
    entries.append(EntryResult("V", total=D(99), vetoes=(
        VetoFinding("裁判1", "panel", "实操", "安全", "违规操作"),)))
    entries.append(EntryResult("D", total=D(97), disqualified="冒名顶替"))
    return entries


def _ranking():
    return rank(_entries(), [Metric("total")])


def test_a_guest_is_ranked_and_shown_first_but_never_eligible():
    ranking = _ranking()
    assert ranking.placings[0].key == "E01" and ranking.placings[0].rank == 1
    guest = ranking.placings[0].item
    assert not guest.eligible
    assert [line.code for line in guest.exclusions] == ["entry.guest"]


def test_a_quota_skips_the_guest_at_the_top_and_fills_from_the_next_eligible():
    rule = AwardRule("quota", (Tier("special", count=1), Tier("first", count=2)))
    outcome = award(_ranking(), rule, withdrawn=1)
    # E01 (95) is a guest: the special prize goes to E02 (92), first to E03 and E04.
    assert outcome.holders("special") == ("E02",)
    assert outcome.holders("first") == ("E03", "E04")
    assert outcome.tier_of("E01") is None
    skipped = dict(outcome.skipped)
    assert [line.code for line in skipped["E01"]] == ["entry.guest"]
    # The special prize holder's explanation states the base of its quota.
    base = outcome.awards[0].trace[0]
    assert base.code == "award.base"
    assert base.text == ("special: a quota of 1 among 10 eligible entrants (not counting "
                         "withdrawn 1, disqualified 1, vetoed 1, guest 2)")


def test_a_proportion_counts_eligible_entrants_only():
    # first 25%: 10 eligible x 25% = 2.5 -> floor 2 (counting the two guests it would be
    # 12 x 25% = 3). second 30%: 10 x 30% = 3.
    rule = AwardRule("proportion", (Tier("first", percent=25), Tier("second", percent=30)))
    outcome = award(_ranking(), rule, withdrawn=1)
    assert [t.quota for t in outcome.tiers] == [2, 3]
    assert outcome.holders("first") == ("E02", "E03")
    # E07 (80, a guest) sits between E06 (83) and E08 (78) and takes no place.
    assert outcome.holders("second") == ("E04", "E05", "E06")
    why = next(a for a in outcome.awards if a.key == "E02").trace[0]
    assert why.code == "award.proportion"
    assert why.args["eligible"] == 10 and why.args["quota"] == 2
    assert why.args["left_out"] == (("withdrawn", 1), ("disqualified", 1), ("vetoed", 1),
                                    ("guest", 2))
    assert why.text == ("first: 25% of the eligible entrants: 10 eligible (not counting "
                        "withdrawn 1, disqualified 1, vetoed 1, guest 2); 10 × 25% = 2.5000, "
                        "rounded floor to a quota of 2")


def test_a_guest_takes_no_advancement_place():
    # Top 3 advance: the guest E01 is ranked first but the places go to E02, E03, E04.
    outcome = advance(_ranking(), AdvancementRule("top_n", n=3))
    assert [a.key for a in outcome.advancing] == ["E02", "E03", "E04"]
    assert "E01" in outcome.not_advancing


def test_a_guest_can_still_be_added_by_hand():
    outcome = advance(_ranking(), AdvancementRule("top_n", n=1), {"E01": "特邀选手继续参赛"})
    assert [a.key for a in outcome.advancing] == ["E02"]
    assert [a.key for a in outcome.manual] == ["E01"]


def test_a_guest_counts_for_no_team_score():
    # 甲队: E01 (guest) E02..E06 -> 92 + 90 + 88 + 85 + 83 = 438 from five members.
    teams = {t.delegation: t for t in team_standings(_entries(), TeamRule("sum"))}
    assert teams["甲队"].total == D(438)
    assert len(teams["甲队"].members) == 5


def _practical(key, total, practical, theory, **kw):
    return EntryResult(key, total=D(total),
                       component_scores={"实操": D(practical), "理论": D(theory)},
                       criterion_scores={"安全操作": D(practical) / 10}, **kw)


def _exam():
    # total = 实操 + 理论. A wins overall (90); B has the best practical (65), C next (62);
    # G, a guest, has an even better practical (70) and must not take the prize.
    return [_practical("A", 90, 60, 30), _practical("B", 88, 65, 23),
            _practical("C", 85, 62, 23), _practical("G", 80, 70, 10, guest=True),
            _practical("E", 84, 62, 22)]


def test_a_single_item_prize_goes_to_the_best_practical_not_the_overall_winner():
    ranking = rank(_exam(), [Metric("total")])
    assert ranking.placings[0].key == "A"
    best = AwardRule("quota", (Tier("最佳实操奖", count=1),), basis="component",
                     basis_key="实操")
    outcome = award(ranking, best)
    assert outcome.holders("最佳实操奖") == ("B",)
    trace = outcome.awards[0].trace
    assert trace[0].code == "award.ranked_on"
    assert trace[0].text == ("最佳实操奖: a single-item prize, ranked on component 实操 (65), "
                             "not the total")
    assert [line.code for line in dict(outcome.skipped)["G"]] == ["entry.guest"]


@pytest.mark.parametrize("ties, holders", [
    ("all_tied", ("B", "C", "E")),  # C and E are equal on 实操 (62): both take 2nd place
    ("tie_break", ("B", "C")),      # then the total decides: C 85 before E 84
])
def test_ties_on_the_single_item_follow_the_rule_s_tie_policy(ties, holders):
    rule = AwardRule("quota", (Tier("best", count=2),), ties=ties, basis="component",
                     basis_key="实操")
    outcome = award(rank(_exam(), [Metric("total")]), rule)
    assert outcome.holders("best") == holders


def test_a_single_item_prize_on_a_criterion_with_a_minimum():
    # 安全操作 = 实操 / 10: B 6.5, C 6.2, E 6.2, A 6.0; the tier needs at least 6.3.
    rule = AwardRule("quota", (Tier("安全之星", count=3, min_score=D("6.3")),),
                     basis="criterion", basis_key="安全操作")
    outcome = award(rank(_exam(), [Metric("total")]), rule)
    assert outcome.holders("安全之星") == ("B",)
    assert outcome.tiers[0].awarded == 1


def test_a_single_item_rule_needs_the_item_it_names():
    with pytest.raises(ValueError, match="needs its key"):
        AwardRule("quota", (Tier("best", count=1),), basis="component")
    with pytest.raises(ValueError, match="award basis"):
        AwardRule("quota", (Tier("best", count=1),), basis="time")
