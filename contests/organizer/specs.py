"""What an organizer can edit, declared once: the generic pages in crud.py and rows.py
serve every kind listed here."""
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext, lazy_pgettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from ..models import (
    AwardRule,
    AwardTier,
    Component,
    Conflict,
    Contestant,
    Criterion,
    Delegation,
    Entry,
    Event,
    Heat,
    Panel,
    PanelJudge,
    RaterGroup,
    Stage,
    TeamStanding,
    TitleRule,
)
from . import row_checks
from .forms.assessment import ComponentRow, CriterionForm, RaterGroupRow
from .forms.awards import AwardRuleForm, AwardTierRow, TeamStandingForm, TitleRuleForm
from .forms.contest import EventForm, EventRow, HeatForm, StageRow
from .forms.judging import ConflictForm, PanelForm, PanelJudgeRow
from .forms.people import ContestantForm, DelegationForm, EntryForm


@dataclass(frozen=True)
class RowEditor:
    """A multi-row editor for the children of one parent, saved all-or-nothing."""

    name: str
    title: object
    row_form: type
    children: Callable
    make: Callable  # parent -> new child
    check: Callable  # (parent, rows) -> None; puts errors on rows / returns form-level errors
    slot: str | None = None  # a column unique within the parent that rows may swap


@dataclass(frozen=True)
class Resource:
    """A kind of record belonging to a contest, with list / new / edit / delete pages."""

    name: str
    model: type
    form: type
    title: object
    singular: object
    columns: tuple
    listing: Callable  # contest -> select statement
    contest_id_of: Callable  # object -> contest id (ownership check)
    rows: tuple = field(default=())  # RowEditors reachable from each object


def _in_stages(model):
    return lambda c: select(model).join(Stage).where(Stage.contest_id == c.id)


def _own(model, order):
    return lambda c: select(model).where(model.contest_id == c.id).order_by(*order)


def _criteria_in_tree_order(contest):
    """A contest's criteria, stage by stage, component by component, each item followed by
    its sub-items (positions count within a parent)."""
    parent = aliased(Criterion)
    return (select(Criterion).join(Component, Criterion.component_id == Component.id)
            .join(Stage).outerjoin(parent, Criterion.parent_id == parent.id)
            .where(Stage.contest_id == contest.id)
            .order_by(Stage.position, Component.position,
                      func.coalesce(parent.position, Criterion.position),
                      func.coalesce(parent.id, Criterion.id), Criterion.parent_id.is_not(None),
                      Criterion.position, Criterion.id))


STAGE_ROWS = RowEditor(
    "stages", _l("Stages"), StageRow, lambda contest: contest.stages,
    lambda contest: Stage(contest_id=contest.id), row_checks.stage_rows, slot="position")
EVENT_ROWS = RowEditor(
    "events", _l("Events"), EventRow, lambda contest: contest.events,
    lambda contest: Event(contest_id=contest.id), row_checks.event_rows)


def _new_component(stage) -> Component:
    """A new component comes with one rater group holding all the weight, so a panel can be
    formed at once; a component marked by several groups edits them afterwards."""
    return Component(stage_id=stage.id, rater_groups=[
        RaterGroup(name=gettext("Panel of judges"), weight=100, position=1)])


COMPONENT_ROWS = RowEditor(
    "components", _l("Components"), ComponentRow, lambda stage: stage.components,
    _new_component, row_checks.component_rows)
RATER_GROUP_ROWS = RowEditor(
    "rater_groups", _l("Rater groups"), RaterGroupRow, lambda component: component.rater_groups,
    lambda component: RaterGroup(component_id=component.id), row_checks.weighted_rows)
TIER_ROWS = RowEditor(
    "tiers", _l("Award tiers"), AwardTierRow, lambda rule: rule.tiers,
    lambda rule: AwardTier(rule_id=rule.id), row_checks.tier_rows)
PANEL_JUDGE_ROWS = RowEditor(
    "judges", _l("Judges of the panel"), PanelJudgeRow, lambda panel: panel.judges,
    lambda panel: PanelJudge(panel_id=panel.id), row_checks.panel_judge_rows)

