"""Turn counted sheets into standings, advancement, awards and titles through the
scoring core. Reads only; nothing here writes to the database."""
from dataclasses import dataclass, field

from sqlalchemy import select

from ...extensions import db
from ...models import (
    AdvancementException,
    AwardRule,
    Contest,
    Entry,
    Event,
    Heat,
    Stage,
    TeamStanding,
    TitleRule,
)
from ...scoring import advancement as core_advancement
from ...scoring import awards as core_awards
from ...scoring import ranking as core_ranking
from ...scoring import teams as core_teams
from ...scoring import titles as core_titles
from ...scoring.pipeline import score_stage
from . import ranking_order
from .loading import OFFICIAL, stage_inputs


@dataclass
class StageResults:
    stage: Stage
    results: dict = field(default_factory=dict)   # bib -> EntryResult
    entries: dict = field(default_factory=dict)   # bib -> Entry
    rankings: dict = field(default_factory=dict)  # scope key -> Ranking
    advancement: dict = field(default_factory=dict)  # scope key -> AdvancementOutcome
    missing: dict = field(default_factory=dict)   # bib -> sheets still owed
    metrics: tuple = ()

    @property
    def advancing(self) -> set[str]:
        return {key for outcome in self.advancement.values() for key in outcome.keys}


@dataclass
class AwardResult:
    rule: AwardRule
    stage: Stage
    outcome: object  # AwardOutcome (every group together)
    ranking: object  # Ranking of entries or teams (every group together)
    teams: dict = field(default_factory=dict)  # delegation name -> TeamResult (team rules)
    # (scope key, Ranking, AwardOutcome) per group ranked together: one group for team
    # rules and rules ranked overall; per event (or heat) otherwise
    groups: list = field(default_factory=list)


def award_scope(rule: AwardRule, stage: Stage) -> str:
    """Who an individual award ranks together (a ranking scope): the rule's choice, or as
    the stage ranks."""
    chosen = rule.ranked_together or "stage"
    return stage.ranking_scope if chosen == "stage" else chosen


@dataclass
class TeamStandingResult:
    """One configured team standing (no award tiers): per event (or "" for all events
    together) the ranking of the delegations, unranked ones with their reasons."""

    standing: TeamStanding
    stage: Stage
    groups: dict = field(default_factory=dict)  # event name or "" -> Ranking of TeamResult


@dataclass(frozen=True)
class TeamRow:
    """A flat row of a team standing (exports)."""

    stage: str
    standing: str
    event: str
    rank: int | None
    delegation: str
    total: object
    counted: int
    reasons: tuple  # why not ranked (trace lines)


@dataclass
class ContestResults:
    contest: Contest
    stages: list = field(default_factory=list)   # StageResults in order
    awards: list = field(default_factory=list)   # AwardResult
    titles: list = field(default_factory=list)   # (TitleRule, StageResults, TitleOutcome)
    teams: list = field(default_factory=list)    # TeamStandingResult, in configured order

    def stage(self, stage_id: int) -> StageResults:
        return next(s for s in self.stages if s.stage.id == stage_id)

    def team_standings_rows(self) -> list[TeamRow]:
        rows = []
        for found in self.teams:
            for event, ranking in found.groups.items():
                rows += [TeamRow(found.stage.name, found.standing.name, event, p.rank,
                                 p.key, p.item.total, len(p.item.members), ())
                         for p in ranking.placings]
                rows += [TeamRow(found.stage.name, found.standing.name, event, None, u.key,
                                 None, 0, u.reasons)
                         for u in ranking.unranked]
        return rows


def _metrics(stage: Stage) -> tuple:
    """The stage's ranking order as core metrics: ranking_order reads and checks it, and
    refuses (Invalid, naming the item) an order that does not fit the stage."""
    return ranking_order.metrics(stage)


def _advancement_rule(stage: Stage) -> core_advancement.AdvancementRule:
    method, value = stage.advancement_rule, stage.advancement_value
    kwargs = {"method": method, "ties": stage.cut_tie_policy}
    if method.startswith("top_n"):
        kwargs["n"] = int(value or 0)
    elif method == "min_score":
        kwargs["threshold"] = value
    elif method == "share_of_mean":
        kwargs["percent"] = value
    return core_advancement.AdvancementRule(**kwargs)


def _needs_criteria(stage: Stage, out: StageResults) -> bool:
    """Whether anything ranks or awards on a criterion's own value: the stage's ranking
    order (a tie-break by an item) or a single-item prize on a criterion. Otherwise the
    stage may be scored from sheet totals (loading.py)."""
    if any(metric.kind == "criterion" for metric in out.metrics):
        return True
    return db.session.scalar(select(AwardRule.id).where(
        AwardRule.contest_id == stage.contest_id,
        AwardRule.award_basis == "criterion").limit(1)) is not None


