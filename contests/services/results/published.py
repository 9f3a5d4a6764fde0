"""The published snapshot, read: frozen dataclasses over the stored JSON.

The one reader of what `snapshot.py` writes (format: `snapshot_format.py`). Public pages,
objections, publication, exports and certificates read a version through `read(version)`
or `Snapshot.from_json(data)`; nothing else walks the JSON. Decimals are parsed from their
stored strings to `Decimal` here, once; a document that does not have the published shape
is refused with `MalformedSnapshot`, naming the place that is wrong.

Pure data: no database, no Flask.
"""
from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from types import MappingProxyType

from .published_json import MalformedSnapshot, Node
from .snapshot_format import FORMAT

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
            exclusions=tuple(Explanation.read(x) for x in n.nodes("exclusions", [])))


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


@dataclass(frozen=True)
class Benefit:
    """An allowance paid with an award or grade, in yuan."""

    amount: Decimal
    period: str  # month | quarter | year | once
    yearly: Decimal | None
    note: str = ""  # wording that replaces the computed one on certificates

    @property
    def is_zero(self) -> bool:
        return self.amount == 0

    @classmethod
    def read(cls, n: Node) -> Benefit:
        amount = n.decimal("amount", None)
        return cls(Decimal(0) if amount is None else amount, n.text("period", "once"),
                   n.decimal("yearly", None), n.text("note", ""))


@dataclass(frozen=True)
class Award:
    """One award granted: an individual prize, a team prize or a grade band."""

    rule_id: int
    rule: str
    scope: str  # individual | team
    method: str
    stage: str
    event: str
    tier: str
    tier_id: int | None
    tier_position: int | None
    rank: int | None
    entry_id: int | None
    contestant_id: int | None
    delegation_id: int | None
    name: str
    bib: str
    unit: str
    delegation: str
    total: Decimal | None
    benefit: Benefit | None
    why: str
    why_lines: tuple[Explanation, ...] = ()  # `why` as lines, for the reader's language

    @property
    def is_team(self) -> bool:
        return self.scope == "team"

    @property
    def holder(self) -> int | str:
        """Who holds it across versions: the entry, or the delegation of a team prize."""
        return self.entry_id or f"d{self.delegation_id}"

    @classmethod
    def read(cls, n: Node) -> Award:
        benefit = n.node("benefit", None)
        return cls(
            rule_id=n.ident("rule_id"), rule=n.text("rule", ""),
            scope=n.choice("scope", ("individual", "team"), "individual"),
            method=n.text("method", ""), stage=n.text("stage", ""), event=n.text("event", ""),
            tier=n.text("tier"), tier_id=n.number("tier_id", None),
            tier_position=n.number("tier_position", None), rank=n.number("rank", None),
            entry_id=n.number("entry_id", None), contestant_id=n.number("contestant_id", None),
            delegation_id=n.number("delegation_id", None), name=n.text("name", ""),
            bib=n.text("bib", ""), unit=n.text("unit", ""), delegation=n.text("delegation", ""),
            total=n.decimal("total", None),
            benefit=Benefit.read(benefit) if benefit is not None else None,
            why=n.text("why", ""),
            why_lines=tuple(Explanation.read(x) for x in n.nodes("why_lines", [])))


@dataclass(frozen=True)
class Title:
    """An honorary title granted, or a nomination (推荐) for an honour another body confers."""

    rule_id: int
    title: str
    is_nomination: bool
    state: str  # awarded | to_confirm | confirmed | rejected
    entry_id: int | None
    contestant_id: int | None
    delegation_id: int | None
    name: str
    unit: str
    delegation: str
    why: str
    stage: str = ""
    event: str = ""
    why_lines: tuple[Explanation, ...] = ()  # `why` as lines, for the reader's language

    @property
    def conferred(self) -> bool:
        """Held: a title awarded, or a nomination the organizer confirmed."""
        return self.state in ("awarded", "confirmed")

    @classmethod
    def read(cls, n: Node) -> Title:
        return cls(
            rule_id=n.ident("rule_id"), title=n.text("title"),
            is_nomination=n.flag("is_nomination", False),
            state=n.choice("state", ("awarded", "to_confirm", "confirmed", "rejected"),
                           "awarded"),
            entry_id=n.number("entry_id", None), contestant_id=n.number("contestant_id", None),
            delegation_id=n.number("delegation_id", None), name=n.text("name", ""),
            unit=n.text("unit", ""), delegation=n.text("delegation", ""), why=n.text("why", ""),
            stage=n.text("stage", ""), event=n.text("event", ""),
            why_lines=tuple(Explanation.read(x) for x in n.nodes("why_lines", [])))


