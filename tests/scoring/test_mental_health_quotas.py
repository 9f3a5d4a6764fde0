"""Worked example: the workers' mental-health contest (DOMAIN.md contest 3).

Individual prizes by quota: special 1, first 3, second 6, third 12. Team
prizes by quota: special 1, first 2, second 3, third 4. A vetoed entry sits
among the leaders and a tie falls on a quota boundary.
"""
from decimal import Decimal as D
from types import MappingProxyType

from contests.scoring import AwardRule, Metric, TeamRule, Tier, award, rank, team_standings
from contests.scoring.results import EntryResult, VetoFinding

INDIVIDUAL = (Tier("special", count=1), Tier("first", count=3), Tier("second", count=6),
              Tier("third", count=12))
TEAM = (Tier("special", count=1), Tier("first", count=2), Tier("second", count=3),
        Tier("third", count=4))
VETO = VetoFinding("J3", "panel", "final", "ethics", "disclosed a client's identity")


def _entry(key, total, practical=None, delegation="", vetoed=False):
    return EntryResult(key, total=D(total), stage_total=D(total), delegation=delegation,
                       component_scores=MappingProxyType({"practical": D(practical or total)}),
                       vetoes=(VETO,) if vetoed else ())


def _field():
    # P01 95.5; P02 94 (vetoed); P03 93; P04 92.5; P05 91 (practical 60);
    # P06 91 (practical 58); P07..P30 from 90 down in steps of 1 (P30 = 67).
    entries = [_entry("P01", "95.5"), _entry("P02", "94", vetoed=True), _entry("P03", "93"),
               _entry("P04", "92.5"), _entry("P05", "91", "60"), _entry("P06", "91", "58")]
    entries += [_entry(f"P{i:02d}", str(97 - i)) for i in range(7, 31)]
    return entries


def test_vetoed_leader_is_skipped_and_all_tied_at_the_first_prize_boundary_go_up():
    ranking = rank(_field(), [Metric("total")])
    outcome = award(ranking, AwardRule("quota", INDIVIDUAL, ties="all_tied"))
    # Special: P01. P02 is vetoed, skipped; first: P03, P04, P05 fill the quota of 3 and
    # P06 is tied with P05 on the total, so under "all_tied" P06 is first too, marked.
    assert outcome.holders("special") == ("P01",)
    assert outcome.holders("first") == ("P03", "P04", "P05", "P06")
    p06 = next(a for a in outcome.awards if a.key == "P06")
    assert p06.beyond_quota and p06.trace[-1].code == "award.tie_at_quota"
    assert "tied with P05 on total (policy all_tied)" in p06.trace[-1].text
    first = next(t for t in outcome.tiers if t.tier == "first")
    assert (first.quota, first.awarded, first.beyond_quota) == (3, 4, 1)
    # Each tier keeps its own quota: second P07..P12 (6), third P13..P24 (12).
    assert outcome.holders("second") == tuple(f"P{i:02d}" for i in range(7, 13))
    assert outcome.holders("third") == tuple(f"P{i:02d}" for i in range(13, 25))
    assert [key for key, _ in outcome.no_award] == [f"P{i:02d}" for i in range(25, 31)]
    assert outcome.skipped[0][0] == "P02"
    assert "disclosed a client's identity" in outcome.skipped[0][1][0].text
    assert outcome.tier_of("P02") is None


def test_tie_break_list_decides_the_boundary_instead():
    # Ranked by total, then practical: P05 (practical 60) is ahead of P06 (58).
    ranking = rank(_field(), [Metric("total"), Metric("component", "practical")])
    outcome = award(ranking, AwardRule("quota", INDIVIDUAL, ties="tie_break"))
    assert outcome.holders("first") == ("P03", "P04", "P05")
    assert outcome.holders("second") == ("P06", "P07", "P08", "P09", "P10", "P11")
    assert outcome.holders("third") == tuple(f"P{i:02d}" for i in range(12, 24))
    assert not any(a.beyond_quota for a in outcome.awards)
    p06 = ranking.placing("P06")
    assert p06.rank == 5  # P02 is vetoed, so not ranked: P01 P03 P04 P05, then P06
    assert "separated by component practical (58 against 60)" in p06.trace[-1].text


def _team_field():
    # 13 delegations of two members; team total = sum. T07 ties T06 at the
    # second/third boundary; T13's second member is vetoed, so with a minimum of
    # two counted members T13 is listed but not ranked.
    sums = {"T01": 190, "T02": 185, "T03": 184, "T04": 180, "T05": 178, "T06": 175,
            "T07": 175, "T08": 170, "T09": 165, "T10": 160, "T11": 150, "T12": 140}
    members = []
    for team, total in sums.items():
        members += [_entry(f"{team}-a", str(total - 90), delegation=team),
                    _entry(f"{team}-b", "90", delegation=team)]
    members += [_entry("T13-a", "99", delegation="T13"),
                _entry("T13-b", "99", delegation="T13", vetoed=True)]
    return members


def test_team_quotas_from_members_results():
    teams = team_standings(_team_field(), TeamRule("sum", min_members=2))
    assert [t.total for t in teams[:2]] == [D(190), D(185)]
    t13 = teams[-1]
    assert t13.key == "T13" and t13.total is None and t13.excluded == ("T13-b",)
    assert t13.trace[-1].code == "team.too_few"
    ranking = rank(teams, [Metric("total")])
    assert ranking.unranked[0].key == "T13"
    outcome = award(ranking, AwardRule("quota", TEAM, ties="all_tied"))
    assert outcome.holders("special") == ("T01",)
    assert outcome.holders("first") == ("T02", "T03")
    # Second quota 3: T04, T05, T06, and T07 tied with T06 on 175 goes up too.
    assert outcome.holders("second") == ("T04", "T05", "T06", "T07")
    assert outcome.holders("third") == ("T08", "T09", "T10", "T11")
    assert [k for k, _ in outcome.no_award] == ["T12"]
    assert outcome.skipped[0][0] == "T13"
