"""The published snapshot, read: frozen dataclasses over the stored JSON.

The one reader of what `snapshot.py` writes (format: `snapshot_format.py`). Public pages,
objections, publication, exports and certificates read a version through `read(version)`
or `Snapshot.from_json(data)`; nothing else walks the JSON. Decimals are parsed from their
stored strings to `Decimal` here, once; a document that does not have the published shape
is refused with `MalformedSnapshot`, naming the place that is wrong.

Pure data: no database, no Flask.

The rows of each stage are read in published_standings.py, awards and titles in
published_awards.py; every name is importable from here.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from .published_awards import Award, Benefit, Title
from .published_json import MalformedSnapshot, Node
from .published_standings import (
    EXCLUDED,
    STATUSES,
    Explanation,
    Group,
    StageResults,
    Standing,
    Team,
    TeamTable,
    TeamTableGroup,
)
from .snapshot_format import FORMAT


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


__all__ = ["EXCLUDED", "STATUSES", "Award", "Benefit", "ContestInfo", "Explanation", "Group",
           "MalformedSnapshot", "Snapshot", "Standing", "StageResults", "Team", "TeamTable",
           "TeamTableGroup", "Title", "VersionInfo", "read"]
