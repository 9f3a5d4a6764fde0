"""Judge normalisation: each judge's sheet totals rescaled to the panel's.

Some judges mark high, some low, some spread their marks wide. When a rater group
normalises (``RaterGroup.normalisation == "z_score"``), every judge's sheet total x on
an entry becomes a z-score against that judge's own sheets, rescaled to the panel::

    x' = m + s · (x − m_j) / s_j

- m_j, s_j: the mean and *population* standard deviation of the sheet totals judge j
  gave in this panel (the judge's own sheets only);
- m, s: the mean and population standard deviation of every raw sheet total of the
  panel (all its judges, all its entries).

A panel is one rater group of one component within one event and heat: the judges who
sit together on a panel (organizer's panels are per event, component, rater group and
heat). The entry's group value is the plain mean of its x' (the group's aggregation
method is not used: normalised totals are already comparable). Raw marks are never
changed; the trace shows each raw total beside its x'.

Arithmetic and rounding (stated so anyone can redo it by hand):
- m_j, s_j, m, s are computed in a Decimal context of 28 significant digits, rounding
  half up; the square root is ``Decimal.sqrt`` in that context (correctly rounded);
- each x' is rounded half up to 4 decimal places (``NORMALISED_PLACES``);
- the mean of the x' is exact (a sum of 4-place decimals over a count); the contest's own
  rounding applies to it afterwards as to any other value.
- A judge whose totals have no spread (s_j = 0: a single sheet, or the same total on
  every sheet) says nothing about the entries' order: each of their x' is m, the panel
  mean. If the whole panel has no spread (s = 0), every x' is m as well.

Standard library only.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from types import MappingProxyType

from .vocabulary import N_, Vocabulary

#: Whether a rater group's judges are normalised to their panel.
NORMALISATION_VOCABULARY = Vocabulary("normalisation", {
    "none": N_("None: each judge's marks as given"),
    "z_score": N_("Normalise each judge to the panel (z-scores)"),
})
NORMALISATIONS = NORMALISATION_VOCABULARY.names

NORMALISED_PLACES = 4
_QUANTUM = Decimal(1).scaleb(-NORMALISED_PLACES)
NORMALISATION_CONTEXT = Context(prec=28, rounding=ROUND_HALF_UP,
                                traps=[InvalidOperation, DivisionByZero, Overflow])
_ZERO = Decimal(0)


def mean_and_deviation(values: Iterable[Decimal]) -> tuple[Decimal, Decimal, int]:
    """(mean, population standard deviation, count) of ``values`` in the
    normalisation context. Raises ValueError on no values."""
    values = tuple(values)
    if not values:
        raise ValueError("no sheet totals to normalise")
    with localcontext(NORMALISATION_CONTEXT):
        count = len(values)
        mean = sum(values, _ZERO) / count
        variance = sum(((v - mean) * (v - mean) for v in values), _ZERO) / count
        return +mean, variance.sqrt(), count


@dataclass(frozen=True)
class JudgeScale:
    """One judge's own sheets in a panel: their count, mean m_j and spread s_j."""

    judge: str
    count: int
    mean: Decimal
    deviation: Decimal


@dataclass(frozen=True)
class PanelScale:
    """The panel's mean m and spread s over all its raw sheet totals, and each judge's."""

    count: int
    mean: Decimal
    deviation: Decimal
    judges: Mapping[str, JudgeScale]

    def normalise(self, judge: str, raw: Decimal) -> Decimal:
        """x' = m + s · (x − m_j) / s_j, rounded half up to 4 places; m when s_j = 0."""
        own = self.judges.get(judge)
        if own is None:
            raise ValueError(f"judge {judge} has no sheets in this panel")
        with localcontext(NORMALISATION_CONTEXT):
            if own.deviation == 0:
                value = self.mean
            else:
                value = self.mean + self.deviation * (raw - own.mean) / own.deviation
            return value.quantize(_QUANTUM)


def panel_scale(totals: Iterable[tuple[str, Decimal]]) -> PanelScale:
    """The scale of one panel from (judge, raw sheet total) pairs, one per sheet."""
    pairs = tuple(totals)
    if any(type(total) is not Decimal for _, total in pairs):
        raise TypeError("sheet totals must be Decimal")
    mean, deviation, count = mean_and_deviation(total for _, total in pairs)
    by_judge: dict[str, list[Decimal]] = {}
    for judge, total in pairs:
        by_judge.setdefault(judge, []).append(total)
    judges = {}
    for judge in sorted(by_judge):
        m_j, s_j, n_j = mean_and_deviation(by_judge[judge])
        judges[judge] = JudgeScale(judge, n_j, m_j, s_j)
    return PanelScale(count, mean, deviation, MappingProxyType(judges))
