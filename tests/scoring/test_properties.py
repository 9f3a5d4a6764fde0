"""Property tests: ranks follow the metric order; quotas hold except visibly under
the tie policy; tiers are nested by score; nothing depends on input order."""
from decimal import Decimal as D
from fractions import Fraction
from itertools import pairwise
from types import MappingProxyType

from hypothesis import given, settings
from hypothesis import strategies as st

from contests.scoring import (
    AggregationRule,
    AwardRule,
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
    quantize,
    rank,
    score_stage,
)
from contests.scoring.aggregation import aggregate_rows
from contests.scoring.results import EntryResult

# Few distinct values so that ties are common.
scores = st.sampled_from([D(x) / 2 for x in range(150, 201)])
small = st.sampled_from([D(60), D(70), D(80)])
times = st.one_of(st.none(), st.sampled_from([D(300), D(400)]))


@st.composite
def fields(draw, min_size=1, max_size=40):
    n = draw(st.integers(min_size, max_size))
    return [EntryResult(f"E{i:03d}", total=draw(scores),
                        component_scores=MappingProxyType({"practical": draw(small)}),
                        time_taken=draw(times), disqualified="dq" if draw(st.booleans())
                        and draw(st.booleans()) and draw(st.booleans()) else "")
            for i in range(n)]


METRICS = [Metric("total"), Metric("component", "practical"), Metric("time")]


def _better(a, b) -> bool:
    # a strictly ahead of b by the metric list (time lower is better, missing last).
    for metric, x, y in zip(METRICS, a.values, b.values):
        if x == y:
            continue
        if x is None or y is None:
            return y is None
        return x < y if metric.kind == "time" else x > y
    return False


@settings(max_examples=150, deadline=None)
@given(fields())
def test_ranks_are_consistent_with_the_metric_order(entries):
    ranking = rank(entries, METRICS)
    placings = ranking.placings
    assert len(placings) + len(ranking.unranked) == len(entries)
    for p in placings:
        ahead = sum(_better(q, p) for q in placings)
        assert p.rank == 1 + ahead                       # competition ranking: 1, 2, 2, 4
        assert p.shared == any(q is not p and q.values == p.values for q in placings)
    for a, b in pairwise(placings):
        assert a.rank <= b.rank
        assert (a.rank == b.rank) == (a.values == b.values)
        assert not _better(b, a)


quota_tiers = st.lists(st.integers(0, 6), min_size=1, max_size=4).map(
    lambda counts: tuple(Tier(f"t{i}", count=c) for i, c in enumerate(counts)))


@settings(max_examples=150, deadline=None)
@given(fields(), quota_tiers, st.sampled_from(["all_tied", "tie_break"]))
def test_a_quota_is_exceeded_only_by_ties_and_then_visibly(entries, tiers, ties):
    ranking = rank(entries, METRICS)
    outcome = award(ranking, AwardRule("quota", tiers, ties=ties))
    depth = 1 if ties == "all_tied" else len(METRICS)
    values = {p.key: p.values for p in ranking.placings}
    for tier, summary in zip(tiers, outcome.tiers):
        awards = [a for a in outcome.awards if a.tier == tier.key]
        within = [a for a in awards if not a.beyond_quota]
        beyond = [a for a in awards if a.beyond_quota]
        assert len(within) <= tier.count and summary.awarded == len(awards)
        assert summary.beyond_quota == len(beyond)
        for a in beyond:  # only ever a tie with the last one inside the quota, and marked
            assert len(within) == tier.count
            assert values[a.key][:depth] == values[within[-1].key][:depth]
            assert a.trace[-1].code == "award.tie_at_quota"
    awarded = [a.key for a in outcome.awards]
    assert len(awarded) == len(set(awarded))
    assert all(ranking.placing(k).item.eligible for k in awarded)


@settings(max_examples=150, deadline=None)
@given(fields(), st.sampled_from(["quota", "proportion", "score_band"]),
       st.sampled_from(["all_tied", "tie_break"]))
