"""The published snapshot, read: the standings of each stage (rows, ranking groups, team
rows and team tables) and the explanation lines they carry. Part of the typed reader
(published.py); pure data: no database, no Flask.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from .published_json import Node

EXCLUDED = ("vetoed", "disqualified")  # statuses that keep an entry out of ranks and awards
STATUSES = ("ranked", "incomplete") + EXCLUDED


@dataclass(frozen=True)
class Explanation:
    """One line of an entry's trace: a code with parameters and the core's English text."""

    code: str
    params: Mapping[str, str]
    text: str

    @classmethod
    def read(cls, n: Node) -> Explanation:
        params = n.get("params", (dict,), {})
        return cls(n.text("code", ""), MappingProxyType({str(k): v for k, v in params.items()}),
                   n.text("text", ""))


@dataclass(frozen=True)
class Standing:
    """One row of a ranking group: an entry with its rank, total and why."""

    entry_id: int
    contestant_id: int | None
    bib: str
    name: str
    unit: str
    delegation: str
    delegation_id: int | None
    event: str
    heat: str
    rank: int | None  # None when not ranked (vetoed, disqualified, incomplete)
    total: Decimal | None
    components: Mapping[str, Decimal | None]  # component name -> score, in stage order
    status: str  # ranked | vetoed | disqualified | incomplete
    eligible: bool  # may receive awards
    advanced: bool
    advanced_manually: str  # the organizer's reason when added by hand
    notes: tuple[str, ...]  # why not ranked or not eligible (the core's English text)
    explanation: tuple[Explanation, ...]
    exclusions: tuple[Explanation, ...] = ()  # the notes as lines, for the reader's language
    guest: bool = False  # 不参与评奖: ranked and shown, never awarded

    @property
    def ranked(self) -> bool:
        return self.rank is not None

    @property
    def excluded(self) -> bool:
        """Vetoed or disqualified: shown with the reason, never ranked or awarded."""
        return self.status in EXCLUDED

    @property
    def exclusion(self) -> str:
        """The reasons this entry is not ranked or not eligible, as one line."""
        return "; ".join(self.notes)

    @classmethod
    def read(cls, n: Node) -> Standing:
        components = n.node("components", {}) or Node({}, "")
        return cls(
            entry_id=n.ident("entry_id"), contestant_id=n.number("contestant_id", None),
            bib=n.text("bib"), name=n.text("name"), unit=n.text("unit", ""),
            delegation=n.text("delegation", ""), delegation_id=n.number("delegation_id", None),
            event=n.text("event", ""), heat=n.text("heat", ""), rank=n.number("rank"),
            total=n.decimal("total"),
            components=MappingProxyType({k: components.decimal(k) for k in components.data}),
            status=n.choice("status", STATUSES), eligible=n.flag("eligible", False),
            advanced=n.flag("advanced", False),
            advanced_manually=n.text("advanced_manually", ""), notes=n.texts("notes"),
            explanation=tuple(Explanation.read(x) for x in n.nodes("explanation", [])),
            exclusions=tuple(Explanation.read(x) for x in n.nodes("exclusions", [])),
            guest=n.flag("guest", False))


@dataclass(frozen=True)
class Group:
    """One ranking group of a stage: an event, a heat, or the whole stage."""

    scope: str
    event: str
    heat: str
    rows: tuple[Standing, ...]

    @property
    def components(self) -> tuple[str, ...]:
        """Component names, the columns of this group's standings table."""
        return tuple(self.rows[0].components) if self.rows else ()

    @classmethod
    def read(cls, n: Node) -> Group:
        return cls(n.text("scope", "overall"), n.text("event", ""), n.text("heat", ""),
                   tuple(Standing.read(r) for r in n.nodes("rows")))


@dataclass(frozen=True)
class Team:
    """A delegation's place in a team ranking of a stage."""

    delegation_id: int | None
    delegation: str
    rank: int | None
    total: Decimal | None
    members: int
    rule_id: int | None = None
    reasons: tuple[Explanation, ...] = ()  # why not ranked (team standings)

    @property
    def name(self) -> str:
        """The delegation: a team row in a standings table shows it as its name."""
        return self.delegation

    @property
    def bib(self) -> str:
        return ""

    @property
    def ranked(self) -> bool:
        return self.rank is not None

    @classmethod
    def read(cls, n: Node) -> Team:
        return cls(n.number("delegation_id", None), n.text("delegation"), n.number("rank"),
                   n.decimal("total"), n.number("members", 0) or 0, n.number("rule_id", None),
                   tuple(Explanation.read(x) for x in n.nodes("reasons", [])))


@dataclass(frozen=True)
class TeamTableGroup:
    """The delegations of one team standing in one event ("" : all events together)."""

    event: str
    rows: tuple[Team, ...]

    @classmethod
    def read(cls, n: Node) -> TeamTableGroup:
        return cls(n.text("event", ""), tuple(Team.read(r) for r in n.nodes("rows")))


@dataclass(frozen=True)
class TeamTable:
    """Team (delegation) standings configured on their own, without award tiers."""

    id: int
    name: str
    stage_id: int | None
    stage: str
    method: str  # sum | mean | best_n
    best_n: int | None
    min_members: int
    per_event: bool
    groups: tuple[TeamTableGroup, ...]

    @classmethod
    def read(cls, n: Node) -> TeamTable:
        return cls(n.ident("id"), n.text("name"), n.number("stage_id", None),
                   n.text("stage", ""), n.text("method", "sum"), n.number("best_n", None),
                   n.number("min_members", 1) or 1, n.flag("per_event", False),
                   tuple(TeamTableGroup.read(g) for g in n.nodes("groups", [])))


@dataclass(frozen=True)
class StageResults:
    id: int
    name: str
    position: int
    groups: tuple[Group, ...]
    teams: tuple[Team, ...] = ()

    @property
    def rows(self) -> Iterator[Standing]:
        return (row for group in self.groups for row in group.rows)

    @classmethod
    def read(cls, n: Node) -> StageResults:
        return cls(n.ident("id"), n.text("name"), n.number("position", 0) or 0,
                   tuple(Group.read(g) for g in n.nodes("groups")),
                   tuple(Team.read(t) for t in n.nodes("teams", [])))

    @classmethod
    def from_json(cls, data: dict) -> StageResults:
        """One stage as `snapshot.py` writes it (also used for live provisional results)."""
        return cls.read(Node(data, "stage"))
