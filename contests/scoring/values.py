"""Number handling shared by every rule: Decimal in, exact arithmetic inside.

Marks and money are ``Decimal``; floats are refused because they cannot hold
0.1 exactly. Means and renormalized weights divide, and a quotient such as
25/3 has no finite decimal form, so the core keeps such values as exact
``Fraction`` until a rounding point (see ``rounding.py``). That is what makes
ROUND_HALF_UP decide the right way on an exact half such as 0.035.
"""
from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from decimal import Context, Decimal, DivisionByZero, InvalidOperation, Overflow, localcontext
from fractions import Fraction
from types import MappingProxyType
from typing import Any

#: Context for the few Decimal divisions that produce display values (28
#: significant digits, as Python's default) and for sums, which are exact at
#: this precision for any realistic mark. Entry points run inside it so an
#: application that changes the global context cannot change a result.
SCORING_CONTEXT = Context(prec=28, traps=[InvalidOperation, DivisionByZero, Overflow])

ZERO = Decimal(0)
HUNDRED = Decimal(100)

Exact = Fraction | Decimal | int


def scoring_context():
    """Return a context manager running Decimal arithmetic in ``SCORING_CONTEXT``."""
    return localcontext(SCORING_CONTEXT)


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause CPython's cyclic garbage collector for a batch, then restore it.

    Scoring creates no reference cycles but many objects that survive (the
    results), and each survivor batch makes the collector walk every loaded
    sheet again: about a third of the time of a national-scale stage. Reference
    counting still frees everything as usual. score_stage uses this; a
    service recomputing a stage (score, rank, advance, award) may wrap the
    whole job in it too.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def as_decimal(value: Any, what: str) -> Decimal:
    """Convert a configuration number (Decimal, int or numeric str) to Decimal.

    Floats and bools raise ``TypeError``; non-finite values raise ``ValueError``.
    ``what`` names the field in the message.
    """
    if isinstance(value, (bool, float)):
        raise TypeError(f"{what}: {type(value).__name__} {value!r} is not accepted; "
                        f"use Decimal('...') (floats cannot hold marks exactly)")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, (int, str)):
        try:
            result = Decimal(value)
        except InvalidOperation:
            raise ValueError(f"{what}: {value!r} is not a number") from None
    else:
        raise TypeError(f"{what}: expected Decimal, got {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"{what}: {value!r} is not a finite number")
    return result


def as_optional_decimal(value: Any, what: str) -> Decimal | None:
    """Like :func:`as_decimal` but lets ``None`` through."""
    return None if value is None else as_decimal(value, what)


def as_percent(value: Any, what: str) -> Decimal:
    """Convert a percentage and check it lies in 0..100."""
    result = as_decimal(value, what)
    if not ZERO <= result <= HUNDRED:
        raise ValueError(f"{what}: {result} is not a percentage between 0 and 100")
    return result


def as_count(value: Any, what: str, minimum: int = 0) -> int:
    """Check an integer count (not bool) is at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what}: expected a whole number, got {value!r}")
    if value < minimum:
        raise ValueError(f"{what}: {value} is less than {minimum}")
    return value


def frozen_mapping(mapping: Mapping | None) -> Mapping:
    """Return a read-only view of a copy of ``mapping`` (frozen dataclass fields)."""
    return MappingProxyType(dict(mapping or {}))


def exact(value: Exact) -> Fraction:
    """Return ``value`` as an exact Fraction."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, Decimal):
        return Fraction(*value.as_integer_ratio())
    return Fraction(value)


def to_decimal(value: Exact) -> Decimal:
    """Return an exact value as a Decimal: exact when it has a finite decimal
    form, otherwise correctly rounded to 28 significant digits (never used to
    decide a rounding; see ``rounding.quantize``)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return SCORING_CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator))


def check_choice(value: str, choices: Any, what: str) -> str:
    """Check that a configuration string is one of ``choices``: a registry (name -> rule)
    or a ``vocabulary.Vocabulary`` (both iterate over their names)."""
    if value not in choices:
        raise ValueError(f"{what}: {value!r} is not one of {', '.join(map(repr, choices))}")
    return value


class WeightsNotHundred(ValueError):
    """Weights that must add up to 100 (components of a stage, rater groups of a
    component) do not; ``total`` is what they add up to, for the caller's own message."""

    def __init__(self, total: Decimal, what: str):
        super().__init__(f"{what} weights sum to {total}, not 100")
        self.total = total
        self.what = what


def check_weights_sum(weights: Iterable[Decimal], what: str) -> Decimal:
    """The one home of "weights add up to 100": return the exact sum of ``weights``
    (percentages) or raise :class:`WeightsNotHundred`. The organizer's forms and the
    contest-template checks call it too and word the refusal in their own language."""
    total = sum(weights, ZERO)
    if total != HUNDRED:
        raise WeightsNotHundred(total, what)
    return total


def check_unique(keys: Any, what: str) -> None:
    """Raise ``ValueError`` naming the first duplicated key."""
    seen: set = set()
    for key in keys:
        if key in seen:
            raise ValueError(f"{what}: {key!r} appears more than once")
        seen.add(key)


class NoValue(Exception):
    """A rule produces no value (e.g. a missing rater group under the
    "refuse" policy). Carries the trace line that says why; the pipeline turns
    it into an entry that is not finalized rather than failing the stage."""

    def __init__(self, line: Any):
        super().__init__(line.text)
        self.line = line
