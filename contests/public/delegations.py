"""A delegation's public page (代表队): its members' results, its team placings, awards and
titles, all read from the published snapshot (never live marks). Printable."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort, render_template

from ..services.results.published import (
    Award,
    Snapshot,
    StageResults,
    Standing,
    Team,
    Title,
)
from . import bp
from .snapshots import cached_page, listed_contest, published


@dataclass
class Member:
    """One contestant of the delegation: their rows, stage by stage, in published order."""

    name: str
    bib: str
    unit: str
    entry_id: int
    rows: list[tuple[StageResults, Standing]] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)


@dataclass(frozen=True)
class Placing:
    """The delegation's row in one team ranking: of a stage (a team award's ranking) or of
    team standings configured on their own (per event, or all events together)."""

    ranking: str  # the stage's name, or the standings' name
    detail: str  # the stage of those standings, and the event
    stage_id: int | None
    team: Team


@dataclass
class DelegationResults:
    id: int
    name: str
    members: list[Member]
    teams: list[Placing]
    team_awards: list[Award]
    titles: list[Title]

    @property
    def entry_ids(self) -> set[int]:
        """Entries with a published row: the ones that have a public page."""
        return {row.entry_id for m in self.members for _stage, row in m.rows}

    @property
    def award_count(self) -> int:
        return len(self.team_awards) + sum(len(m.awards) for m in self.members)


def delegation_results(snapshot: Snapshot, delegation_id: int) -> DelegationResults | None:
    """What the snapshot says of one delegation; None when it names no such delegation."""
    names: list[str] = []
    members: dict[int | str, Member] = {}
    seen: set[tuple[int, int]] = set()
    for stage, _group, row in snapshot.standings():
        if row.delegation_id != delegation_id or (stage.id, row.entry_id) in seen:
            continue
        seen.add((stage.id, row.entry_id))
        names.append(row.delegation)
        key = row.contestant_id if row.contestant_id is not None else f"e{row.entry_id}"
        member = members.setdefault(key, Member(row.name, row.bib, row.unit, row.entry_id))
        member.rows.append((stage, row))
    teams = [Placing(stage.name, "", stage.id, team) for stage in snapshot.stages
             for team in stage.teams if team.delegation_id == delegation_id]
    for table in getattr(snapshot, "team_tables", ()):  # team standings without tiers
        for group in table.groups:
            teams += [Placing(table.name, " · ".join(x for x in (table.stage, group.event) if x),
                              table.stage_id, team)
                      for team in group.rows if team.delegation_id == delegation_id]
    names += [placing.team.delegation for placing in teams]
    team_awards = []
    for award in snapshot.awards:
        if award.delegation_id != delegation_id:
            continue
        names.append(award.delegation)
        if award.is_team:
            team_awards.append(award)
            continue
        member = members.get(award.contestant_id)
        if member is None:  # an award of a member without a published row: show it anyway
            member = members.setdefault(award.contestant_id or f"a{award.entry_id}",
                                        Member(award.name, award.bib, award.unit,
                                               award.entry_id or 0))
        member.awards.append(award)
    titles = [t for t in snapshot.titles if t.delegation_id == delegation_id]
    names += [t.delegation for t in titles]
    name = next((n for n in names if n), "")
    if not name:
        return None
    return DelegationResults(delegation_id, name, list(members.values()), teams, team_awards,
                             titles)


def delegations(snapshot: Snapshot) -> list[tuple[int, str]]:
    """Every delegation the snapshot names, (id, name), in the order they first appear."""
    found: dict[int, str] = {}
    for _stage, _group, row in snapshot.standings():
        if row.delegation_id is not None and row.delegation:
            found.setdefault(row.delegation_id, row.delegation)
    teams = [team for stage in snapshot.stages for team in stage.teams]
    teams += [team for table in getattr(snapshot, "team_tables", ()) for group in table.groups
              for team in group.rows]
    for team in teams:
        if team.delegation_id is not None and team.delegation:
            found.setdefault(team.delegation_id, team.delegation)
    for award in snapshot.awards:
        if award.delegation_id is not None and award.delegation:
            found.setdefault(award.delegation_id, award.delegation)
    return list(found.items())


@bp.route("/contests/<code>/delegations/<int:delegation_id>")
def delegation(code: str, delegation_id: int):
    contest = listed_contest(code)
    version, snapshot = published(contest)
    found = delegation_results(snapshot, delegation_id)
    if found is None:
        abort(404)
    return cached_page(version, lambda: render_template(
        "public/delegation.html", contest=contest, version=version, snap=snapshot,
        delegation=found))
