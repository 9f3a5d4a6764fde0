"""Stage composition: a stage's total may carry a share of earlier stages'
totals (e.g. final = 30% semi-final + 70% final).

Shares are percentages 0-100; the current stage keeps what is left
(100 - sum of carried shares). The carried value is the earlier stage's
published total, as given by the caller.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .explain import TraceLine, note
from .values import HUNDRED, Exact, NoValue, as_percent, check_unique, exact, to_decimal


@dataclass(frozen=True)
class CarryOver:
    """Carry ``percent`` of stage ``stage``'s total into this stage's total."""

    stage: str
    percent: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "percent", as_percent(self.percent, f"carry-over from {self.stage}"))


def own_share(carry: Sequence[CarryOver]) -> Decimal:
    """Percentage left for the current stage; raises if shares exceed 100."""
    check_unique((c.stage for c in carry), "carry-over stage")
    share = HUNDRED - sum((c.percent for c in carry), Decimal(0))
    if share < 0:
        raise ValueError(f"carry-over shares sum to {HUNDRED - share}%, more than 100%")
    return share


def compose(stage_total: Exact, previous: Mapping[str, Decimal],
            carry: Sequence[CarryOver], stage_label: str = "this stage") -> tuple[Fraction, TraceLine]:
    """Combine this stage's total with carried shares of earlier totals.
    Raises NoValue if an earlier total is missing for the entry."""
    share = own_share(carry)
    parts = []
    value = Fraction(0)
    for c in carry:
        if c.stage not in previous or previous[c.stage] is None:
            raise NoValue(note("carry.missing", stage=c.stage))
        earlier = exact(previous[c.stage])
        value += exact(c.percent) * earlier
        parts.append((c.stage, to_decimal(earlier), c.percent))
    value = (value + exact(share) * exact(stage_total)) / 100
    parts.append((stage_label, to_decimal(exact(stage_total)), share))
    return value, note("carry.composed", what="total", parts=tuple(parts), value=to_decimal(value))