RESOURCES = {r.name: r for r in (
    Resource("events", Event, EventForm, _l("Events"), _l("Event"),
             (("position", _l("Order")), ("code", _l("Code")), ("name", lazy_pgettext("thing", "Name"))),
             _own(Event, (Event.position, Event.name)), lambda o: o.contest_id),
    Resource("heats", Heat, HeatForm, _l("Heats"), _l("Heat"),
             (("stage", _l("Stage")), ("name", lazy_pgettext("thing", "Name")), ("venue", _l("Venue")),
              ("held_on", _l("Date"))),
             lambda c: _in_stages(Heat)(c).order_by(Stage.position, Heat.name),
             lambda o: o.stage.contest_id),
    Resource("criteria", Criterion, CriterionForm, _l("Rubric"), _l("Criterion"),
             (("stage", _l("Stage")), ("component", _l("Component")), ("code", _l("Code")),
              ("name", _l("Criterion")),
              ("kind", _l("Kind")), ("max_points", _l("Maximum")), ("step", _l("Step")),
              ("event", _l("Only for event"))),
             _criteria_in_tree_order, lambda o: o.component.stage.contest_id),
    Resource("delegations", Delegation, DelegationForm, _l("Delegations"), _l("Delegation"),
             (("code", _l("Code")), ("name", lazy_pgettext("thing", "Name")), ("region", _l("Region"))),
             _own(Delegation, (Delegation.code, Delegation.name)), lambda o: o.contest_id),
    Resource("contestants", Contestant, ContestantForm, _l("Contestants"), _l("Contestant"),
             (("bib", _l("Bib number")), ("draw_number", _l("Draw number")),
              ("name", _l("Name")), ("unit", _l("Work unit")), ("delegation", _l("Delegation"))),
             _own(Contestant, (Contestant.bib,)), lambda o: o.contest_id),
    Resource("entries", Entry, EntryForm, _l("Entries"), _l("Entry"),
             (("contestant", _l("Contestant")), ("event", _l("Event")), ("stage", _l("Stage")),
              ("heat", _l("Heat")), ("status", _l("Status")),
              ("guest", _l("Guest (not competing for awards)"))),
             lambda c: _in_stages(Entry)(c).order_by(Stage.position, Entry.event_id,
                                                     Entry.contestant_id),
             lambda o: o.stage.contest_id),
    Resource("panels", Panel, PanelForm, _l("Panels"), _l("Panel"),
             (("name", lazy_pgettext("thing", "Name")), ("stage", _l("Stage")), ("event", _l("Event")),
              ("heat", _l("Heat")), ("component", _l("Component")),
              ("rater_group", _l("Rater group"))),
             lambda c: _in_stages(Panel)(c).order_by(Stage.position, Panel.name),
             lambda o: o.stage.contest_id, rows=(PANEL_JUDGE_ROWS,)),
    Resource("conflicts", Conflict, ConflictForm, _l("Conflicts of interest"), _l("Conflict"),
             (("user", _l("Judge")), ("contestant", _l("Contestant")),
              ("delegation", _l("Delegation")), ("unit", _l("Work unit")),
              ("reason", _l("Reason"))),
             _own(Conflict, (Conflict.user_id,)), lambda o: o.contest_id),
    Resource("award_rules", AwardRule, AwardRuleForm, _l("Award rules"), _l("Award rule"),
             (("name", lazy_pgettext("thing", "Name")), ("scope", _l("Awarded to")), ("method", _l("Method")),
              ("stage", _l("Stage")), ("event", _l("Event"))),
             _own(AwardRule, (AwardRule.id,)), lambda o: o.contest_id, rows=(TIER_ROWS,)),
    Resource("team_standings", TeamStanding, TeamStandingForm, _l("Team standings"),
             _l("Team standings"),
             (("name", _l("Name of the standings")), ("stage", _l("Stage")),
              ("team_aggregation", _l("Team score from members")),
              ("min_members", _l("Minimum members")), ("per_event", _l("Per event"))),
             _own(TeamStanding, (TeamStanding.id,)), lambda o: o.contest_id),
    Resource("title_rules", TitleRule, TitleRuleForm, _l("Titles and nominations"),
             _l("Title rule"),
             (("name", _l("Title or nomination")), ("basis", _l("Given to")),
              ("stage", _l("Stage")), ("top_n", _l("Top N")),
              ("is_nomination", _l("Nomination"))),
             _own(TitleRule, (TitleRule.id,)), lambda o: o.contest_id),
)}

# Multi-row editors reached from a parent that is not itself a listed resource.
PARENT_ROWS = {
    "stages": (Stage, lambda o: o.contest_id, COMPONENT_ROWS),
    "components": (Component, lambda o: o.stage.contest_id, RATER_GROUP_ROWS),
}
