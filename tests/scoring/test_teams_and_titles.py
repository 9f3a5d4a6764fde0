"""Team standings (sum, mean, best N) and titles / nominations."""
from dataclasses import replace
from decimal import Decimal as D

import pytest

from contests.scoring import (
    AwardRule,
    Metric,
    TeamRule,
    Tier,
    TitleContext,
    TitleRule,
    award,
    grant_titles,
    rank,
    settle,
    team_standings,
)
from contests.scoring.results import EntryResult, VetoFinding
from contests.scoring.teams import TEAM_AGGREGATIONS
from contests.scoring.titles import TITLE_RULES


def _e(key, total, delegation="", unit="", failed=(), vetoed=False):
    veto = (VetoFinding("J1", "panel", "main", "safety", "unsafe operation"),) if vetoed else ()
    return EntryResult(key, total=D(total), delegation=delegation, unit=unit,
                       failed_gates=tuple(failed), vetoes=veto)


MEMBERS = [_e("x1", "90", "X"), _e("x2", "80", "X"), _e("x3", "71", "X"),
           _e("y1", "95", "Y"), _e("y2", "60", "Y", vetoed=True), _e("solo", "99")]


def test_sum_mean_best_n_and_minimum_members():
    assert set(TEAM_AGGREGATIONS) == {"sum", "mean", "best_n"}
    x, y = team_standings(MEMBERS, TeamRule("sum"))
    assert (x.key, x.total, x.members) == ("X", D(241), ("x1", "x2", "x3"))
    # y2 is vetoed: not counted, and the trace says so.
    assert (y.total, y.excluded) == (D(95), ("y2",))
    assert "y2 is not counted: vetoed (safety: unsafe operation)" in y.trace[0].text
    # Mean of X: 241 / 3 = 80.333... -> 80.33 (team places 2, half up).
    assert team_standings(MEMBERS, TeamRule("mean"))[0].total == D("80.33")
    # Best 2 of X: 90 + 80 = 170; Y has one counted member and a minimum of 2: not ranked.
    x2, y2 = team_standings(MEMBERS, TeamRule("best_n", n=2, min_members=2))
    assert (x2.total, x2.members) == (D(170), ("x1", "x2"))
    assert "best 2 of 2 member(s) (x1 90, x2 80) = 170" in x2.trace[-1].text
    assert y2.total is None and not y2.rankable
    ranking = rank([x2, y2], [Metric("total")])
    assert ranking.unranked[0].reasons[0].text == ("1 member(s) counted, fewer than the minimum 2: "
                                                    "not ranked")


def _energy_contest():
    # 37 team leaders; the 10 finalists F01..F10 (F01 best); F02 failed the theory gate.
    final = [_e(f"F{i:02d}", str(100 - i), delegation=f"D{i % 4}", unit=f"team of F{i:02d}",
                failed=("theory",) if i == 2 else ()) for i in range(1, 11)]
    ranking = rank(final, [Metric("total")])
    prizes = award(ranking, AwardRule("quota", (Tier("first", count=2), Tier("second", count=3),
                                                Tier("third", count=5))))
    context = TitleContext(results={r.entry_id: r for r in final},
                           stage_entrants={"final": [r.entry_id for r in final]},
                           ranking=ranking, awards=prizes)
    return final, prizes, context


def test_every_finalist_is_an_excellent_team_leader_and_first_prize_teams_are_nominated():
    assert set(TITLE_RULES) == {"stage_finalist", "top_n", "tier_holder"}
    _, prizes, context = _energy_contest()
    # F02 failed a gate: first prizes go to F01 and F03.
    assert prizes.holders("first") == ("F01", "F03")
    outcome = grant_titles([
        TitleRule("stage_finalist", "excellent_team_leader", stage="final"),
        TitleRule("top_n", "technical_expert", n=3, require_eligible=True),
        TitleRule("tier_holder", "worker_pioneer", tier="first", nominate=True, subject="unit"),
    ], context)
    leaders = [g.key for g in outcome.grants if g.title == "excellent_team_leader"]
    assert leaders == [f"F{i:02d}" for i in range(1, 11)]
    assert outcome.grants[0].trace[0].text == "excellent_team_leader: took part in stage final"
    experts = [g.key for g in outcome.grants if g.title == "technical_expert"]
    assert experts == ["F01", "F03"]  # top 3 by rank, but F02 is not eligible
    assert outcome.not_granted[0][0] == "F02"
    assert outcome.not_granted[0][1].text == ("technical_expert: not granted, not eligible (did "
                                              "not pass the pass mark of theory: not eligible "
                                              "for awards)")
    noms = outcome.nominations
    assert [(n.subject, n.subject_kind, n.state) for n in noms] == [
        ("team of F01", "unit", "to_confirm"), ("team of F03", "unit", "to_confirm")]
    assert noms[0].trace[-1].text == ("the team team of F01 is nominated for worker_pioneer "
                                      "because its member(s) F01 qualify; named once; "
                                      "eligibility to confirm")


