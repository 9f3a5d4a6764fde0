"""Team standings on their own: per event or over all events, not-ranked reasons, and a tie
on the team total decided by the stage's tie-break order (members' components combined)."""
from decimal import Decimal as D

from contests.scoring import Metric, TeamRule, rank
from contests.scoring.results import EntryResult
from contests.scoring.teams import standings_by_event, team_standings


def _e(key, total, delegation, event="E1", practice=None, time=None):
    parts = {"practice": D(practice)} if practice is not None else {}
    return EntryResult(key, total=D(total), delegation=delegation, event=event,
                       component_scores=parts, time_taken=D(time) if time else None)


def test_over_all_events_every_member_counts_once():
    results = [_e("a1", "90", "A", "E1"), _e("a2", "80", "A", "E2"),
               _e("b1", "85", "B", "E1"), _e("b2", "86", "B", "E2")]
    (together,) = standings_by_event(results, TeamRule("sum"), per_event=False).values()
    assert {t.key: t.total for t in together} == {"A": D(170), "B": D(171)}
    assert rank(together, [Metric("total")]).placings[0].key == "B"


def test_per_event_a_team_is_made_of_its_members_in_that_event():
    results = [_e("a1", "90", "A", "E1"), _e("a2", "80", "A", "E2"),
               _e("b1", "85", "B", "E1"), _e("b2", "86", "B", "E2"), _e("b3", "70", "B", "E2")]
    grouped = standings_by_event(results, TeamRule("mean"), per_event=True)
    assert list(grouped) == ["E1", "E2"]
    assert {t.key: t.total for t in grouped["E1"]} == {"A": D(90), "B": D(85)}
    assert {t.key: t.total for t in grouped["E2"]} == {"A": D(80), "B": D(78)}
    assert all(t.event == "E2" for t in grouped["E2"])


def test_best_n_and_a_minimum_leave_a_small_delegation_unranked_with_the_reason():
    results = [_e("a1", "90", "A"), _e("a2", "80", "A"), _e("a3", "50", "A"),
               _e("b1", "99", "B")]
    teams = team_standings(results, TeamRule("best_n", n=2, min_members=2))
    ranking = rank(teams, [Metric("total")])
    assert [(p.key, p.rank, p.item.total) for p in ranking.placings] == [("A", 1, D(170))]
    (b,) = ranking.unranked
    assert b.key == "B" and b.item.total is None
    assert b.reasons[0].code == "team.too_few"
    assert b.reasons[0].text == "1 member(s) counted, fewer than the minimum 2: not ranked"


def test_a_tie_on_the_team_total_is_decided_by_the_stages_tie_break_order():
    # A and B both total 170; the stage breaks ties by the practice component:
    # A's counted members 40 + 45 = 85, B's 50 + 41 = 91, so B is ahead.
    results = [_e("a1", "90", "A", practice="40"), _e("a2", "80", "A", practice="45"),
               _e("b1", "85", "B", practice="50"), _e("b2", "85", "B", practice="41")]
    teams = team_standings(results, TeamRule("sum"))
    assert {t.key: t.component_scores["practice"] for t in teams} == {"A": D(85), "B": D(91)}
    by_total = rank(teams, [Metric("total")])
    assert [p.rank for p in by_total.placings] == [1, 1]  # the total alone: a shared rank
    ranking = rank(teams, [Metric("total"), Metric("component", "practice")])
    assert [(p.key, p.rank) for p in ranking.placings] == [("B", 1), ("A", 2)]


def test_best_n_tie_break_uses_only_the_counted_members():
    # Best 1: A's a1 (90, practice 10) against B's b1 (90, practice 20); a2's 99 practice
    # is not counted because a2 is not among A's best one.
    results = [_e("a1", "90", "A", practice="10"), _e("a2", "50", "A", practice="99"),
               _e("b1", "90", "B", practice="20")]
    teams = team_standings(results, TeamRule("best_n", n=1))
    ranking = rank(teams, [Metric("total"), Metric("component", "practice")])
    assert [p.key for p in ranking.placings] == ["B", "A"]


def test_time_taken_is_combined_like_the_total_and_less_is_better():
    results = [_e("a1", "80", "A", time="30"), _e("a2", "80", "A", time="40"),
               _e("b1", "80", "B", time="20"), _e("b2", "80", "B", time="60")]
    teams = team_standings(results, TeamRule("mean"))
    assert {t.key: t.time_taken for t in teams} == {"A": D(35), "B": D(40)}
    ranking = rank(teams, [Metric("total"), Metric("time")])
    assert [p.key for p in ranking.placings] == ["A", "B"]
