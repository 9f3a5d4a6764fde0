"""Rounding: ROUND_HALF_UP at a stated precision, applied once where the rule says.

A contest states ``places`` (e.g. 2) and a rounding point, chosen from
``ROUNDING_POINTS``. The pipeline asks ``rule.at(step, value, ...)`` at each
step; only steps that belong to the point are rounded, everything else stays
exact (see ``values.py``), so a half is never decided by an earlier error.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .explain import TraceLine, note
from .values import SCORING_CONTEXT, Exact, as_count, check_choice, to_decimal
from .vocabulary import N_, Vocabulary

#: The steps of the pipeline at which rounding may happen, in order.
#: "aggregate": each judge aggregate (per criterion or per sheet);
#: "component": a component score after rater groups are weighted;
#: "stage": this stage's own weighted total, before carry-over;
#: "final": the total after carry-over (the published total).
ROUNDING_STEPS = ("aggregate", "component", "stage", "final")

#: Rounding point (configuration string) -> steps at which values are rounded.
ROUNDING_POINTS: dict[str, frozenset[str]] = {
    "final": frozenset({"final"}),
    "component": frozenset({"component", "final"}),
    "each_step": frozenset(ROUNDING_STEPS),
}

ROUNDING_POINT_VOCABULARY = Vocabulary.of("rounding_point", ROUNDING_POINTS, {
    "final": N_("Round the final total only"),
    "component": N_("Round each component and the total"),
    "each_step": N_("Round after every step"),
})


def quantize(value: Exact, places: int) -> Decimal:
    """Round ``value`` (Decimal, Fraction or int) to ``places`` decimals,
    ROUND_HALF_UP (halves away from zero), exactly. Floats raise TypeError."""
    if isinstance(value, float):
        raise TypeError("quantize: floats are not accepted; use Decimal")
    if isinstance(value, Decimal):
        step = Decimal(1).scaleb(-places)
        return value.quantize(step, rounding=ROUND_HALF_UP, context=SCORING_CONTEXT)
    value = Fraction(value)
    # Integer arithmetic on the exact quotient: no intermediate rounding at all.
    q, r = divmod(abs(value.numerator) * 10 ** places, value.denominator)
    if 2 * r >= value.denominator:
        q += 1
    sign = "-" if value < 0 and q else ""
    return Decimal(f"{sign}{q}E-{places}")


@dataclass(frozen=True)
class RoundingRule:
    """Precision (``places``) and point of rounding (a ROUNDING_POINTS key)."""

    places: int = 2
    point: str = "final"

    def __post_init__(self) -> None:
        as_count(self.places, "rounding places")
        check_choice(self.point, ROUNDING_POINTS, "rounding point")

    def applies(self, step: str) -> bool:
        """Whether values are rounded at ``step`` (one of ROUNDING_STEPS)."""
        return step in ROUNDING_POINTS[self.point]

    def at(self, step: str, value: Exact, what: str,
           trace: list[TraceLine] | None = None) -> Exact:
        """Round ``value`` if ``step`` belongs to this rule's point, noting it
        in ``trace`` under the label ``what``; otherwise return it unchanged."""
        if step not in ROUNDING_POINTS[self.point]:
            return value
        rounded = quantize(value, self.places)
        if trace is not None:
            trace.append(note("rounding.applied", step=what, exact=to_decimal(value),
                              value=rounded, places=self.places))
        return rounded
