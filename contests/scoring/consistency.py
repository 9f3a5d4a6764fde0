"""Consistency of judges ("no favours" made visible), two rules:

- each judge's sheet total against the mean of the other judges on the same entry: a
  total further from the others than the panel's threshold (a share of full marks,
  10% unless the organizer sets another) is flagged for a second look;
- a criterion's tolerance (WorldSkills, FIG): when the judges' marks for one criterion
  of one entry spread (highest - lowest) more than the tolerance, the sheets of that
  entry wait: the judges re-mark, or the chief judge records a resolution.

Nothing is changed automatically."""
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from .explain import TraceLine, note
from .rounding import quantize

#: The share of full marks a sheet total may stray from the other judges' mean (percent).
DEFAULT_FLAG_PERCENT = Decimal(10)


def flag_threshold(full_marks: Decimal, percent: Decimal | None) -> Decimal:
    """Points a sheet total may stray: ``percent`` of ``full_marks`` (10% when unset).
    Full marks 80 at 15% -> 12."""
    share = DEFAULT_FLAG_PERCENT if percent is None else percent
    if not isinstance(full_marks, Decimal) or not isinstance(share, Decimal):
        raise TypeError("full marks and the flag share must be Decimal")
    if share < 0:
        raise ValueError(f"flag share {share} is negative")
    return full_marks * share / 100


@dataclass(frozen=True)
class CriterionMark:
    """One judge's mark on one criterion of one entry."""

    entry: str
    judge: str
    criterion: str
    value: Decimal


@dataclass(frozen=True)
class SpreadBreach:
    """The judges' marks for one criterion of one entry spread more than its tolerance."""

    entry: str
    criterion: str
    tolerance: Decimal
    lowest: Decimal
    highest: Decimal
    judges: tuple[str, ...]  # the judges whose marks were compared, sorted

    @property
    def spread(self) -> Decimal:
        return self.highest - self.lowest


@dataclass(frozen=True)
class Resolution:
    """The chief judge let marks beyond a criterion's tolerance stand, with a reason; the
    entry's explanation says so (``at``: when, as the reader's clock shows it)."""

    component: str
    criterion: str
    lowest: Decimal
    highest: Decimal
    tolerance: Decimal
    reason: str
    at: str = ""

    def line(self) -> TraceLine:
        return note("spread.resolved", component=self.component, criterion=self.criterion,
                    lowest=self.lowest, highest=self.highest, tolerance=self.tolerance,
                    reason=self.reason, at=self.at)


def spread_breaches(marks: Iterable[CriterionMark],
                    tolerances: Mapping[str, Decimal]) -> tuple[SpreadBreach, ...]:
    """The (entry, criterion) pairs whose marks spread more than the criterion's
    tolerance (criteria without one are not checked; a single mark has no spread).
    Marks 1, 3 and 2.5 under a tolerance of 1 spread 2: a breach; under 2: none."""
    by_pair: dict[tuple[str, str], list[CriterionMark]] = defaultdict(list)
    for mark in marks:
        if not isinstance(mark.value, Decimal):
            raise TypeError("marks must be Decimal")
        if tolerances.get(mark.criterion) is not None:
            by_pair[(mark.entry, mark.criterion)].append(mark)
    found = []
    for (entry, criterion), group in sorted(by_pair.items()):
        if len(group) < 2:
            continue
        values = [m.value for m in group]
        low, high = min(values), max(values)
        tolerance = tolerances[criterion]
        if high - low > tolerance:
            found.append(SpreadBreach(entry, criterion, tolerance, low, high,
                                      tuple(sorted(m.judge for m in group))))
    return tuple(found)


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
