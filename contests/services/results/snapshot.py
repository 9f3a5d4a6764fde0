"""Freeze computed results into the published snapshot (format: snapshot_format.py; read
back through published.py, the one reader)."""
import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from ... import display
from ...extensions import db
from ...models import Contest, Delegation, Entry, NominationDecision
from ...models.results import app_zone
from ...scoring.explain import TraceLine, fmt
from . import compute
from .compute import ContestResults, award_scope
from .published import StageResults, TeamTable
from .published_json import Node
from .snapshot_format import FORMAT


def _number(value, places: int) -> str | None:
    """Stored exactly as shown: the score at the contest's precision ("90.80")."""
    return display.score(value, places, empty=None)


def _param(value):
    """A trace parameter as JSON: decimals as text, lists and mappings kept as such, a
    nested trace line (the reasons of an exclusion) as a line."""
    kind = type(value)
    if kind is str or kind is int or value is None:  # the common cases first
        return value
    if kind is Decimal:
        return fmt(value)
    if isinstance(value, TraceLine):
        return trace_json((value,))[0]
    if isinstance(value, (tuple, list)):
        return [_param(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _param(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return fmt(value)


def trace_json(lines) -> list[dict]:
    return [{"code": line.code, "params": {k: _param(v) for k, v in line.params},
             "text": line.text} for line in lines]


class _Names:
    """Delegations by name (the core knows teams by name), looked up once."""

    def __init__(self, contest: Contest):
        self.delegations = {d.name: d for d in db.session.scalars(
            db.select(Delegation).where(Delegation.contest_id == contest.id))}


def _status(result) -> str:
    if result.disqualified:
        return "disqualified"
    if result.vetoes:
        return "vetoed"
    if result.status != "scored":
        return "incomplete"
    return "ranked"


def _row(result, entry: Entry, placing, places: int, advancing: dict,
         explained: bool = True) -> dict:
    person = entry.contestant
    advanced = advancing.get(result.entry_id)
    notes = [line.text for line in result.exclusions] if not result.eligible else []
    return {
        "entry_id": entry.id, "contestant_id": person.id, "bib": person.bib,
        "name": person.name, "unit": person.unit or "",
        "delegation": person.delegation.name if person.delegation else "",
        "delegation_id": person.delegation_id,
        "event": result.event, "heat": result.heat,
        "rank": placing.rank if placing else None,
        "total": _number(result.total, places),
        "components": {k: _number(v, places) for k, v in result.component_scores.items()},
        "status": _status(result), "eligible": result.eligible, "guest": result.guest,
        "advanced": advanced is not None,
        "advanced_manually": advanced.reason.args.get("reason", "") if advanced is not None
        and advanced.manual else "",
        "notes": notes,
        "exclusions": trace_json(result.exclusions) if not result.eligible else [],
        "explanation": trace_json(result.trace + (placing.trace if placing else ())
                                  + ((advanced.reason,) if advanced is not None else ()))
        if explained else [],
    }


def _stage(stage_results, places: int, explained: bool = True) -> dict:
    stage = stage_results.stage
    advancing = {a.key: a for outcome in stage_results.advancement.values()
                 for a in outcome.advancing + outcome.manual}
    groups = []
    for key, ranking in stage_results.rankings.items():
        rows = []
        for placing in ranking.placings:
            rows.append(_row(placing.item, stage_results.entries[placing.key], placing,
                             places, advancing, explained))
        for unranked in ranking.unranked:
            rows.append(_row(unranked.item, stage_results.entries[unranked.key], None,
                             places, advancing, explained))
        groups.append({"scope": ranking.scope, "event": key[0] if key else "",
                       "heat": key[1] if len(key) > 1 else "", "rows": rows})
    return {"id": stage.id, "name": stage.name, "position": stage.position, "groups": groups}


def standings(stage_results, places: int) -> StageResults:
    """Live (provisional) results of one stage as the typed rows a published stage has:
    organizer pages show them through the same standings table as the public pages.
    Without the per-entry explanation, which no live page shows (the organizer's
    provisional page of a contest is rendered again on every view)."""
    return StageResults.from_json(_stage(stage_results, places, explained=False))


def _boundary_tie(award, granted) -> tuple:
    """A tie on the first ranking metric at a tier boundary decided by a later metric (the
    "tie_break" policy): the ranking's separation line, so the award says why it is this
    tier and not the one above. Separations inside one tier are left to the ranking."""
    placing = award.ranking.placing(granted.key)
    if placing is None:
        return ()
    return tuple(line for line in placing.separation
                 if award.outcome.tier_of(line.args.get("other")) != granted.tier)


def _basis(rule) -> str:
    """What a rule ranks on, as a ranking order item ("total", "component:实操技能")."""
    if (rule.award_basis or "total") == "total":
        return "total"
    return f"{rule.award_basis}:{rule.award_basis_key}"


def _score(rule, item, places: int) -> str | None:
    """A single-item prize's own score (the component or criterion it ranks on)."""
    if (rule.award_basis or "total") == "total":
        return None
    return _number(compute.core_award_rule(rule).score(item), places)


def _awards(results: ContestResults, names: _Names, places: int) -> tuple[list, list]:
    out, teams_out = [], []
    for award in results.awards:
        rule, stage = award.rule, award.stage
        stage_results = results.stage(stage.id)
        tiers = {t.name: t for t in rule.tiers}
        for granted in award.outcome.awards:
            tier = tiers[granted.tier]
            base = {"rule_id": rule.id, "rule": rule.name, "scope": rule.scope,
                    "method": rule.method, "stage": stage.name,
                    "event": rule.event.name if rule.event else "",
                    "tier": tier.name, "tier_id": tier.id, "tier_position": tier.position,
                    "rank": granted.rank, "basis": _basis(rule), "score": None,
                    "why": " ".join(line.text for line in granted.trace
                                                          + _boundary_tie(award, granted)),
                    "why_lines": trace_json(granted.trace + _boundary_tie(award, granted)),
                    "benefit": None}
            if granted.benefit is not None:
                base["benefit"] = {"amount": _number(granted.benefit.amount, 2),
                                   "period": granted.benefit.period,
                                   "yearly": _number(granted.benefit.payout_amount, 2)}
            if rule.scope == "team":
                team = award.teams[granted.key]
                delegation = names.delegations.get(granted.key)
                base.update({"entry_id": None, "contestant_id": None,
                             "delegation_id": delegation.id if delegation else None, "bib": "",
                             "name": granted.key, "unit": "", "delegation": granted.key,
                             "total": _number(team.total, places),
                             "score": _score(rule, team, places)})
            else:
                entry = stage_results.entries[granted.key]
                result = stage_results.results[granted.key]
                person = entry.contestant
                if rule.event is None and award_scope(rule, stage) != "overall":
                    base["event"] = result.event  # ranked and awarded within its event
                base.update({"entry_id": entry.id, "contestant_id": person.id,
                             "delegation_id": person.delegation_id, "bib": person.bib,
                             "name": person.name, "unit": person.unit or "",
                             "delegation": person.delegation.name if person.delegation else "",
                             "total": _number(result.total, places),
                             "score": _score(rule, result, places)})
            out.append(base)
        if rule.scope == "team":
            for placing in award.ranking.placings:
                delegation = names.delegations.get(placing.key)
                teams_out.append({"rule_id": rule.id, "stage_id": stage.id,
                                  "delegation_id": delegation.id if delegation else None,
                                  "delegation": placing.key,
                                  "rank": placing.rank,
                                  "total": _number(placing.item.total, places),
                                  "members": len(placing.item.members)})
    return out, teams_out


def _titles(results: ContestResults) -> list:
    out = []
    for rule, stage, outcome in results.titles:
        entries = stage.entries
        decisions = {d.subject: d for d in db.session.scalars(db.select(NominationDecision)
                                                              .where(NominationDecision
                                                                     .title_rule_id == rule.id))}
        items = [(g.key, "awarded", g.trace, "entry", ()) for g in outcome.grants]
        items += [(n.subject, decisions[n.subject].state if n.subject in decisions
                   else "to_confirm", n.trace, n.subject_kind, n.basis)
                  for n in outcome.nominations]
        for key, state, trace, kind, basis in items:
            if kind != "entry":  # a team or delegation named once for all its winners
                out.append(_group_nomination(rule, key, state, trace, kind, basis, entries))
                continue
            entry = entries.get(key)
            person = entry.contestant if entry else None
            out.append({"rule_id": rule.id, "title": rule.name,
                        "is_nomination": rule.is_nomination, "state": state,
                        "entry_id": entry.id if entry else None,
                        "contestant_id": person.id if person else None,
                        "delegation_id": person.delegation_id if person else None,
                        "name": person.name if person else key,
                        "unit": (person.unit or "") if person else "",
                        "delegation": person.delegation.name if person and person.delegation
                        else "",
                        "why": " ".join(line.text for line in trace),
                        "why_lines": trace_json(trace)})
    return out


def _group_nomination(rule, key: str, state: str, trace, kind: str, basis, entries) -> dict:
    """A nomination naming a team (work unit) or delegation: `key` is its name; the
    winners it rests on are listed in `basis` (their names, for pages)."""
    people = [entries[b].contestant for b in basis if b in entries]
    delegation = next((p.delegation for p in people if p.delegation), None)
    return {"rule_id": rule.id, "title": rule.name, "is_nomination": True, "state": state,
            "subject": kind, "entry_id": None, "contestant_id": None,
            "delegation_id": delegation.id if delegation else None,
            "name": key, "unit": key if kind == "unit" else "",
            "delegation": delegation.name if delegation else "",
            "basis": [p.name for p in people],
            "why": " ".join(line.text for line in trace), "why_lines": trace_json(trace)}


def _last_day(ends: datetime | None) -> str | None:
    """The last day objections can be filed, on the app's clock (older readers)."""
    if ends is None:
        return None
    local = ends.replace(tzinfo=UTC).astimezone(app_zone()) - timedelta(seconds=1)
    return local.date().isoformat()


def build(results: ContestResults, *, number: int, status: str,
          publicity_ends_at: datetime | None, change_note: str | None) -> dict:
    """`publicity_ends_at`: the stored moment (UTC) the publicity period ends."""
    contest = results.contest
    places = contest.decimal_places
    names = _Names(contest)
    awards, teams = _awards(results, names, places)
    stages = [_stage(s, places) for s in results.stages]
    for stage in stages:
        stage["teams"] = [t for t in teams if t["stage_id"] == stage["id"]]
    return {
        "format": FORMAT,
        "contest": {"id": contest.id, "code": contest.code, "name": contest.name,
                    "name_en": contest.name_en or "", "year": contest.year,
                    "organizer": contest.organizer or "", "decimal_places": places},
        "version": {"number": number, "status": status,
                    "publicity_ends_on": _last_day(publicity_ends_at),
                    "publicity_ends_at": publicity_ends_at.isoformat(timespec="seconds")
                    if publicity_ends_at else None,
                    "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "change_note": change_note or ""},
        "stages": stages, "awards": awards, "titles": _titles(results),
        "team_standings": team_tables(results, names, places),
    }


def team_tables(results: ContestResults, names: _Names, places: int) -> list[dict]:
    """Team standings configured on their own (no tiers): ranked delegations, then those
    not ranked with the reason."""
    out = []
    for found in results.teams:
        standing = found.standing
        groups = []
        for event, ranking in found.groups.items():
            rows = [_team_row(p.key, p.rank, p.item, names, places) for p in ranking.placings]
            rows += [_team_row(u.key, None, u.item, names, places, u.reasons)
                     for u in ranking.unranked]
            groups.append({"event": event, "rows": rows})
        out.append({"id": standing.id, "name": standing.name, "stage_id": found.stage.id,
                    "stage": found.stage.name, "method": standing.team_aggregation or "sum",
                    "best_n": standing.best_n, "min_members": standing.min_members,
                    "per_event": standing.per_event, "groups": groups})
    return out


def live_team_tables(results: ContestResults) -> tuple[TeamTable, ...]:
    """Live (provisional) team standings as the typed tables a published version has."""
    places = results.contest.decimal_places
    names = _Names(results.contest)
    return tuple(TeamTable.read(Node(t, "team_standings"))
                 for t in team_tables(results, names, places))


def _team_row(key: str, rank, team, names: _Names, places: int, reasons=()) -> dict:
    delegation = names.delegations.get(key)
    return {"delegation_id": delegation.id if delegation else None, "delegation": key,
            "rank": rank, "total": _number(team.total, places), "members": len(team.members),
            "reasons": trace_json(reasons)}



def stamp(document: dict, **version) -> dict:
    """Set fields of a document's version header (a correction's "changes")."""
    document["version"].update(version)
    return document


def restamp(stored: str, **version) -> str:
    """A stored snapshot with fields of its version header changed (status on finalizing)."""
    return dumps(stamp(json.loads(stored), **version))


def dumps(document: dict) -> str:
    """The text stored on ResultVersion.snapshot."""
    return json.dumps(document, ensure_ascii=False)