@dataclass(frozen=True)
class ContestInfo:
    id: int
    code: str
    name: str
    name_en: str
    year: int | None
    organizer: str
    decimal_places: int

    @classmethod
    def read(cls, n: Node) -> ContestInfo:
        places = n.number("decimal_places", 2)
        if places is None or not 0 <= places <= 4:
            raise MalformedSnapshot(n.at("decimal_places"), f"{places!r} is not 0 to 4")
        return cls(n.ident("id"), n.text("code"), n.text("name", ""), n.text("name_en", ""),
                   n.number("year", None), n.text("organizer", "") or "", places)


@dataclass(frozen=True)
class VersionInfo:
    number: int
    status: str  # publicity | final
    publicity_ends_on: date | None
    published_at: datetime | None
    change_note: str
    changes: tuple[str, ...] = ()  # what a correction changed, entry by entry
    correction_of: int | None = None  # the final version this one corrects
    publicity_ends_at: datetime | None = None  # the moment (UTC) objections close

    @classmethod
    def read(cls, n: Node) -> VersionInfo:
        return cls(n.ident("number"), n.text("status"),
                   n.date("publicity_ends_on"), n.moment("published_at"),
                   n.text("change_note", "") or "", n.texts("changes"),
                   n.number("correction_of", None), n.moment("publicity_ends_at"))


@dataclass(frozen=True)
class Snapshot:
    """A published version of a contest's results: standings, awards and titles."""

    contest: ContestInfo
    version: VersionInfo
    stages: tuple[StageResults, ...]
    awards: tuple[Award, ...]
    titles: tuple[Title, ...]
    format: int = FORMAT
    team_tables: tuple[TeamTable, ...] = ()  # team standings without award tiers

    @classmethod
    def from_json(cls, data: dict | str | bytes) -> Snapshot:
        """Read a stored document (parsed or as text); `MalformedSnapshot` when it is not
        one."""
        if isinstance(data, (str, bytes)):
            try:
                data = json.loads(data)
            except ValueError as error:
                raise MalformedSnapshot("document", f"not JSON ({error})") from None
        root = Node(data, "")
        number = root.get("format", (int,), None)
        if number != FORMAT:
            raise MalformedSnapshot("format", f"format {number} cannot be read (this code "
                                              f"reads format {FORMAT})")
        return cls(contest=ContestInfo.read(root.node("contest")),
                   version=VersionInfo.read(root.node("version")),
                   stages=tuple(StageResults.read(s) for s in root.nodes("stages")),
                   awards=tuple(Award.read(a) for a in root.nodes("awards", [])),
                   titles=tuple(Title.read(t) for t in root.nodes("titles", [])),
                   team_tables=tuple(TeamTable.read(t)
                                     for t in root.nodes("team_standings", [])))

    @property
    def places(self) -> int:
        """The contest's decimal places when published: totals are shown at this."""
        return self.contest.decimal_places

    def stage(self, stage_id: int) -> StageResults | None:
        return next((s for s in self.stages if s.id == stage_id), None)

    def standings(self) -> Iterator[tuple[StageResults, Group, Standing]]:
        """Every row of every stage, in published order."""
        for stage in self.stages:
            for group in stage.groups:
                for row in group.rows:
                    yield stage, group, row

    def entries(self) -> list[tuple[StageResults, Standing]]:
        """Each entry once (its first row), in published order."""
        seen, out = set(), []
        for stage, _group, row in self.standings():
            if row.entry_id not in seen:
                seen.add(row.entry_id)
                out.append((stage, row))
        return out

    def rows_of_entry(self, entry_id: int) -> list[tuple[StageResults, Group, Standing]]:
        return [found for found in self.standings() if found[2].entry_id == entry_id]

    def awards_of(self, contestant_id: int | None) -> list[Award]:
        return [a for a in self.awards if a.contestant_id == contestant_id]

    def titles_of(self, contestant_id: int | None) -> list[Title]:
        return [t for t in self.titles if t.contestant_id == contestant_id]

    @property
    def nominations(self) -> list[Title]:
        return [t for t in self.titles if t.is_nomination]


def read(version) -> Snapshot:
    """The snapshot a ResultVersion stores."""
    return Snapshot.from_json(version.snapshot)


__all__ = ["Award", "Benefit", "ContestInfo", "Explanation", "Group", "MalformedSnapshot",
           "Snapshot", "Standing", "StageResults", "Team", "TeamTable", "TeamTableGroup", "Title",
           "VersionInfo", "read"]
