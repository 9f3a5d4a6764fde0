"""Ranking by an ordered metric list; competition ranks; scopes."""
from decimal import Decimal as D
from decimal import localcontext
from types import MappingProxyType

import pytest

from contests.scoring import (
    Component,
    Criterion,
    EntryMarks,
    Metric,
    Rubric,
    Sheet,
    StageConfig,
    rank,
    rank_by_scope,
    score_stage,
)
from contests.scoring.ranking import METRICS, RANKING_SCOPES, group_by_scope
from contests.scoring.results import EntryResult


def _e(key, total, practical=None, time=None, event="", heat="", disqualified=""):
    scores = MappingProxyType({"practical": D(practical)} if practical else {})
    return EntryResult(key, total=D(total), component_scores=scores,
                       time_taken=None if time is None else D(time), event=event, heat=heat,
                       disqualified=disqualified)


def test_entries_equal_on_every_metric_share_a_rank_and_the_next_skips():
    ranking = rank([_e("d", "70"), _e("b", "90"), _e("c", "90"), _e("a", "95")],
                   [Metric("total")])
    assert [(p.key, p.rank, p.shared) for p in ranking.placings] == [
        ("a", 1, False), ("b", 2, True), ("c", 2, True), ("d", 4, False)]
    assert ranking.placings[1].trace[1].text == "shares rank 2 with c: equal on every ranking metric"


def test_tie_break_list_then_time_lower_is_better():
    metrics = [Metric("total"), Metric("component", "practical"), Metric("time")]
    ranking = rank([_e("slow", "90", "60", "700"), _e("fast", "90", "60", "650"),
                    _e("better-practical", "90", "65", "900"), _e("no-time", "90", "60")],
                   metrics)
    assert [p.key for p in ranking.placings] == ["better-practical", "fast", "slow", "no-time"]
    assert [p.rank for p in ranking.placings] == [1, 2, 3, 4]
    fast = ranking.placing("fast")
    assert fast.trace[-1].text == ("placed after better-practical: equal on total, separated by "
                                   "component practical (60 against 65)")
    assert "separated by time (700 against 650)" in ranking.placing("slow").trace[-1].text
    assert METRICS["time"].higher_is_better is False


def test_disqualified_entries_are_listed_apart_with_the_reason():
    ranking = rank([_e("x", "99", disqualified="late arrival"), _e("y", "50")], [Metric("total")])
    assert [p.key for p in ranking.placings] == ["y"]
    assert ranking.unranked[0].key == "x"
    assert ranking.unranked[0].reasons[0].text == "disqualified: late arrival"


def test_scopes_group_by_event_and_by_heat_within_event():
    items = [_e("a", "90", event="front", heat="H1"), _e("b", "80", event="front", heat="H2"),
             _e("c", "85", event="front", heat="H1"), _e("d", "70", event="rooms", heat="H1")]
    assert RANKING_SCOPES == ("event", "heat", "overall")
    assert list(group_by_scope(items, "heat")) == [("front", "H1"), ("front", "H2"), ("rooms", "H1")]
    by_heat = rank_by_scope(items, [Metric("total")], "heat")
    assert [p.key for p in by_heat[("front", "H1")].placings] == ["a", "c"]
    assert by_heat[("front", "H2")].placings[0].rank == 1
    by_event = rank_by_scope(items, [Metric("total")], "event")
    assert [p.key for p in by_event[("front",)].placings] == ["a", "c", "b"]
    assert list(rank_by_scope(items, [Metric("total")], "overall")) == [()]


def test_bad_rankings_are_refused():
    with pytest.raises(ValueError, match="more than once"):
        rank([_e("a", "1"), _e("a", "2")], [Metric("total")])
    with pytest.raises(ValueError, match="needs a key"):
        Metric("component")
    with pytest.raises(ValueError):
        Metric("speed")
    with pytest.raises(ValueError):
        rank([_e("a", "1")], [])


def test_an_application_decimal_context_cannot_change_a_ranking_or_a_total():
    config = StageConfig((Component("main", Rubric((Criterion("q", D(100)),))),))
    entries = [EntryMarks(k, (Sheet("J1", {"q": D(v)}),))
               for k, v in (("a", "82.67"), ("b", "82.71"))]
    with localcontext() as ctx:
        ctx.prec = 2  # a careless caller: 82.67 and 82.71 would both become 83
        results = score_stage(config, entries)
        ranking = rank(results, [Metric("total")])
    assert [r.total for r in results] == [D("82.67"), D("82.71")]
    assert [(p.key, p.rank) for p in ranking.placings] == [("b", 1), ("a", 2)]
