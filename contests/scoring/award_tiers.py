"""What a prize's tiers are made of: how a proportion of entrants becomes a quota, what a
prize ranks on, why entrants are left out of its base, the periods of a benefit (each with
its vocabulary, beside its registry), and the Benefit and Tier an AwardRule (awards.py)
lists. Filling the tiers is awards.py's job.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .ranking import TIE_POLICIES
from .rounding import quantize
from .values import as_count, as_decimal, as_optional_decimal, as_percent, check_choice
from .vocabulary import N_, Vocabulary

#: Policy for ties at a quota boundary: "all_tied" or "tie_break" (see ranking.TIE_POLICIES).
BOUNDARY_TIE_POLICIES = TIE_POLICIES

#: How a proportion of entrants becomes a whole quota (exact arithmetic).
PROPORTION_ROUNDINGS: dict[str, Callable[[Fraction], int]] = {
    "floor": lambda q: q.numerator // q.denominator,
    "ceil": lambda q: -(-q.numerator // q.denominator),
    "half_up": lambda q: (2 * q.numerator + q.denominator) // (2 * q.denominator),
}

PROPORTION_ROUNDING_VOCABULARY = Vocabulary.of("proportion_rounding", PROPORTION_ROUNDINGS, {
    "floor": N_("Round down"),
    "ceil": N_("Round up"),
    "half_up": N_("Round half up"),
})

#: What an award rule ranks on: the total, or one component or criterion (单项奖).
AWARD_BASES = ("total", "component", "criterion")

AWARD_BASIS_VOCABULARY = Vocabulary("award_basis", {
    "total": N_("The total (overall prizes)"),
    "component": N_("One component (single-item prize)"),
    "criterion": N_("One criterion (single-item prize)"),
})

#: Why an entrant is left out of a prize's base, in the order an explanation lists them.
LEFT_OUT_REASONS = ("withdrawn", "disqualified", "vetoed", "incomplete", "failed_gate",
                    "guest", "no_value")

#: Benefit periods -> how many fall in a year ("once": a one-off payment).
BENEFIT_PERIODS: dict[str, int | None] = {"month": 12, "quarter": 4, "year": 1, "once": None}

#: A tier's benefit (AwardTier.benefit_period; none when the tier carries no benefit).
BENEFIT_PERIOD_VOCABULARY = Vocabulary.of("benefit_period", BENEFIT_PERIODS, {
    "month": N_("per month"),
    "quarter": N_("per quarter"),
    "year": N_("per year"),
    "once": N_("once"),
}, nullable=True)


@dataclass(frozen=True)
class Benefit:
    """An amount per ``period`` paid once per ``payout`` period (e.g. a
    monthly allowance of 300 paid once a year: payout_amount 3600)."""

    amount: Decimal
    period: str = "month"
    payout: str = "year"

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", as_decimal(self.amount, "benefit amount"))
        check_choice(self.period, BENEFIT_PERIODS, "benefit period")
        check_choice(self.payout, BENEFIT_PERIODS, "benefit payout period")

    @property
    def payout_amount(self) -> Decimal:
        """What each payment comes to, to the cent (half up)."""
        per, paid = BENEFIT_PERIODS[self.period], BENEFIT_PERIODS[self.payout]
        if per is None or paid is None:  # a one-off amount is paid as it stands
            return quantize(self.amount, 2)
        return quantize(Fraction(self.amount) * Fraction(per, paid), 2)


@dataclass(frozen=True)
class Tier:
    """A prize tier or grade band: ``count`` (quota method), ``percent``
    (proportion method), ``min_score`` (band floor, or a minimum for any
    method), optional ``benefit``."""

    key: str
    label: str = ""
    count: int | None = None
    percent: Decimal | None = None
    min_score: Decimal | None = None
    benefit: Benefit | None = None

    def __post_init__(self) -> None:
        if self.count is not None:
            as_count(self.count, f"tier {self.key} count")
        if self.percent is not None:
            object.__setattr__(self, "percent", as_percent(self.percent, f"tier {self.key} percent"))
        object.__setattr__(self, "min_score",
                           as_optional_decimal(self.min_score, f"tier {self.key} min_score"))

