"""Consistency of judges ("no favours" made visible): each judge's sheet total against the
mean of the other judges on the same entry. A mark further from the others than the
threshold is flagged for a second look; nothing is changed automatically."""
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .rounding import quantize


@dataclass(frozen=True)
class SheetMark:
    entry: str
    judge: str
    total: Decimal


@dataclass(frozen=True)
class Deviation:
    entry: str
    judge: str
    total: Decimal
    others_mean: Decimal
    deviation: Decimal  # total - others_mean
    flagged: bool


@dataclass(frozen=True)
class JudgeSummary:
    judge: str
    entries: int
    mean_deviation: Decimal  # signed: a judge who is always generous shows > 0
    mean_abs_deviation: Decimal
    flagged: int


def deviations(marks: Iterable[SheetMark], threshold: Decimal,
               places: int = 2) -> tuple[tuple[Deviation, ...], tuple[JudgeSummary, ...]]:
    """Leave-one-out deviations. Entries marked by fewer than two judges are skipped:
    there is nobody to compare with."""
    by_entry: dict[str, list[SheetMark]] = defaultdict(list)
    for mark in marks:
        if not isinstance(mark.total, Decimal):
            raise TypeError("sheet totals must be Decimal")
        by_entry[mark.entry].append(mark)
    rows: list[Deviation] = []
    for entry in sorted(by_entry):
        group = by_entry[entry]
        if len(group) < 2:
            continue
        whole = sum((m.total for m in group), Decimal(0))
        for mark in sorted(group, key=lambda m: m.judge):
            others = (whole - mark.total) / (len(group) - 1)
            gap = mark.total - others
            rows.append(Deviation(entry, mark.judge, mark.total, quantize(others, places),
                                  quantize(gap, places), abs(gap) > threshold))
    per_judge: dict[str, list[Deviation]] = defaultdict(list)
    for row in rows:
        per_judge[row.judge].append(row)
    summaries = tuple(
        JudgeSummary(judge, len(items),
                     quantize(sum((r.deviation for r in items), Decimal(0)) / len(items), places),
                     quantize(sum((abs(r.deviation) for r in items), Decimal(0)) / len(items),
                              places),
                     sum(1 for r in items if r.flagged))
        for judge, items in sorted(per_judge.items()))
    return tuple(rows), summaries
