"""The one display of decimals.

Scores (totals, aggregates, marks shown as results) are shown at the contest's stated
precision, ROUND_HALF_UP, trailing zeros kept (90.80, not 90.8): `score(value, places)`.
Quantities an organizer typed (weights, full marks, steps, percentages) are shown as typed,
without trailing noise (30, 12.5, 0.5, not 30.000 or 9E+1): `plain(value)`.
Money is shown in yuan with two places: `money(value)`.

Every page, export and certificate formats decimals through these functions; templates use
the filters `score`, `plain` and `money` (registered in templating.py).
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

EMPTY = "—"


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):  # never expected; refuse to invent digits from binary
        raise TypeError("display of a float: marks and money are Decimal")
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def rounded(value, places: int) -> Decimal | None:
    """The number `score` shows, as a Decimal (for spreadsheet cells): 90.8 at 2 -> 90.80."""
    number = _decimal(value)
    if number is None or not number.is_finite():
        return number
    return number.quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)


def at_least(value, places: int) -> Decimal | None:
    """`value` at `places`, or at more places if it has them: a mark of 8.25 in a
    1-place contest stays 8.25 (exports never lose what a judge entered)."""
    number = _decimal(value)
    if number is None or not number.is_finite():
        return number
    exponent = number.normalize().as_tuple().exponent
    return rounded(number, max(int(places), -exponent if isinstance(exponent, int) else 0))


def score(value, places: int | None, empty: str = EMPTY) -> str:
    """A score at the contest's precision: score(Decimal("90.8"), 2) == "90.80"."""
    number = _decimal(value)
    if number is None or not number.is_finite():
        return empty if number is None else str(value)
    if places is None:
        return plain(number, empty)
    return format(rounded(number, places), "f")


def plain(value, empty: str = EMPTY) -> str:
    """A typed quantity without trailing zeros: plain(Decimal("30.000")) == "30"."""
    number = _decimal(value)
    if number is None or not number.is_finite():
        return empty if number is None else str(value)
    if number == number.to_integral_value():
        return format(number.quantize(Decimal(1)), "f")
    return format(number.normalize(), "f")


def money(value, empty: str = EMPTY) -> str:
    """Yuan with two places: money(Decimal("2000")) == "2000.00"."""
    return score(value, 2, empty)
