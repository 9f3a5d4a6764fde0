"""The organizer's set-up guide: where a contest stands on the road stages → events →
components and rubric → rater groups → people → panels → judging → results →
publication → certificates, each step with its state, a short count and the next action.

Pure reads, in a fixed number of queries whatever the contest's size (no query per stage,
panel or judge). Actions name an endpoint and its arguments; the page builds the links.

The dashboard's phase of each contest (setting up, judging, results provisional, in
publicity, final) is computed for many contests at once, in the same fixed number of
queries."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import func, select

from ..extensions import db
from ..models import (
    AwardRule,
    Certificate,
    Component,
    Conflict,
    Contest,
    Contestant,
    Criterion,
    Delegation,
    Entry,
    Event,
    Panel,
    PanelJudge,
    RaterGroup,
    ResultVersion,
    ScoreSheet,
    Stage,
    TitleRule,
    User,
)
from .judging import opening
from .judging.access import MARKABLE_STATUSES
from .results.publication import shown

TODO, DOING, DONE = "todo", "doing", "done"
STATE_LABELS = {TODO: _l("Not started"), DOING: _l("In progress"), DONE: _l("Done")}

#: A contest's phase on the dashboard, in the order a contest goes through them.
PHASE_LABELS = {
    "setting_up": lazy_pgettext("contest phase", "Setting up"),
    "judging": lazy_pgettext("contest phase", "Judging"),
    "provisional": lazy_pgettext("contest phase", "Results provisional"),
    "publicity": lazy_pgettext("contest phase", "In publicity"),
    "final": lazy_pgettext("contest phase", "Final"),
}


@dataclass(frozen=True)
class Action:
    """A link to the page that does the next thing: endpoint, its arguments, a label."""

    label: str
    endpoint: str
    args: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)  # ?to=… preselects on the page
    anchor: str = ""  # #… the place on the page


@dataclass(frozen=True)
class Step:
    key: str
    title: object
    state: str
    summary: str
    actions: tuple[Action, ...] = ()  # the first is the next action

    @property
    def state_label(self):
        return STATE_LABELS[self.state]


@dataclass
class Tally:
    """Score sheets of a contest (or a stage): how many judges' sheets are expected (each
    judge of a panel × each entry it marks, without recusals) and where they stand."""

    expected: int = 0
    draft: int = 0
    submitted: int = 0
    confirmed: int = 0

    @property
    def started(self) -> int:
        return self.draft + self.submitted + self.confirmed

    @property
    def complete(self) -> bool:
        return self.expected > 0 and self.confirmed >= self.expected


def _state(done: int, total: int) -> str:
    if total and done >= total:
        return DONE
    return DOING if done else TODO


# --------------------------------------------------------------------------- judging


def judging_tallies(contest_ids: Iterable[int]) -> dict[int, dict[int | None, Tally]]:
    """{contest id: {stage id: Tally, None: the contest's Tally}} in four queries: the
    same cells as the judging progress page (services/judging/progress), counted in bulk.
    A judge is kept off the contestants of a declared conflict and of their own unit; a
    chief judge who chairs without marking owes no sheet."""
    ids = list(contest_ids)
    out: dict[int, dict[int | None, Tally]] = {cid: defaultdict(Tally) for cid in ids}
    if not ids:
        return out
    entries = db.session.execute(
        select(Entry.id, Entry.stage_id, Entry.event_id, Entry.heat_id, Contestant.id,
               Contestant.delegation_id, Contestant.unit, Contestant.contest_id)
        .join(Contestant, Entry.contestant_id == Contestant.id)
        .where(Contestant.contest_id.in_(ids), Entry.status.in_(MARKABLE_STATUSES))).all()
    seats = db.session.execute(
        select(Panel.id, Panel.stage_id, Panel.event_id, Panel.heat_id, PanelJudge.user_id,
               User.unit, Stage.contest_id)
        .join(PanelJudge, PanelJudge.panel_id == Panel.id)
        .join(User, User.id == PanelJudge.user_id)
        .join(Stage, Stage.id == Panel.stage_id)
        .where(Stage.contest_id.in_(ids), PanelJudge.marks.is_(True))).all()  # owe sheets
    conflicts = db.session.execute(
        select(Conflict.contest_id, Conflict.user_id, Conflict.contestant_id,
               Conflict.delegation_id, Conflict.unit).where(Conflict.contest_id.in_(ids))).all()
    sheets = {(panel, entry, judge): status for panel, entry, judge, status in db.session.execute(
        select(ScoreSheet.panel_id, ScoreSheet.entry_id, ScoreSheet.judge_id, ScoreSheet.status)
        .join(Panel, Panel.id == ScoreSheet.panel_id).join(Stage, Stage.id == Panel.stage_id)
        .where(Stage.contest_id.in_(ids)))}
    declared = defaultdict(list)
    for contest_id, user_id, contestant_id, delegation_id, unit in conflicts:
        declared[(contest_id, user_id)].append((contestant_id, delegation_id,
                                                unit.strip() if unit else None))
    by_scope = defaultdict(list)
    for row in entries:
        by_scope[(row[1], row[2])].append(row)
    for panel_id, stage_id, event_id, heat_id, user_id, judge_unit, contest_id in seats:
        own_unit = judge_unit.strip() if judge_unit else None
        rules = declared.get((contest_id, user_id), ())
        for entry_id, _s, _e, entry_heat, contestant_id, delegation_id, unit, _c in by_scope[
                (stage_id, event_id)]:
            if heat_id is not None and entry_heat != heat_id:
                continue
            unit = unit.strip() if unit else None
            if (own_unit and unit == own_unit) or any(
                    (c and c == contestant_id) or (d and d == delegation_id)
                    or (u and u == unit) for c, d, u in rules):
                continue  # recused
            status = sheets.get((panel_id, entry_id, user_id))
            for tally in (out[contest_id][stage_id], out[contest_id][None]):
                tally.expected += 1
                if status:
                    setattr(tally, status, getattr(tally, status) + 1)
    return out


def _opened_stages(contest_ids: list[int]) -> dict[int, set[int]]:
    """{contest id: ids of the stages whose judging the organizer has opened}."""
    found = defaultdict(set)
    if contest_ids:
        for stage in db.session.scalars(select(Stage).where(Stage.contest_id.in_(contest_ids))):
            if opening.is_open(stage):
                found[stage.contest_id].add(stage.id)
    return found


# --------------------------------------------------------------------------- dashboard


def phases(contest_ids: Iterable[int]) -> dict[int, str]:
    """{contest id: phase name} (PHASE_LABELS) for the dashboard, in a fixed number of
    queries for any number of contests."""
    ids = list(contest_ids)
    versions = defaultdict(set)
    if ids:
        for contest_id, status, finalized in db.session.execute(
                select(ResultVersion.contest_id, ResultVersion.status,
                       ResultVersion.finalized_at).where(ResultVersion.contest_id.in_(ids))):
            versions[contest_id].add("final" if finalized is not None else status)
    tallies = judging_tallies(ids)
    opened = _opened_stages(ids)
    return {cid: _phase(versions[cid], tallies[cid][None], bool(opened.get(cid))) for cid in ids}


def _phase(versions: set, tally: Tally, judging_open: bool) -> str:
    """`versions`: the states of the contest's result versions ("final" for one that was
    ever made final)."""
    if "final" in versions:
        return "final"
    if "publicity" in versions:
        return "publicity"
    if tally.complete:
        return "provisional"
    return "judging" if tally.started or judging_open else "setting_up"


# --------------------------------------------------------------------------- the guide


@dataclass
class _Skeleton:
    """What the guide reads about one contest, loaded once."""

    stages: list = field(default_factory=list)  # _StageRow
    events: list = field(default_factory=list)  # rows: id, name
    components: list = field(default_factory=list)  # rows: id, stage_id, name, criteria
    groups: list = field(default_factory=list)  # rows: id, component_id
    # rows: id, stage_id, event_id, component_id, rater_group_id, judges (who mark)
    panels: list = field(default_factory=list)
    entry_scopes: set = field(default_factory=set)  # (stage id, event id) with entries
    people: tuple = (0, 0, 0)  # delegations, contestants, entries
    rules: tuple = (0, 0)  # award rules, title rules
    versions: list = field(default_factory=list)  # rows: number, status, finalized_at, …
    certificates: int = 0


class _StageRow(NamedTuple):
    id: int
    position: int
    name: str
    is_open: bool  # judging opened (services/judging/opening)


def _load(contest: Contest) -> _Skeleton:
    cid = contest.id
    found = _Skeleton()
    found.stages = [_StageRow(s.id, s.position, s.name, opening.is_open(s)) for s in db.session.scalars(
        select(Stage).where(Stage.contest_id == cid).order_by(Stage.position))]
    found.events = db.session.execute(select(Event.id, Event.name).where(
        Event.contest_id == cid).order_by(Event.position, Event.name)).all()
    found.components = db.session.execute(
        select(Component.id, Component.stage_id, Component.name,
               func.count(Criterion.id).label("criteria"))
        .join(Stage, Stage.id == Component.stage_id)
        .outerjoin(Criterion, Criterion.component_id == Component.id)
        .where(Stage.contest_id == cid).group_by(Component.id, Component.stage_id,
                                                 Component.name, Stage.position,
                                                 Component.position)
        .order_by(Stage.position, Component.position)).all()
    found.groups = db.session.execute(
        select(RaterGroup.id, RaterGroup.component_id)
        .join(Component, Component.id == RaterGroup.component_id)
        .join(Stage, Stage.id == Component.stage_id).where(Stage.contest_id == cid)).all()
    found.panels = db.session.execute(
        select(Panel.id, Panel.stage_id, Panel.event_id, Panel.component_id,
               Panel.rater_group_id, func.count(PanelJudge.id).label("judges"))
        .join(Stage, Stage.id == Panel.stage_id)
        .outerjoin(PanelJudge, (PanelJudge.panel_id == Panel.id) & PanelJudge.marks.is_(True))
        .where(Stage.contest_id == cid)
        .group_by(Panel.id, Panel.stage_id, Panel.event_id, Panel.component_id,
                  Panel.rater_group_id, Stage.position, Panel.name)
        .order_by(Stage.position, Panel.name)).all()
    found.entry_scopes = {tuple(row) for row in db.session.execute(
        select(Entry.stage_id, Entry.event_id).join(Stage, Stage.id == Entry.stage_id)
        .where(Stage.contest_id == cid).distinct())}
    found.people = tuple(db.session.execute(select(
        select(func.count(Delegation.id)).where(Delegation.contest_id == cid).scalar_subquery(),
        select(func.count(Contestant.id)).where(Contestant.contest_id == cid).scalar_subquery(),
        select(func.count(Entry.id)).join(Stage, Stage.id == Entry.stage_id)
        .where(Stage.contest_id == cid).scalar_subquery())).one())
    found.rules = tuple(db.session.execute(select(
        select(func.count(AwardRule.id)).where(AwardRule.contest_id == cid).scalar_subquery(),
        select(func.count(TitleRule.id)).where(TitleRule.contest_id == cid)
        .scalar_subquery())).one())
    found.versions = db.session.execute(
        select(ResultVersion.number, ResultVersion.status, ResultVersion.finalized_at,
               ResultVersion.publicity_ends_at).where(ResultVersion.contest_id == cid)
        .order_by(ResultVersion.number.desc())).all()
    found.certificates = db.session.scalar(select(func.count(Certificate.id)).where(
        Certificate.contest_id == cid))
    return found


@dataclass
class Guide:
    contest: Contest
    steps: list[Step]
    phase: str

    @property
    def next_step(self) -> Step | None:
        return next((s for s in self.steps if s.state != DONE and s.actions), None)

    @property
    def phase_label(self):
        return PHASE_LABELS[self.phase]


def guide(contest: Contest) -> Guide:
    """The contest's set-up guide."""
    found = _load(contest)
    tally = judging_tallies([contest.id])[contest.id]
    c = {"contest_id": contest.id}
    steps = [
        _stages_step(found, c),
        _events_step(found, c),
        _assessment_step(found, c),
        _groups_step(found, c),
        _people_step(found, c),
        _panels_step(found, c),
        _judging_step(found, c, tally),
        _results_step(found, c, tally[None]),
        _publication_step(found, c),
        _certificates_step(found, c),
    ]
    versions = {"final" if v.finalized_at is not None else v.status for v in found.versions}
    return Guide(contest, steps, _phase(versions, tally[None],
                                        any(s.is_open for s in found.stages)))


def _stages_step(found: _Skeleton, c: dict) -> Step:
    n = len(found.stages)
    label = _("Edit the stages") if n else _("Add the stages")
    return Step("stages", _l("Stages"), DONE if n else TODO,
                _("%(n)d stages", n=n), (Action(label, "organizer.rows_stages", c),))


def _events_step(found: _Skeleton, c: dict) -> Step:
    n = len(found.events)
    action = (Action(_("Edit events"), "organizer.rows_events", c) if n
              else Action(_("Add events"), "organizer.rows_events", c))
    return Step("events", _l("Events"), DONE if n else TODO, _("%(n)d events", n=n), (action,))


def _assessment_step(found: _Skeleton, c: dict) -> Step:
    by_stage = defaultdict(list)
    for row in found.components:
        by_stage[row.stage_id].append(row)
    with_components = [s for s in found.stages if by_stage[s.id]]
    without = [s for s in found.stages if not by_stage[s.id]]
    rubricless = [row for row in found.components if not row.criteria]
    total = len(found.components)
    summary = _("%(done)d of %(total)d stages have components; %(rubric)d of %(all)d "
                "components have a rubric.", done=len(with_components),
                total=len(found.stages), rubric=total - len(rubricless), all=total)
    actions = []
    if without:
        target = without[0]
        if with_components:
            earlier = [s for s in with_components if s.position < target.position]
            source = earlier[-1] if earlier else with_components[0]  # the nearest before
            actions.append(Action(_("Copy the assessment of %(source)s to %(target)s",
                                    source=source.name, target=target.name),
                                  "organizer.stage_copy", dict(c, obj_id=source.id),
                                  {"to": target.id}))
        actions.append(Action(_("Add the components of %(stage)s", stage=target.name),
                              "organizer.rows_components", dict(c, parent_id=target.id)))
    elif rubricless:
        actions.append(Action(_("Add the rubric of %(component)s", component=rubricless[0].name),
                              "organizer.rubric_editor", dict(c, parent_id=rubricless[0].id)))
    if found.components:
        actions.append(Action(_("Rubric"), "organizer.criteria_list", c))
    if not found.stages:
        state = TODO
    elif without or rubricless:
        state = DOING if found.components else TODO
    else:
        state = DONE
    return Step("assessment", _l("Components and rubric"), state, summary, tuple(actions))


def _groups_step(found: _Skeleton, c: dict) -> Step:
    having = {group.component_id for group in found.groups}
    lacking = [row for row in found.components if row.id not in having]
    total = len(found.components)
    summary = _("%(done)d of %(total)d components have rater groups.",
                done=total - len(lacking), total=total)
    actions = ()
    if lacking:
        actions = (Action(_("Add the rater groups of %(component)s", component=lacking[0].name),
                          "organizer.rows_rater_groups", dict(c, parent_id=lacking[0].id)),)
    return Step("rater_groups", _l("Rater groups"), _state(total - len(lacking), total),
                summary, actions)


def _people_step(found: _Skeleton, c: dict) -> Step:
    delegations, contestants, entries = found.people
    summary = _("%(d)d delegations, %(c)d contestants, %(e)d entries.", d=delegations,
                c=contestants, e=entries)
    state = DONE if contestants and entries else DOING if delegations or contestants else TODO
    actions = [Action(_("Import delegations, contestants and entries"),
                      "organizer.exchange_index", c)]
    if contestants and not entries:
        actions.insert(0, Action(_("Add entries"), "organizer.entries_new", c))
    actions += [Action(_("Delegations"), "organizer.delegations_list", c),
                Action(_("Contestants"), "organizer.contestants_list", c),
                Action(_("Entries"), "organizer.entries_list", c)]
    return Step("people", _l("People"), state, summary, tuple(actions))


def _panels_step(found: _Skeleton, c: dict) -> Step:
    """Each event of a stage (those with entries, once there are entries) needs, for each
    component and rater group of the stage, a panel with at least one judge."""
    names = {event.id: event.name for event in found.events}
    stage_names = {stage.id: stage.name for stage in found.stages}
    groups_of = defaultdict(list)
    for group in found.groups:
        groups_of[group.component_id].append(group.id)
    covered = {(p.stage_id, p.event_id, p.component_id, p.rater_group_id)
               for p in found.panels if p.judges}
    needed = []
    for stage in found.stages:
        # the events with entries in the stage; before there are any, every event
        events = [e for e in names if (stage.id, e) in found.entry_scopes] or list(names)
        needed += [(stage.id, event_id, component.id, group_id)
                   for component in found.components if component.stage_id == stage.id
                   for event_id in events for group_id in groups_of[component.id]]
    missing = [key for key in needed if key not in covered]
    judgeless = [p for p in found.panels if not p.judges]
    summary = _("%(done)d of %(total)d panels needed have judges.",
                done=len(needed) - len(missing), total=len(needed))
    if judgeless:
        summary += " " + _("%(n)d panels have no judge who marks yet.", n=len(judgeless))
    actions = []
    if judgeless:
        actions.append(Action(_("Add the judges of a panel"), "organizer.rows_judges",
                              dict(c, parent_id=judgeless[0].id)))
    if missing:
        stage_id, event_id = missing[0][:2]
        with_panels = [e for e in names if e != event_id and any(
            p.stage_id == stage_id and p.event_id == e for p in found.panels)]
        event_has_panels = any(p.event_id == event_id for p in found.panels)
        if with_panels and not event_has_panels:
            actions.append(Action(_("Copy the panels of %(source)s to %(target)s",
                                    source=names[with_panels[0]], target=names[event_id]),
                                  "organizer.event_copy", dict(c, obj_id=with_panels[0]),
                                  {"to": event_id}))
        actions.append(Action(_("New panel for %(event)s in %(stage)s", event=names[event_id],
                                stage=stage_names[stage_id]), "organizer.panels_new", c))
    if found.panels:
        actions.append(Action(_("Panels"), "organizer.panels_list", c))
    state = (TODO if not found.panels else
             DONE if needed and not missing and not judgeless else DOING)
    return Step("panels", _l("Panels and judges"), state, summary, tuple(actions))


def _judging_step(found: _Skeleton, c: dict, tally: dict) -> Step:
    """Judging of a stage is opened by the organizer (services/judging/opening) once its
    panels have judges; then the judges' sheets come in, and are confirmed."""
    total = tally[None]
    opened = [s for s in found.stages if s.is_open]
    summary = _("Judging open in %(open)d of %(stages)d stages; %(submitted)d of %(expected)d "
                "judges' sheets submitted, %(confirmed)d confirmed.", open=len(opened),
                stages=len(found.stages), submitted=total.submitted + total.confirmed,
                expected=total.expected, confirmed=total.confirmed)
    staffed = {p.stage_id for p in found.panels if p.judges}
    ready = [s for s in found.stages if not s.is_open and s.id in staffed]
    actions = [Action(_("Open judging of %(stage)s", stage=ready[0].name),
                      "organizer.judging_progress", c,
                      anchor=f"stage-{ready[0].id}-judging")] if ready else []
    actions += [Action(_("Judging progress"), "organizer.judging_progress", c),
                Action(_("Audit trail of marking"), "organizer.judging_audit", c)]
    state = DONE if total.complete else DOING if total.started or opened else TODO
    return Step("judging", _l("Judging"), state, summary, tuple(actions))


def _results_step(found: _Skeleton, c: dict, tally: Tally) -> Step:
    awards, titles = found.rules
    summary = _("%(a)d award rules, %(t)d titles and nominations.", a=awards, t=titles)
    actions = [] if awards else [Action(_("Set the award rules"), "organizer.award_rules_new", c)]
    actions += [Action(_("Provisional standings"), "organizer.results", c),
                Action(_("Awards and titles"), "organizer.awards_preview", c),
                Action(_("Award rules"), "organizer.award_rules_list", c)]
    # results exist once sheets are confirmed; complete (with award rules) once all are
    state = DONE if awards and tally.complete else DOING if tally.confirmed else TODO
    return Step("results", _l("Results and awards"), state, summary, tuple(actions))


def _publication_step(found: _Skeleton, c: dict) -> Step:
    action = (Action(_("Publication"), "organizer.publication_page", c),)
    final = next((v for v in found.versions if v.finalized_at is not None), None)
    public = next((v for v in found.versions if v.status == "publicity"), None)
    if final is not None and (public is None or public.number < final.number):
        return Step("publication", _l("Publication"), DONE,
                    _("Version %(n)d is final.", n=final.number), action)
    if public is not None:
        ends = shown(public.publicity_ends_at) or "—"
        return Step("publication", _l("Publication"), DOING,
                    _("Version %(n)d is in its publicity period until %(day)s.",
                      n=public.number, day=ends), action)
    return Step("publication", _l("Publication"), TODO, _("Nothing published yet."), action)


def _certificates_step(found: _Skeleton, c: dict) -> Step:
    final = any(v.finalized_at is not None for v in found.versions)
    state = DONE if found.certificates else DOING if final else TODO
    return Step("certificates", _l("Certificates"), state,
                _("%(n)d certificates issued.", n=found.certificates),
                (Action(_("Certificates: issue, wording, print"), "organizer.certificates_index",
                        c),))
