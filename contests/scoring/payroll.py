"""Judges' fees (裁判劳务费): judging sessions counted from panel seats, times a fee.

The rule (stated in docs/scoring.md and in the export's note):

- A *session* is one panel sat: a panel judges one component of one event (and heat) for
  one rater group, which is one sitting — a half-day at the venue.
- A judge who marks is paid for a panel on which they submitted at least one sheet
  (status submitted or confirmed): a judge who never marked on it was not there.
- A chief judge who chairs without marking is paid for a panel they chair on which any
  sheet was submitted: the panel sat, and they chaired it.
- A panel with no submitted sheet did not sit: nobody is paid for it.
- Fee = sessions × the stage's fee per session, in yuan, rounded half up to the cent
  (exact already when the fee has at most two decimal places, as the database holds it).

Standard library only.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class PanelSeat:
    """One judge's seat on one panel of a stage, with what was submitted on that panel."""

    judge: str
    panel: str
    marks: bool  # False: a chief who chairs without marking
    own_sheets: int  # sheets this judge submitted on the panel
    panel_sheets: int  # sheets anyone submitted on the panel


@dataclass(frozen=True)
class JudgeFee:
    judge: str
    sessions: int
    fee_per_session: Decimal
    amount: Decimal


def sat(seat: PanelSeat) -> bool:
    """Whether the seat counts as a session (see the module docstring)."""
    return seat.own_sheets > 0 if seat.marks else seat.panel_sheets > 0


def to_cent(amount: Decimal) -> Decimal:
    """Money to the cent, half up."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def judge_fees(seats: Iterable[PanelSeat], fee_per_session: Decimal) -> tuple[JudgeFee, ...]:
    """Each judge's sessions and fee, judges in name order; judges with no session left
    out. A judge with two seats on one panel (marking and chairing) counts it once."""
    if type(fee_per_session) is not Decimal or fee_per_session < 0:
        raise ValueError("the fee per session is a non-negative Decimal")
    panels: dict[str, set[str]] = {}
    for seat in seats:
        if sat(seat):
            panels.setdefault(seat.judge, set()).add(seat.panel)
    return tuple(JudgeFee(judge, len(found), fee_per_session,
                          to_cent(fee_per_session * len(found)))
                 for judge, found in sorted(panels.items()))
