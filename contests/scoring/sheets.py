"""Raw marks as the pipeline takes them: one :class:`Sheet` per judge, entry
and component, grouped in an :class:`EntryMarks` per entry.

A sheet holds the judge's marks for every marked criterion of the
component's rubric (criterion key -> Decimal) and any veto with its reason.
A sheet per judge, rather than an object per mark, keeps a national-scale
stage (millions of marks) cheap to build and score.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from .values import as_optional_decimal, frozen_mapping

DEFAULT_COMPONENT = "main"
DEFAULT_RATER_GROUP = "panel"
_MARK_TYPES = {Decimal}


@dataclass(frozen=True)
class Sheet:
    """One judge's submitted marks for one entry and one component.

    ``vetoes`` maps a veto criterion key to the judge's reason (required).
    """

    judge: str
    marks: Mapping[str, Decimal]
    component: str = DEFAULT_COMPONENT
    rater_group: str = DEFAULT_RATER_GROUP
    vetoes: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        marks = frozen_mapping(self.marks)
        values = marks.values()
        # Cheap whole-sheet checks (C-level map): Decimal only, finite only.
        if not set(map(type, values)) <= _MARK_TYPES:
            bad = next(v for v in values if type(v) is not Decimal)
            raise TypeError(f"judge {self.judge}: mark {bad!r} is a {type(bad).__name__}; "
                            f"marks must be Decimal")
        if not all(map(Decimal.is_finite, values)):
            raise ValueError(f"judge {self.judge}: marks must be finite numbers")
        for key, reason in self.vetoes.items():
            if not isinstance(reason, str) or not reason.strip():
                raise ValueError(f"judge {self.judge}: veto {key} needs a reason")
        object.__setattr__(self, "marks", marks)
        object.__setattr__(self, "vetoes", frozen_mapping(self.vetoes))


@dataclass(frozen=True)
class EntryMarks:
    """Everything the core needs about one entry in one stage.

    ``carried`` holds earlier stages' published totals (stage key -> Decimal)
    for carry-over; ``disqualified`` is the reason if the organizer
    disqualified the entry; ``time_taken`` (lower is better) may serve as a
    tie-break metric; ``unit`` is the entrant's own work unit or team;
    ``guest`` (不参与评奖) marks an entrant who is ranked but never awarded.
    """

    entry_id: str
    sheets: tuple[Sheet, ...] = ()
    event: str = ""
    heat: str = ""
    delegation: str = ""
    unit: str = ""
    time_taken: Decimal | None = None
    disqualified: str = ""
    carried: Mapping[str, Decimal] = field(default_factory=dict)
    guest: bool = False
    # Spreads beyond a tolerance the chief judge let stand (consistency.Resolution): said
    # in the entry's explanation.
    resolutions: tuple = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "sheets", tuple(self.sheets))
        object.__setattr__(self, "time_taken",
                           as_optional_decimal(self.time_taken, f"entry {self.entry_id} time"))
        carried = frozen_mapping(self.carried)
        for stage, total in carried.items():
            as_optional_decimal(total, f"entry {self.entry_id} carried total of {stage}")
        object.__setattr__(self, "carried", carried)