def compute_stage(stage: Stage, statuses=OFFICIAL) -> StageResults:
    out = StageResults(stage)
    out.metrics = _metrics(stage)  # refused before any scoring when it does not fit
    for chunk in stage_inputs(stage, statuses, by_sheet_total=not _needs_criteria(stage, out)):
        for result in score_stage(chunk.config, chunk.entries):
            out.results[result.entry_id] = result
        out.entries.update(chunk.rows)
        out.missing.update(chunk.missing)
    out.rankings = core_ranking.rank_by_scope(out.results.values(), out.metrics,
                                              stage.ranking_scope)
    manual = _manual_additions(stage)
    removed = _manual_removals(stage)
    rule = _advancement_rule(stage)
    for key, ranking in out.rankings.items():
        mine = {k: v for k, v in manual.items()
                if ranking.placing(k) or any(u.key == k for u in ranking.unranked)}
        outcome = core_advancement.advance(ranking, rule, mine)
        if removed:
            outcome = _without(outcome, removed)
        out.advancement[key] = outcome
    return out


def _manual_additions(stage: Stage) -> dict[str, str]:
    rows = db.session.scalars(select(AdvancementException).where(
        AdvancementException.stage_id == stage.id, AdvancementException.action == "add")).all()
    return {r.entry.contestant.bib: r.reason for r in rows}


def _manual_removals(stage: Stage) -> dict[str, str]:
    rows = db.session.scalars(select(AdvancementException).where(
        AdvancementException.stage_id == stage.id,
        AdvancementException.action == "remove")).all()
    return {r.entry.contestant.bib: r.reason for r in rows}


def _without(outcome, removed: dict[str, str]):
    """Drop entries the organizer took out by hand (kept visible as not advancing)."""
    kept = tuple(a for a in outcome.advancing if a.key not in removed)
    rest = tuple(sorted(set(outcome.not_advancing) | (set(removed) & {
        a.key for a in outcome.advancing})))
    return core_advancement.AdvancementOutcome(kept, outcome.manual, rest, outcome.trace)


def _tiers(rule: AwardRule) -> tuple:
    tiers = []
    for tier in rule.tiers:
        benefit = None
        if tier.benefit_amount is not None and tier.benefit_period:
            benefit = core_awards.Benefit(tier.benefit_amount, tier.benefit_period, "year")
        tiers.append(core_awards.Tier(tier.name, tier.name, tier.quota, tier.proportion,
                                      tier.min_score, benefit))
    return tuple(tiers)


def core_award_rule(rule: AwardRule) -> core_awards.AwardRule:
    """The core's view of an award rule (a single-item rule names its component or
    criterion as a ranking order item does)."""
    return core_awards.AwardRule(rule.method, _tiers(rule), rule.proportion_rounding,
                                 rule.tie_policy, rule.award_basis or "total",
                                 rule.award_basis_key or "")


def _withdrawn(rule: AwardRule, stage: Stage, scope: str) -> dict[tuple, int]:
    """How many entrants of the rule's stage (and event) withdrew, per group ranked
    together: they are not scored, yet a prize's base says how many were left out."""
    query = (select(Event.name, Heat.name).select_from(Entry)
             .join(Event, Event.id == Entry.event_id)
             .outerjoin(Heat, Heat.id == Entry.heat_id)
             .where(Entry.stage_id == stage.id, Entry.status == "withdrawn"))
    if rule.event_id is not None:
        query = query.where(Entry.event_id == rule.event_id)
    counts: dict[tuple, int] = {}
    for event, heat in db.session.execute(query):
        key = {"event": (event,), "heat": (event, heat or "")}.get(scope, ())
        counts[key] = counts.get(key, 0) + 1
    return counts