def test_two_first_prize_winners_of_one_team_name_the_team_once():
    # Three first prizes: F01, F02, F03; F01 and F03 lead shifts of the same team (班组).
    final = [_e(f"F{i:02d}", str(100 - i), delegation="D1" if i in (1, 3) else f"D{i}",
                unit="Shuicheng mine team 3" if i in (1, 3) else f"team {i}")
             for i in range(1, 6)]
    ranking = rank(final, [Metric("total")])
    prizes = award(ranking, AwardRule("quota", (Tier("first", count=3),)))
    assert prizes.holders("first") == ("F01", "F02", "F03")
    context = TitleContext(results={r.entry_id: r for r in final}, ranking=ranking,
                           awards=prizes)
    rule = TitleRule("tier_holder", "worker_pioneer", tier="first", nominate=True,
                     subject="unit")
    noms = grant_titles([rule], context).nominations
    # F01 and F03 share a team: two nominations, not three; the team is named once.
    assert [(n.subject, n.basis) for n in noms] == [
        ("Shuicheng mine team 3", ("F01", "F03")), ("team 2", ("F02",))]
    assert noms[0].trace[-1].text == (
        "the team Shuicheng mine team 3 is nominated for worker_pioneer because its "
        "member(s) F01, F03 qualify; named once; eligibility to confirm")
    by_person = grant_titles([TitleRule("tier_holder", "worker_pioneer", tier="first",
                                        nominate=True)], context).nominations
    assert [n.subject for n in by_person] == ["F01", "F02", "F03"]


def test_a_guest_is_never_granted_a_title_nor_nominated_and_the_reason_is_stated():
    # F01 (the best total) takes part as a guest (不参与评奖): ranked first, never honoured.
    final = [replace(_e(f"F{i:02d}", str(100 - i), unit="team 1" if i < 3 else f"team {i}"),
                     guest=i == 1) for i in range(1, 5)]
    context = TitleContext(results={r.entry_id: r for r in final},
                           stage_entrants={"final": [r.entry_id for r in final]},
                           ranking=rank(final, [Metric("total")]))
    outcome = grant_titles([
        TitleRule("stage_finalist", "excellent_team_leader", stage="final"),
        TitleRule("top_n", "technical_expert", n=2),
        TitleRule("top_n", "worker_pioneer", n=1, nominate=True, subject="unit"),
    ], context)
    assert [(g.title, g.key) for g in outcome.grants] == [
        ("excellent_team_leader", "F02"), ("excellent_team_leader", "F03"),
        ("excellent_team_leader", "F04"), ("technical_expert", "F02")]
    # F01 alone is the top 1: its team is not nominated on a guest's result.
    assert outcome.nominations == ()
    assert [(key, line.args["title"]) for key, line in outcome.not_granted] == [
        ("F01", "excellent_team_leader"), ("F01", "technical_expert"),
        ("F01", "worker_pioneer")]
    assert outcome.not_granted[1][1].text == (
        "technical_expert: not granted, not eligible (guest (not competing for awards): "
        "ranked and shown, never awarded, not counted in any prize's quota or share, takes "
        "no advancement place)")


def test_a_person_settles_a_nomination_once():
    _, _, context = _energy_contest()
    (nom, _) = grant_titles([TitleRule("tier_holder", "worker_pioneer", tier="first",
                                       nominate=True, subject="delegation")], context).nominations
    assert nom.subject == "D1" and nom.basis == ("F01",)
    confirmed = settle(nom, "confirmed", by="union office: Wang", reason="meets the conditions")
    assert (confirmed.state, confirmed.settled_by) == ("confirmed", "union office: Wang")
    assert nom.state == "to_confirm"  # the original is unchanged (frozen)
    assert "confirmed by union office: Wang" in confirmed.trace[-1].text
    with pytest.raises(ValueError, match="already confirmed"):
        settle(confirmed, "rejected", by="someone")
    with pytest.raises(ValueError):
        settle(nom, "maybe", by="someone")
    with pytest.raises(ValueError):
        settle(nom, "rejected", by="")