def test_tiers_are_nested_by_score(entries, method, ties):
    tiers = (Tier("gold", count=2, percent=10, min_score=95), Tier("silver", count=3, percent=20,
                                                                   min_score=85),
             Tier("bronze", count=5, percent=30, min_score=78))
    outcome = award(rank(entries, METRICS), AwardRule(method, tiers, ties=ties))
    totals = {e.entry_id: e.total for e in entries}
    by_tier = [[totals[k] for k in outcome.holders(t.key)] for t in tiers]
    for higher, lower in pairwise(by_tier):
        if higher and lower:
            assert min(higher) >= max(lower)
    for tier, held in zip(tiers, by_tier):
        assert all(total >= tier.min_score for total in held)
    no_tier = [totals[k] for k, _ in outcome.no_award]
    awarded = [t for held in by_tier for t in held]
    if no_tier and awarded:  # nobody left without a tier outscores a holder
        assert max(no_tier) <= min(awarded)


RUBRIC = Rubric((Criterion("a", D(10)), Criterion("b", D(10), kind="bonus")), bonus_cap=D(5))
STAGE = StageConfig((Component("main", RUBRIC),),
                    rater_groups=(RaterGroup("self", 5), RaterGroup("panel", 95)),
                    aggregation=AggregationRule("trimmed_mean", trim=1),
                    missing_group_policy="renormalize", rounding=RoundingRule(1, "each_step"))
marks = st.sampled_from([D(x) / 2 for x in range(21)])


@st.composite
def stages(draw):
    entries = []
    for i in range(draw(st.integers(1, 8))):
        sheets = [Sheet(f"{g}{j}", {"a": draw(marks), "b": draw(marks)}, rater_group=g)
                  for g, most in (("self", 1), ("panel", 5))
                  for j in range(draw(st.integers(0, most)))]
        entries.append(EntryMarks(f"E{i}", tuple(sheets), delegation=f"D{i % 3}"))
    return entries, draw(st.randoms(use_true_random=False))


@settings(max_examples=100, deadline=None)
@given(stages())
def test_results_do_not_depend_on_input_order(data):
    entries, rnd = data
    shuffled = [EntryMarks(e.entry_id, tuple(rnd.sample(e.sheets, len(e.sheets))),
                           delegation=e.delegation) for e in rnd.sample(entries, len(entries))]
    first, second = score_stage(STAGE, entries), score_stage(STAGE, shuffled)
    assert first == second
    assert [r.trace for r in first] == [r.trace for r in second]
    assert [dict(r.criterion_scores) for r in first] == [dict(r.criterion_scores) for r in second]
    metrics = [Metric("total"), Metric("criterion", "a")]
    r1, r2 = rank(first, metrics), rank(list(reversed(second)), metrics)
    assert [(p.key, p.rank) for p in r1.placings] == [(p.key, p.rank) for p in r2.placings]
    rule = AwardRule("proportion", (Tier("x", percent=50), Tier("y", percent=50)), "half_up")
    assert award(r1, rule).awards == award(r2, rule).awards


@settings(max_examples=200, deadline=None)
@given(st.lists(marks, min_size=1, max_size=9), st.integers(1, 3),
       st.sampled_from(["mean", "refuse"]))
def test_trimmed_mean_matches_a_brute_force_definition(row, k, fallback):
    rule = AggregationRule("trimmed_mean", trim=k, fallback=fallback)
    if len(row) < 2 * k + 1:
        return  # covered by the fallback tests
    agg = aggregate_rows((tuple(row),), rule)
    kept = sorted(row)[k:len(row) - k]
    assert agg.value() == Fraction(sum(kept)) / len(kept)
    low, high = agg.dropped[0][:k], agg.dropped[0][k:]
    assert sorted(row[i] for i in low) == sorted(row)[:k]
    assert sorted(row[i] for i in high) == sorted(row)[len(row) - k:]
    assert len(set(low) | set(high)) == 2 * k


@settings(max_examples=200, deadline=None)
@given(st.fractions(min_value=-1000, max_value=1000, max_denominator=1000), st.integers(0, 4))
def test_quantize_is_exact_half_up(value, places):
    got = quantize(value, places)
    scaled = abs(value) * 10 ** places
    whole = int(scaled) + (1 if scaled - int(scaled) >= Fraction(1, 2) else 0)
    assert abs(Fraction(got)) * 10 ** places == whole
    assert got.as_tuple().exponent == -places
    assert quantize(D(got), places) == got