def compute_award(rule: AwardRule, stage_results: StageResults) -> AwardResult:
    results = [r for r in stage_results.results.values()
               if rule.event is None or r.event == rule.event.name]
    core_rule = core_award_rule(rule)
    metrics = core_awards.award_metrics(core_rule, stage_results.metrics)
    if rule.scope == "team":
        team_rule = core_teams.TeamRule(rule.team_aggregation or "sum", rule.team_best_n,
                                        max(rule.team_min_members, 1),
                                        stage_results.stage.contest.decimal_places)
        teams = core_teams.team_standings(results, team_rule)
        ranking = core_ranking.rank(teams, metrics)  # ties: the stage's order
        outcome = core_awards.award(ranking, core_rule)
        return AwardResult(rule, stage_results.stage, outcome, ranking,
                           {t.delegation: t for t in teams}, [((), ranking, outcome)])
    scope = award_scope(rule, stage_results.stage)
    withdrawn = _withdrawn(rule, stage_results.stage, scope)
    groups = [(key, ranking, core_awards.award(ranking, core_rule, withdrawn.get(key, 0)))
              for key, ranking in core_ranking.rank_by_scope(results, metrics, scope).items()]
    if len(groups) == 1:
        _key, ranking, outcome = groups[0]
    else:
        ranking = core_ranking.Ranking(
            metrics, tuple(p for _k, r, _o in groups for p in r.placings),
            tuple(u for _k, r, _o in groups for u in r.unranked), scope)
        outcome = core_awards.AwardOutcome(
            tuple(a for _k, _r, o in groups for a in o.awards),
            tuple(x for _k, _r, o in groups for x in o.no_award),
            tuple(x for _k, _r, o in groups for x in o.skipped),
            tuple(t for _k, _r, o in groups for t in o.tiers))
    return AwardResult(rule, stage_results.stage, outcome, ranking, groups=groups)


def compute_team_standing(standing: TeamStanding,
                          stage_results: StageResults) -> TeamStandingResult:
    """Delegation standings of a stage: the team score made from members' results, ties
    decided by the stage's ranking order, too few members listed as not ranked."""
    rule = core_teams.TeamRule(standing.team_aggregation or "sum", standing.best_n,
                               max(standing.min_members, 1),
                               stage_results.stage.contest.decimal_places)
    out = TeamStandingResult(standing, stage_results.stage)
    grouped = core_teams.standings_by_event(stage_results.results.values(), rule,
                                            standing.per_event)
    for event, teams in grouped.items():
        scope = "event" if standing.per_event else "overall"
        out.groups[event] = core_ranking.rank(teams, stage_results.metrics, scope,
                                              (event,) if standing.per_event else ())
    return out


def _team_standings(contest: Contest, out: ContestResults) -> list:
    last = contest.stages[-1] if contest.stages else None
    found = []
    for standing in db.session.scalars(select(TeamStanding).where(
            TeamStanding.contest_id == contest.id).order_by(TeamStanding.id)):
        stage = standing.stage or last
        if stage is not None:
            found.append(compute_team_standing(standing, out.stage(stage.id)))
    return found


def _titles(contest: Contest, out: ContestResults) -> list:
    granted = []
    rules = db.session.scalars(select(TitleRule).where(TitleRule.contest_id == contest.id)
                               .order_by(TitleRule.id)).all()
    entrants = {s.stage.name: tuple(s.entries) for s in out.stages}
    for rule in rules:
        # Bibs repeat from stage to stage: each rule reads the results of its own stage.
        stage = out.stage(rule.stage_id) if rule.stage_id else out.stages[-1]
        ctx, tier = core_titles.TitleContext(stage.results, entrants), ""
        if rule.basis == "top_n":
            ctx = core_titles.TitleContext(stage.results, entrants, core_ranking.rank(
                stage.results.values(), stage.metrics))
        if rule.basis == "tier_holder" and rule.award_tier_id:
            award = next((a for a in out.awards
                          if any(t.id == rule.award_tier_id for t in a.rule.tiers)), None)
            results = out.stage(award.stage.id).results if award else stage.results
            ctx = core_titles.TitleContext(results, entrants, None,
                                           award.outcome if award else None)
            tier = rule.award_tier.name
        core_rule = core_titles.TitleRule(
            rule.basis, rule.name, stage=rule.stage.name if rule.stage else "", n=rule.top_n,
            tier=tier,
            nominate=rule.is_nomination,
            subject=rule.nomination_subject if rule.is_nomination else "entry")
        granted.append((rule, stage, core_titles.grant_titles((core_rule,), ctx)))
    return granted


def compute_contest(contest: Contest, statuses=OFFICIAL) -> ContestResults:
    out = ContestResults(contest)
    for stage in contest.stages:
        out.stages.append(compute_stage(stage, statuses))
    last = contest.stages[-1] if contest.stages else None
    rules = db.session.scalars(select(AwardRule).where(AwardRule.contest_id == contest.id)
                               .order_by(AwardRule.id)).all()
    for rule in rules:
        stage = rule.stage or last
        if stage is None or not rule.tiers:
            continue
        out.awards.append(compute_award(rule, out.stage(stage.id)))
    out.titles = _titles(contest, out)
    out.teams = _team_standings(contest, out)
    return out

