"""Appeals (申诉) of a delegation leader (领队): the window, the tracking number and the
path an appeal takes. A written appeal is filed within a window the organizer sets (hours
after the stage's results are published); reconsideration (复议) comes first; a filer not
satisfied may take it, within the same number of hours after the reconsideration decision,
to the arbitration panel (仲裁组), whose decision is final.

    filed → under_reconsideration → reconsidered → appealed → decided

Standard library only.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .vocabulary import N_, Vocabulary

APPEAL_STATUS_VOCABULARY = Vocabulary("appeal_status", {
    "filed": N_("Filed"),
    "under_reconsideration": N_("Under reconsideration"),
    "reconsidered": N_("Reconsidered"),
    "appealed": N_("Appealed to arbitration"),
    "decided": N_("Decided by arbitration"),
})
APPEAL_STATUSES = APPEAL_STATUS_VOCABULARY.names

#: What a reconsideration or the arbitration panel found.
APPEAL_OUTCOME_VOCABULARY = Vocabulary("reconsideration_outcome", {
    "upheld": N_("Appeal upheld"),
    "rejected": N_("Appeal rejected"),
}, also=("arbitration_outcome",), nullable=True)
APPEAL_OUTCOMES = APPEAL_OUTCOME_VOCABULARY.names

#: status → the steps that may follow it (the step's name is the status it leads to).
NEXT_STEPS: dict[str, tuple[str, ...]] = {
    "filed": ("under_reconsideration",),
    "under_reconsideration": ("reconsidered",),
    "reconsidered": ("appealed",),
    "appealed": ("decided",),
    "decided": (),
}

WINDOW_HOURS_MAX = 720  # thirty days: a longer window is a typing mistake
TRACKING_PREFIX = "SS"  # 申诉


def tracking_number(contest_code: str, sequence: int) -> str:
    """The number a filer quotes: SS-<contest code>-<sequence, four digits>, e.g.
    SS-UNION2026-0003 for the third appeal of contest union2026."""
    if sequence < 1:
        raise ValueError("an appeal's sequence starts at 1")
    return f"{TRACKING_PREFIX}-{contest_code.upper()}-{sequence:04d}"


@dataclass(frozen=True)
class Window:
    """When a step may be taken: from `opens` (inclusive) until `closes` (exclusive)."""

    opens: datetime | None  # None: not open yet (nothing published, no decision)
    hours: int | None  # None: the organizer takes no appeals for this stage

    @property
    def closes(self) -> datetime | None:
        if self.opens is None or self.hours is None:
            return None
        return self.opens + timedelta(hours=self.hours)

    def state(self, now: datetime) -> str:
        """'not_taken' (no appeals for this stage), 'not_open', 'open' or 'closed'."""
        if self.hours is None:
            return "not_taken"
        if self.opens is None or now < self.opens:
            return "not_open"
        return "open" if now < self.closes else "closed"


def may_step(status: str, step: str) -> bool:
    """Whether an appeal in `status` may move on to `step`."""
    return step in NEXT_STEPS.get(status, ())
