"""Components: weighted parts of a stage (theory 30%, practical 70%), each
optionally with a pass mark that gates eligibility for awards.

A component's score is on its rubric's scale (usually 100); the stage total
is the weighted sum of component scores. Failing a gate does not hide or
unrank an entry: it only makes it ineligible for awards and titles that ask
for eligibility, and the trace says which gate failed.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .explain import TraceLine, note
from .rater_groups import check_groups
from .rubric import Rubric
from .values import (
    HUNDRED,
    Exact,
    as_optional_decimal,
    as_percent,
    check_unique,
    check_weights_sum,
    exact,
    to_decimal,
)


@dataclass(frozen=True)
class Component:
    """One assessed part: its rubric, weight in percent, optional pass mark."""

    key: str
    rubric: Rubric
    weight: Decimal = HUNDRED
    pass_mark: Decimal | None = None
    label: str = ""
    # Rater groups of this component when they differ from the stage's (a theory exam
    # marked by examiners, a practical by a judges' panel); empty: the stage's groups.
    rater_groups: tuple = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "weight", as_percent(self.weight, f"component {self.key} weight"))
        object.__setattr__(self, "rater_groups", tuple(self.rater_groups))
        if self.rater_groups:
            check_groups(self.rater_groups)
        object.__setattr__(self, "pass_mark",
                           as_optional_decimal(self.pass_mark, f"component {self.key} pass mark"))


def check_components(components: Sequence[Component]) -> None:
    """Raise ValueError unless keys are unique and weights sum to 100."""
    if not components:
        raise ValueError("a stage needs at least one component")
    check_unique((c.key for c in components), "component")
    check_weights_sum((c.weight for c in components), "component")


def weighted_total(components: Sequence[Component],
                   scores: Mapping[str, Exact]) -> tuple[Fraction, TraceLine | None]:
    """Sum of weight% * score over the components; returns the exact value and
    a trace line showing each term (None for a single component, whose score
    is the total)."""
    if len(components) == 1:
        return exact(scores[components[0].key]), None
    value = sum((exact(c.weight) * exact(scores[c.key]) for c in components), Fraction(0)) / 100
    parts = tuple((c.key, to_decimal(scores[c.key]), c.weight) for c in components)
    return value, note("components.weighted", what="stage total", parts=parts,
                       value=to_decimal(value))


def check_gates(components: Sequence[Component],
                scores: Mapping[str, Exact]) -> tuple[tuple[str, ...], tuple[TraceLine, ...]]:
    """Compare each gated component's score with its pass mark (score >=
    pass mark passes). Returns the failed component keys and trace lines."""
    failed, lines = [], []
    for c in components:
        if c.pass_mark is None:
            continue
        score = exact(scores[c.key])
        ok = score >= c.pass_mark
        lines.append(note("gate.passed" if ok else "gate.failed", component=c.key,
                          score=to_decimal(score), pass_mark=c.pass_mark))
        if not ok:
            failed.append(c.key)
    return tuple(failed), tuple(lines)
