"""Judge aggregation: mean, trimmed mean, median; which marks were dropped.

The registry functions work on ``rows``: one row per criterion (or a single
row of sheet totals), one column per judge, judges in a fixed order. Each
returns a :class:`GroupAggregate` holding, per row, the *numerator* of the
result and the dropped positions, with one ``denominator`` for all rows
(e.g. 3 for a five-judge mean dropping one high and one low). Keeping the
division for last keeps every value exact (see values.py) and keeps the
national-scale benchmark fast.

Ties in dropping: marks are ordered by value and then by judge order; the
first k are dropped as lowest, the last k as highest. So among equal marks
the earlier judge's counts as the lower one.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import repeat
from operator import add, itemgetter, mul

from .explain import TraceLine, note
from .values import ZERO, NoValue, as_count, check_choice, scoring_context, to_decimal
from .vocabulary import N_, Vocabulary

#: Where judges are combined: each criterion's marks, or each judge's sheet total.
AGGREGATION_LEVEL_VOCABULARY = Vocabulary("aggregation_level", {
    "criterion": N_("Per criterion"),
    "sheet": N_("Per sheet total"),
})
AGGREGATION_LEVELS = AGGREGATION_LEVEL_VOCABULARY.names

Rows = Sequence[tuple]


@dataclass(frozen=True)
class GroupAggregate:
    """Per-row numerators over one shared ``denominator``; per row, the
    judge positions ``dropped`` (the first half dropped as lowest, the second
    half as highest) and the ``lowest``/``highest`` mark (used to check the
    marks lie within the criterion's range without a second pass)."""

    denominator: int
    numerators: tuple[Decimal, ...]
    dropped: tuple[tuple[int, ...], ...]
    lowest: tuple[Decimal, ...]
    highest: tuple[Decimal, ...]
    method: str
    notes: tuple[TraceLine, ...] = ()

    def value(self, row: int = 0) -> Fraction:
        """The exact aggregate of one row."""
        return Fraction(self.numerators[row]) / self.denominator


@dataclass(frozen=True)
class AggregationRule:
    """How one rater group's judges are combined: ``method`` (AGGREGATIONS
    key), ``trim`` = k for the trimmed mean, ``fallback`` (TRIM_FALLBACKS key)
    when fewer than 2k+1 judges marked."""

    method: str = "mean"
    trim: int = 0
    fallback: str = "mean"

    def __post_init__(self) -> None:
        check_choice(self.method, AGGREGATIONS, "aggregation method")
        check_choice(self.fallback, TRIM_FALLBACKS, "trim fallback")
        as_count(self.trim, "trim (k)")
        if self.method == "trimmed_mean" and self.trim < 1:
            raise ValueError("trimmed_mean needs trim k of at least 1")


def mean(rows: Rows, rule: AggregationRule, where: str = "") -> GroupAggregate:
    """Plain mean of every judge's mark; nothing dropped."""
    return GroupAggregate(len(rows[0]), tuple(map(sum, rows, repeat(ZERO))), ((),) * len(rows),
                          tuple(map(min, rows)), tuple(map(max, rows)), "mean")


_reverse = itemgetter(slice(None, None, -1))
_PAIRS: dict[int, list] = {}


def _pair_table(n: int) -> list:
    # Entry low * n + high_from_end -> the pair (low, n - 1 - high_from_end).
    if n not in _PAIRS:
        _PAIRS[n] = [(lo, n - 1 - hi) for lo in range(n) for hi in range(n)]
    return _PAIRS[n]


_middle = itemgetter(slice(1, -1))
_first = itemgetter(0)
_last = itemgetter(-1)


def trimmed_mean(rows: Rows, rule: AggregationRule, where: str = "") -> GroupAggregate:
    """Drop the k highest and k lowest marks, average the rest. With fewer
    than 2k+1 judges, apply ``rule.fallback`` (see TRIM_FALLBACKS)."""
    n, k = len(rows[0]), rule.trim
    if n < 2 * k + 1:
        return TRIM_FALLBACKS[rule.fallback](rows, rule, where)
    if k == 1:
        # Hot path (five judges, drop one each way): C-level maps over rows;
        # one sort per row gives the lowest, the highest and the middle.
        ordered = list(map(sorted, rows))
        numerators = tuple(map(sum, map(_middle, ordered), repeat(ZERO)))
        lows = tuple(map(_first, ordered))
        highs = tuple(map(_last, ordered))
        low_at = map(tuple.index, rows, lows)
        # Last position of the highest mark: index in the reversed row.
        high_from_end = map(tuple.index, map(_reverse, rows), highs)
        # (low, high) pairs come from a shared table: no tuple per row.
        slots = map(add, map(mul, low_at, repeat(n)), high_from_end)
        pairs = map(_pair_table(n).__getitem__, slots)
        return GroupAggregate(n - 2, numerators, tuple(pairs), lows, highs, "trimmed_mean")
    numerators, dropped, lows, highs = [], [], [], []
    for row in rows:
        order = sorted(range(n), key=row.__getitem__)  # stable: ties keep judge order
        numerators.append(sum((row[i] for i in order[k:n - k]), ZERO))
        dropped.append(tuple(order[:k]) + tuple(order[n - k:]))
        lows.append(row[order[0]])
        highs.append(row[order[-1]])
    return GroupAggregate(n - 2 * k, tuple(numerators), tuple(dropped), tuple(lows),
                          tuple(highs), "trimmed_mean")


def median(rows: Rows, rule: AggregationRule, where: str = "") -> GroupAggregate:
    """Middle mark (mean of the two middle marks for an even count); the
    marks below and above the middle are recorded as dropped."""
    n = len(rows[0])
    mid = n // 2
    numerators, dropped, lows, highs = [], [], [], []
    for row in rows:
        order = sorted(range(n), key=row.__getitem__)
        if n % 2:
            numerators.append(row[order[mid]])
            dropped.append(tuple(order[:mid]) + tuple(order[mid + 1:]))
        else:
            numerators.append(row[order[mid - 1]] + row[order[mid]])
            dropped.append(tuple(order[:mid - 1]) + tuple(order[mid + 1:]))
        lows.append(row[order[0]])
        highs.append(row[order[-1]])
    return GroupAggregate(1 if n % 2 else 2, tuple(numerators), tuple(dropped), tuple(lows),
                          tuple(highs), "median")


#: Configuration string -> aggregation function(rows, rule, where).
AGGREGATIONS: dict[str, Callable[..., GroupAggregate]] = {
    "mean": mean,
    "trimmed_mean": trimmed_mean,
    "median": median,
}

AGGREGATION_VOCABULARY = Vocabulary.of("aggregation", AGGREGATIONS, {
    "mean": N_("Mean"),
    "trimmed_mean": N_("Trimmed mean (drop highest and lowest)"),
    "median": N_("Median"),
})


def _split_where(where: str) -> dict[str, str]:
    component, _, group = where.partition("/")
    return {"component": component, "group": group}


def _fallback_mean(rows: Rows, rule: AggregationRule, where: str) -> GroupAggregate:
    n = len(rows[0])
    line = note("aggregate.fallback_mean", **_split_where(where), count=n,
                needed=2 * rule.trim + 1, k=rule.trim)
    plain = mean(rows, rule)
    return GroupAggregate(plain.denominator, plain.numerators, plain.dropped, plain.lowest,
                          plain.highest, "mean", (line,))


def _fallback_refuse(rows: Rows, rule: AggregationRule, where: str) -> GroupAggregate:
    raise NoValue(note("aggregate.refused", **_split_where(where), count=len(rows[0]),
                       needed=2 * rule.trim + 1))


#: What a trimmed mean does with fewer than 2k+1 marks: "mean" (plain mean of
#: all, noted in the trace) or "refuse" (the entry is not finalized).
TRIM_FALLBACKS: dict[str, Callable[..., GroupAggregate]] = {
    "mean": _fallback_mean,
    "refuse": _fallback_refuse,
}

TRIM_FALLBACK_VOCABULARY = Vocabulary.of("trim_fallback", TRIM_FALLBACKS, {
    "mean": N_("Plain mean of all marks"),
    "refuse": N_("Refuse to finalize"),
})


def aggregate_rows(rows: Rows, rule: AggregationRule, where: str = "") -> GroupAggregate:
    """Aggregate each row (a tuple of one mark per judge) by ``rule``.
    ``where`` ("component/group") labels trace lines. May raise NoValue."""
    if not rows or not rows[0]:
        raise ValueError(f"{where}: nothing to aggregate")
    return AGGREGATIONS[rule.method](rows, rule, where)


@dataclass(frozen=True)
class JudgeAggregate:
    """One aggregated value from named judges' marks, with what was dropped."""

    value: Decimal
    exact: Fraction
    kept: tuple[tuple[str, Decimal], ...]
    dropped_lowest: tuple[tuple[str, Decimal], ...]
    dropped_highest: tuple[tuple[str, Decimal], ...]
    method: str
    trace: tuple[TraceLine, ...]


def aggregate_marks(marks: Mapping[str, Decimal], rule: AggregationRule,
                    label: str = "criterion") -> JudgeAggregate:
    """Aggregate one criterion (or sheet total) from ``{judge: mark}``.
    Judges are taken in sorted order so the result does not depend on input
    order. ``value`` is exact or 28 significant digits; round it with
    ``rounding.quantize`` where the contest's rule says."""
    judges = tuple(sorted(marks))
    row = tuple(marks[j] for j in judges)
    if any(type(m) is not Decimal for m in row):
        raise TypeError("marks must be Decimal")
    with scoring_context():
        agg = aggregate_rows((row,), rule, f"{label}/")
    gone = agg.dropped[0]
    half = len(gone) // 2
    def pick(idx):
        return tuple((judges[i], row[i]) for i in idx)
    line = note("aggregate.rows", component=label, group="", method=agg.method,
                level="criterion", judges=judges, criteria=(label,),
                marks=tuple({label: m} for m in row), dropped=agg.dropped,
                numerators=agg.numerators, denominator=agg.denominator)
    exact = agg.value()
    return JudgeAggregate(to_decimal(exact), exact,
                          pick(i for i in range(len(row)) if i not in gone),
                          pick(gone[:half]), pick(gone[half:]), agg.method, agg.notes + (line,))
