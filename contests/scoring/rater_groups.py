"""Rater groups: weighted groups of judges (self 5%, township 15%, panel 80%).

Each group's judges are aggregated on their own (aggregation.py); the groups
are then combined by weight. When a group has no marks for an entry the
organizer's policy decides: refuse to finalize, or renormalize the weights of
the groups that did mark. Either way the trace says so.
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from itertools import repeat
from math import lcm
from operator import add, mul

from .aggregation import AGGREGATION_LEVELS, AggregationRule
from .explain import TraceLine, note
from .normalisation import NORMALISATIONS
from .values import (
    HUNDRED,
    Exact,
    NoValue,
    as_percent,
    check_choice,
    check_unique,
    check_weights_sum,
    exact,
    scoring_context,
    to_decimal,
)
from .vocabulary import N_, Vocabulary


@dataclass(frozen=True)
class RaterGroup:
    """A group of raters with its weight in percent; ``aggregation``
    overrides the stage's rule for this group (e.g. a one-person self-assessment)."""

    key: str
    weight: Decimal
    aggregation: AggregationRule | None = None
    label: str = ""
    # "criterion" or "sheet" for this group only; None: the stage's aggregation level.
    aggregation_level: str | None = None
    # "z_score": each judge's sheet totals rescaled to the panel's (normalisation.py);
    # the group is then combined per sheet total, by the mean of the normalised totals.
    normalisation: str = "none"

    def __post_init__(self) -> None:
        object.__setattr__(self, "weight", as_percent(self.weight, f"rater group {self.key} weight"))
        check_choice(self.normalisation, NORMALISATIONS, f"rater group {self.key} normalisation")
        if self.aggregation_level is not None:
            check_choice(self.aggregation_level, AGGREGATION_LEVELS,
                         f"rater group {self.key} aggregation level")


def check_groups(groups: Sequence[RaterGroup]) -> None:
    """Raise ValueError unless keys are unique and weights sum to 100."""
    if not groups:
        raise ValueError("at least one rater group is needed")
    check_unique((g.key for g in groups), "rater group")
    check_weights_sum((g.weight for g in groups), "rater group")


def _refuse(present: list[RaterGroup], missing: list[RaterGroup],
            component: str) -> tuple[TraceLine, ...]:
    if missing:
        raise NoValue(note("groups.missing_refused", component=component, group=missing[0].key))
    return ()


def _renormalize(present: list[RaterGroup], missing: list[RaterGroup],
                 component: str) -> tuple[TraceLine, ...]:
    if not present:
        raise NoValue(note("component.missing", component=component))
    if not missing:
        return ()
    return (note("groups.renormalized", component=component,
                 missing=tuple(g.key for g in missing),
                 present=tuple((g.key, g.weight) for g in present)),)


#: When a rater group has no marks for an entry: fn(present, missing, component)
#: returns trace notes or raises NoValue.
MISSING_GROUP_POLICIES: dict[str, Callable[..., tuple[TraceLine, ...]]] = {
    "refuse": _refuse,
    "renormalize": _renormalize,
}

MISSING_GROUP_POLICY_VOCABULARY = Vocabulary.of("missing_group_policy", MISSING_GROUP_POLICIES, {
    "refuse": N_("Refuse to finalize"),
    "renormalize": N_("Share its weight among the other groups"),
})


@dataclass(frozen=True)
class GroupWeights:
    """The weights used for one entry and component: the groups that marked
    with their configured weights; ``total_weight`` is 100 unless groups were
    missing and the rest renormalized."""

    weights: tuple[tuple[str, Decimal], ...]
    total_weight: Decimal
    missing: tuple[str, ...]
    notes: tuple[TraceLine, ...]
    _shares: tuple = field(init=False, repr=False, compare=False)

    def combine(self, values: Mapping[str, tuple[Sequence[Decimal], int]]) -> tuple[list, Decimal]:
        """Weight vectors of exact values given per group as (numerators,
        denominator). Returns (numerators, divisor) with value i equal to
        numerators[i] / divisor exactly: Decimal products and sums are exact,
        and the single division is left to the caller."""
        common = lcm(*(values[key][1] for key, _ in self.weights))
        acc: list = []
        for key, weight in self.weights:
            numerators, denominator = values[key]
            scaled = map(mul, numerators, repeat(weight * (common // denominator)))
            acc = list(map(add, acc, scaled)) if acc else list(scaled)
        return acc, self.total_weight * common

    def shares(self) -> tuple[tuple[str, Decimal], ...]:
        """Each group's effective share in percent (its weight rescaled so the
        weights used sum to 100)."""
        with scoring_context():
            return tuple((key, weight * HUNDRED / self.total_weight) for key, weight in self.weights)

    def note(self, component: str, values: Mapping[str, Decimal], value: Decimal) -> TraceLine:
        """Trace line: each group's value times its effective share."""
        parts = tuple((key, values[key], share) for key, share in self._shares)
        return note("groups.combined", what=component or "rater groups", parts=parts, value=value)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_shares", self.shares())


def weigh_groups(groups: Sequence[RaterGroup], present: Collection[str], policy: str,
                 component: str = "") -> GroupWeights:
    """Apply the missing-group ``policy`` given which groups marked. May
    raise NoValue."""
    marked = [g for g in groups if g.key in present]
    missing = [g for g in groups if g.key not in present]
    notes = MISSING_GROUP_POLICIES[policy](marked, missing, component)
    return GroupWeights(tuple((g.key, g.weight) for g in marked),
                        sum((g.weight for g in marked), Decimal(0)),
                        tuple(g.key for g in missing), notes)


@dataclass(frozen=True)
class GroupCombination:
    """One weighted value with the weights used and its explanation."""

    value: Fraction
    weights: GroupWeights
    trace: tuple[TraceLine, ...]


def combine_groups(groups: Sequence[RaterGroup], values: Mapping[str, Exact],
                   policy: str, component: str = "") -> GroupCombination:
    """Weight each group's value: sum(weight * value) / sum of weights used.
    ``values`` holds only the groups that marked. May raise NoValue."""
    with scoring_context():
        weights = weigh_groups(groups, values.keys(), policy, component)
        value = sum((exact(w) * exact(values[k]) for k, w in weights.weights), Fraction(0))
        value /= exact(weights.total_weight)
        shown = {k: to_decimal(exact(values[k])) for k, _ in weights.weights}
        line = weights.note(component, shown, to_decimal(value))
    return GroupCombination(value, weights, weights.notes + (line,))
