"""Team (delegation) standings from members' results: sum, mean, or best N.

Only members whose own result is rankable count (a vetoed or disqualified
member's score is not used), and no guest (不参与评奖) counts. A delegation with fewer counted members than
the minimum is listed but not ranked. TeamResult has the same shape as an
entry result, so teams are ranked and awarded with ranking.rank and
awards.award, the same rules as individuals.

A team's component scores, criterion scores and time taken are made from the
same members, the same way as its total (sum, or mean), so a tie on the team
total is decided by the stage's own tie-break order (ranking.rank with the
stage's metrics). Team
standings run over all events together, or per event (standings_by_event).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from .explain import TraceLine, note
from .results import EntryResult
from .rounding import quantize
from .values import as_count, check_choice, exact
from .vocabulary import N_, Vocabulary


def _sum(totals: Sequence[Decimal], rule: TeamRule) -> tuple[Fraction, int]:
    return sum(map(exact, totals), Fraction(0)), len(totals)


def _mean(totals: Sequence[Decimal], rule: TeamRule) -> tuple[Fraction, int]:
    return sum(map(exact, totals), Fraction(0)) / len(totals), len(totals)


def _best_n(totals: Sequence[Decimal], rule: TeamRule) -> tuple[Fraction, int]:
    best = sorted(totals, reverse=True)[:rule.n]
    return sum(map(exact, best), Fraction(0)), len(best)


#: Team aggregation (configuration string) -> fn(member totals best first,
#: rule) -> (exact team total, number of members used).
TEAM_AGGREGATIONS: dict[str, Callable[..., tuple[Fraction, int]]] = {
    "sum": _sum,
    "mean": _mean,
    "best_n": _best_n,
}

#: AwardRule.team_aggregation: none for an individual award.
TEAM_AGGREGATION_VOCABULARY = Vocabulary.of("team_aggregation", TEAM_AGGREGATIONS, {
    "sum": N_("Sum of members"),
    "mean": N_("Mean"),
    "best_n": N_("Sum of best N members"),
}, nullable=True)


@dataclass(frozen=True)
class TeamRule:
    """``method`` (TEAM_AGGREGATIONS key), ``n`` for best_n, the minimum
    number of counted members, and the places the team total is rounded to."""

    method: str = "sum"
    n: int | None = None
    min_members: int = 1
    places: int = 2

    def __post_init__(self) -> None:
        check_choice(self.method, TEAM_AGGREGATIONS, "team aggregation")
        as_count(self.min_members, "min_members", 1)
        as_count(self.places, "team places")
        if self.method == "best_n":
            as_count(self.n, "best_n n", 1)


@dataclass(frozen=True, slots=True)
class TeamResult:
    """One delegation's standing: total, counted and excluded members, trace."""

    delegation: str
    total: Decimal | None
    members: tuple[str, ...]
    excluded: tuple[str, ...]
    trace: tuple[TraceLine, ...]
    component_scores: Mapping[str, Decimal] = field(default_factory=dict)
    criterion_scores: Mapping[str, Decimal] = field(default_factory=dict)
    time_taken: Decimal | None = None
    event: str = ""
    heat: str = ""

    @property
    def key(self) -> str:
        """The delegation is the team's identity."""
        return self.delegation

    @property
    def rankable(self) -> bool:
        """Enough counted members for a team total."""
        return self.total is not None

    @property
    def eligible(self) -> bool:
        """Teams are eligible for team awards whenever they are ranked."""
        return self.rankable

    @property
    def exclusions(self) -> tuple[TraceLine, ...]:
        """Why the team is not ranked (too few counted members)."""
        return tuple(line for line in self.trace if line.code == "team.too_few")


def team_standings(results: Iterable[EntryResult], rule: TeamRule) -> tuple[TeamResult, ...]:
    """Team totals per delegation (entries without a delegation are left
    out), sorted by delegation."""
    by_team: dict[str, list[EntryResult]] = {}
    for result in results:
        if result.delegation:
            by_team.setdefault(result.delegation, []).append(result)
    teams = []
    for delegation in sorted(by_team):
        members = sorted(by_team[delegation], key=lambda r: r.entry_id)
        lines: list[TraceLine] = []
        # A guest (不参与评奖) is ranked on its own but counts for no team prize.
        counts = [m.rankable and not getattr(m, "guest", False) for m in members]
        counted = [m for m, c in zip(members, counts) if c]
        excluded = [m for m, c in zip(members, counts) if not c]
        for m in excluded:
            reason = "; ".join(line.text for line in m.exclusions)
            lines.append(note("team.member_excluded", member=m.entry_id, reason=reason,
                              codes=tuple(line.code for line in m.exclusions),
                              lines=tuple(m.exclusions)))
        total, parts = None, {}
        if len(counted) < rule.min_members:
            lines.append(note("team.too_few", count=len(counted), minimum=rule.min_members))
        else:
            counted.sort(key=lambda m: (-m.total, m.entry_id))  # best first, ties by id
            value, used = TEAM_AGGREGATIONS[rule.method]([m.total for m in counted], rule)
            total = quantize(value, rule.places)
            shown = tuple(f"{m.entry_id} {m.total}" for m in counted[:used])
            lines.append(note("team.total", method=rule.method, n=rule.n, count=used,
                              members=shown, value=total))
            counted = counted[:used]
            parts = _tie_break_parts(counted, rule)
        teams.append(TeamResult(delegation, total, tuple(m.entry_id for m in counted),
                                tuple(m.entry_id for m in excluded), tuple(lines), **parts))
    return tuple(teams)


def _combine(values: Sequence[Decimal | None], rule: TeamRule) -> Decimal | None:
    """Members' values of one tie-break metric made into the team's, like the total (the
    mean for "mean", else the sum); None when a counted member has none."""
    if not values or any(v is None for v in values):
        return None
    value = sum(map(exact, values), Fraction(0))
    if rule.method == "mean":
        value /= len(values)
    return quantize(value, rule.places)


def _tie_break_parts(used: Sequence[EntryResult], rule: TeamRule) -> dict:
    """Component and criterion scores and time taken of the counted members, combined."""
    components = {key for m in used for key in m.component_scores}
    criteria = {key for m in used for key in m.criterion_scores}
    combined = {
        "component_scores": {k: _combine([m.component_scores.get(k) for m in used], rule)
                             for k in sorted(components)},
        "criterion_scores": {k: _combine([m.criterion_scores.get(k) for m in used], rule)
                             for k in sorted(criteria)},
    }
    for name in ("component_scores", "criterion_scores"):
        combined[name] = {k: v for k, v in combined[name].items() if v is not None}
    combined["time_taken"] = _combine([m.time_taken for m in used], rule)
    return combined


def standings_by_event(results: Iterable[EntryResult], rule: TeamRule,
                       per_event: bool) -> dict[str, tuple[TeamResult, ...]]:
    """Team standings over all events together (key "") or per event (key: the event
    name, each team made only of its members in that event), events in name order."""
    results = list(results)
    if not per_event:
        return {"": team_standings(results, rule)}
    out: dict[str, tuple[TeamResult, ...]] = {}
    for event in sorted({r.event for r in results}):
        teams = team_standings([r for r in results if r.event == event], rule)
        out[event] = tuple(_in_event(t, event) for t in teams)
    return out


def _in_event(team: TeamResult, event: str) -> TeamResult:
    return TeamResult(team.delegation, team.total, team.members, team.excluded, team.trace,
                      team.component_scores, team.criterion_scores, team.time_taken,
                      event=event)
