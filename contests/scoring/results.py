"""What scoring a stage produces for each entry: :class:`EntryResult`.

Ranking, advancement, awards, teams and titles read these. An entry is
*rankable* when it was scored, is not vetoed and not disqualified; it is
*eligible* for awards when it is rankable, passed every gate and is not a
guest (不参与评奖: ranked and shown, never awarded, never counted in a
prize's base).
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from .explain import TraceLine, note
from .rounding import quantize
from .values import scoring_context

ENTRY_STATUSES = ("scored", "incomplete")


class CriterionScores(Mapping):
    """Read-only criterion key -> score (marked criteria and parent
    subtotals), weighted over rater groups like the totals. Computed when
    read -- a tie-break or a details page needs them, most entries of a
    national stage never do -- and kept.

    Each part is (rubric, GroupWeights, {group: (leaf numerators,
    denominator)}, places or None) for one component.
    """

    __slots__ = ("_cache", "_parts")

    def __init__(self, parts: tuple = ()):
        self._parts = parts
        self._cache: dict[str, Decimal] = {}

    def __getitem__(self, key: str) -> Decimal:
        value = self._cache.get(key)
        if value is not None:
            return value
        for rubric, weights, groups, places in self._parts:
            if key not in rubric.node_keys:
                continue
            i = rubric.node_keys.index(key)
            with scoring_context():
                picked = {g: ((rubric.node_value(leaves, i, d),), d)
                          for g, (leaves, d) in groups.items()}
                numerators, divisor = weights.combine(picked)
                value = numerators[0] / divisor
            if places is not None:
                value = quantize(value, places)
            self._cache[key] = value
            return value
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (key for rubric, *_ in self._parts for key in rubric.node_keys)

    def __len__(self) -> int:
        return sum(len(rubric.node_keys) for rubric, *_ in self._parts)

    def __repr__(self) -> str:
        return f"CriterionScores({dict(self)!r})"


@dataclass(frozen=True, slots=True)
class VetoFinding:
    """A veto criterion marked by a judge, with the judge's reason."""

    judge: str
    rater_group: str
    component: str
    criterion: str
    reason: str


@dataclass(frozen=True, slots=True)
class EntryResult:
    """One entry's computed result with its explanation.

    ``total`` is the published total (after carry-over, rounded);
    ``stage_total`` is this stage's own weighted total before carry-over;
    ``component_scores`` and ``criterion_scores`` (per criterion key,
    weighted over rater groups) are rounded where the rounding point says,
    otherwise exact or to 28 significant digits. ``problems`` says why an
    ``incomplete`` entry could not be finalized.
    """

    entry_id: str
    status: str = "scored"
    total: Decimal | None = None
    stage_total: Decimal | None = None
    component_scores: Mapping[str, Decimal] = field(default_factory=dict)
    criterion_scores: Mapping[str, Decimal] = field(default_factory=CriterionScores)
    vetoes: tuple[VetoFinding, ...] = ()
    failed_gates: tuple[str, ...] = ()
    problems: tuple[TraceLine, ...] = ()
    trace: tuple[TraceLine, ...] = ()
    event: str = ""
    heat: str = ""
    delegation: str = ""
    unit: str = ""
    time_taken: Decimal | None = None
    disqualified: str = ""
    guest: bool = False

    @property
    def key(self) -> str:
        """The identity used by ranking and awards."""
        return self.entry_id

    @property
    def vetoed(self) -> bool:
        """Whether any judge marked a veto criterion."""
        return bool(self.vetoes)

    @property
    def rankable(self) -> bool:
        """Scored, not vetoed, not disqualified."""
        return self.status == "scored" and not self.vetoes and not self.disqualified

    @property
    def eligible(self) -> bool:
        """Rankable, every gate passed, not a guest: may receive awards."""
        return self.rankable and not self.failed_gates and not self.guest

    @property
    def exclusions(self) -> tuple[TraceLine, ...]:
        """Why the entry is not rankable or not eligible (empty if eligible)."""
        gates = tuple(line for line in self.trace if line.code == "gate.failed")
        if self.failed_gates and not gates:  # built without a trace (e.g. imported results)
            gates = (note("entry.failed_gates", components=self.failed_gates),)
        guest = (note("entry.guest"),) if self.guest else ()
        return exclusion_notes(self.problems, self.vetoes, self.disqualified) + gates + guest


def exclusion_notes(problems: tuple[TraceLine, ...], vetoes: tuple[VetoFinding, ...],
                    disqualified: str) -> tuple[TraceLine, ...]:
    """Trace lines saying why an entry is not rankable (incomplete, vetoed,
    disqualified); empty when none applies."""
    lines: list[TraceLine] = []
    if problems:
        lines.append(note("entry.incomplete", reasons=tuple(p.text for p in problems),
                          lines=tuple(problems)))
    if vetoes:
        lines.append(note("entry.vetoed",
                          reasons=tuple(f"{v.criterion}: {v.reason}" for v in vetoes),
                          vetoes=tuple((v.criterion, v.reason) for v in vetoes)))
    if disqualified:
        lines.append(note("entry.disqualified", reason=disqualified))
    return tuple(lines)
