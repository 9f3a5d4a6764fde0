"""Benchmark: score a national-scale stage with the pure scoring core.

20,000 entries in 31 heats (4 events), three rater groups (self 5%,
township 15%, panel 80%) of 5 judges each, a 25-criterion rubric (5 items of
5 sub-items) plus a bonus item and a veto item, trimmed mean k=1 criterion by
criterion; then ranking per heat and per event, advancement of the top 8 per
heat, and proportion awards (10/20/30%) per event. Data are generated
deterministically with random.Random(seed) before timing starts.

Run:  PYTHONPATH=. python benchmarks/bench_scoring.py [--entries N] [--level sheet]
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from contests.scoring.advancement import AdvancementRule, advance
from contests.scoring.aggregation import AggregationRule
from contests.scoring.awards import AwardRule, Tier, award
from contests.scoring.components import Component
from contests.scoring.pipeline import StageConfig, score_stage
from contests.scoring.ranking import Metric, rank_by_scope
from contests.scoring.rater_groups import RaterGroup
from contests.scoring.rounding import RoundingRule
from contests.scoring.rubric import Criterion, Rubric
from contests.scoring.sheets import EntryMarks, Sheet
from contests.scoring.values import cyclic_gc_paused

EVENTS = ("front_desk", "housekeeping", "chinese_restaurant", "western_restaurant")
GROUPS = (("self", 5), ("township", 15), ("panel", 80))
ITEMS, SUB_ITEMS, SUB_MAX = 5, 5, 4   # 25 marked criteria worth 4 points each


def build_config(level: str) -> StageConfig:
    """The stage's configuration: one 100-point component, three groups."""
    items = tuple(
        Criterion(f"c{i}", Decimal(SUB_ITEMS * SUB_MAX),
                  children=tuple(Criterion(f"c{i}.{j}", Decimal(SUB_MAX)) for j in range(SUB_ITEMS)))
        for i in range(ITEMS))
    rubric = Rubric(items + (Criterion("bonus", Decimal(5), kind="bonus"),
                             Criterion("veto", kind="veto")), bonus_cap=Decimal(3))
    return StageConfig(
        components=(Component("practical", rubric),),
        rater_groups=tuple(RaterGroup(key, Decimal(w)) for key, w in GROUPS),
        aggregation=AggregationRule("trimmed_mean", trim=1, fallback="mean"),
        aggregation_level=level, missing_group_policy="renormalize",
        rounding=RoundingRule(places=2, point="final"))


def build_entries(n: int, heats: int, judges: int, seed: int) -> list[EntryMarks]:
    """Deterministic entries: an ability per entry, each judge adds noise."""
    rng = random.Random(seed)
    keys = [f"c{i}.{j}" for i in range(ITEMS) for j in range(SUB_ITEMS)]
    steps = [Decimal(k) / 2 for k in range(2 * SUB_MAX + 1)]   # 0, 0.5, ... 4
    entries = []
    for e in range(n):
        ability = rng.randint(2, 2 * SUB_MAX)
        sheets = []
        for group, _ in GROUPS:
            for j in range(judges):
                marks = {k: steps[min(2 * SUB_MAX, max(0, ability + rng.randint(-2, 2)))]
                         for k in keys}
                marks["bonus"] = steps[rng.randint(0, 4)]
                vetoes = {"veto": "safety rule broken"} if rng.random() < 0.0005 else {}
                sheets.append(Sheet(f"{group}-{j}", marks, "practical", group, vetoes))
        entries.append(EntryMarks(f"E{e:05d}", tuple(sheets), event=EVENTS[e % len(EVENTS)],
                                  heat=f"H{e % heats:02d}", delegation=f"D{e % heats:02d}",
                                  time_taken=Decimal(rng.randint(600, 1800))))
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--heats", type=int, default=31)
    parser.add_argument("--judges", type=int, default=5)
    parser.add_argument("--level", choices=("criterion", "sheet"), default="criterion")
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best is reported")
    args = parser.parse_args()
    config = build_config(args.level)
    t0 = time.perf_counter()
    entries = build_entries(args.entries, args.heats, args.judges, args.seed)
    t1 = time.perf_counter()
    print(f"generated {args.entries} entries in {t1 - t0:.2f} s (not timed)")
    metrics = (Metric("total"), Metric("criterion", "c0"), Metric("time"))
    advancing = AdvancementRule("top_n", n=8, ties="all_tied")
    prizes = AwardRule("proportion", (Tier("first", percent=10), Tier("second", percent=20),
                                      Tier("third", percent=30)), rounding="half_up")
    runs = []
    for _ in range(args.repeat):
        start, cpu_start = time.perf_counter(), time.process_time()
        results = score_stage(config, entries)
        scored = time.perf_counter()
        with cyclic_gc_paused():  # as a service would wrap a whole recompute job
            heats = rank_by_scope(results, metrics, "heat")
            finalists = [advance(ranking, advancing) for ranking in heats.values()]
            events = rank_by_scope(results, metrics, "event")
            awarded = [award(ranking, prizes) for ranking in events.values()]
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
        runs.append(elapsed)
        print(f"run {len(runs)}: score_stage {scored - start:.2f} s, ranking {len(heats)} heats "
              f"and {len(events)} events + advancement + awards {elapsed - (scored - start):.2f} s;"
              f" total {elapsed:.2f} s wall ({cpu:.2f} s CPU); "
              f"{sum(len(a.keys) for a in finalists)} advance, "
              f"{sum(len(a.awards) for a in awarded)} awards, "
              f"{sum(r.vetoed for r in results)} vetoed")
        del results, heats, finalists, events, awarded
    best = min(runs)
    print(f"best of {len(runs)}: {best:.2f} s for {args.entries} entries "
          f"({args.entries / best:,.0f} entries/s)")

if __name__ == "__main__":
    main()
