"""Copy instead of retyping.

- A stage's assessment to another stage of the same contest: components, their rater
  groups and rubric (the whole criteria tree with kinds, maxima, steps, positions and
  event-specific lines) and, if asked, its panels with their judges.
- An event's panels (in every stage) and its event-specific rubric lines to another event.
- A whole contest's configuration into a new edition (next year's): the contest template
  (exchange/contest_template.py) is exported and built again as a new contest, so the new
  edition gets exactly what a template carries and nothing of people, marks or results.

Each copy is one transaction (all or nothing), audited, and refuses to copy into a target
that already has what would be copied: nothing is ever duplicated silently.

Records are copied column by column (every column but the id; the columns that point at
the copied parent are pointed at the copy), so a copy keeps positions exactly and keeps
any column added to these tables later. `REMAPPED` and `KEPT` say, for every foreign key
of the copied tables, which is which (a test checks that none is forgotten)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, inspect, or_, select

from ..exchange.contest_template import export
from ..extensions import db
from ..models import (
    Component,
    Contest,
    Criterion,
    Event,
    Heat,
    Panel,
    PanelJudge,
    RaterGroup,
    Stage,
)
from ..refusals import Conflict, Invalid, NotFound
from . import audit
from .exchange.contest_templates import create_contest
from .transaction import all_or_nothing, begin_writing

#: Foreign-key columns a copy points elsewhere: at the copy of what they referred to, or at
#: the target (an event-specific line of the copied event points at the target event).
REMAPPED = {
    "heats": {"stage_id"},
    "components": {"stage_id"},
    "rater_groups": {"component_id"},
    "criteria": {"component_id", "parent_id", "event_id"},
    "panels": {"stage_id", "event_id", "heat_id", "component_id", "rater_group_id"},
    "panel_judges": {"panel_id"},
}
#: Foreign-key columns a copy keeps as they are (a judge stays the same person).
KEPT = {"panel_judges": {"user_id"}}

PANEL_NAME_MAX = Panel.__table__.c.name.type.length


@dataclass
class Counts:
    """What a copy copies (or would copy)."""

    components: int = 0
    rater_groups: int = 0
    criteria: int = 0
    heats: int = 0
    panels: int = 0
    judges: int = 0


def _clone(obj, **values):
    """A new record of obj's kind with all of its column values but the id, and `values`."""
    mapper = inspect(type(obj))
    data = {attr.key: getattr(obj, attr.key) for attr in mapper.column_attrs
            if not any(column.primary_key for column in attr.columns)}
    data.update(values)
    return type(obj)(**data)


class _Writer:
    """Adds copies and remembers them for the audit trail."""

    def __init__(self, contest_id: int):
        self.contest_id = contest_id
        self.created: list = []

    def add(self, obj):
        db.session.add(obj)
        self.created.append(obj)
        return obj

    def audit(self, action: str, target, new: dict) -> None:
        db.session.flush()
        audit.record(action, target, contest_id=self.contest_id, new=new)
        for obj in self.created:
            audit.record("create", obj, contest_id=self.contest_id, new=audit.snapshot(obj))


def _by_depth(nodes: list[Criterion]) -> list[list[Criterion]]:
    """Criteria level by level from the roots (parents before their children)."""
    ids = {node.id for node in nodes}
    children = defaultdict(list)
    for node in nodes:
        children[node.parent_id if node.parent_id in ids else None].append(node)
    levels, level = [], children[None]
    while level:
        levels.append(level)
        level = [child for node in level for child in children[node.id]]
    return levels


def _criteria_of(component_ids) -> list[Criterion]:
    return db.session.scalars(select(Criterion).where(Criterion.component_id.in_(component_ids))
                              .order_by(Criterion.position, Criterion.id)).all()


def _panels_of(**where) -> list[Panel]:
    query = select(Panel).order_by(Panel.id)
    for column, value in where.items():
        query = query.where(getattr(Panel, column) == value)
    return db.session.scalars(query).all()


def _copy_judges(writer: _Writer, source: Panel, copy: Panel) -> int:
    for seat in sorted(source.judges, key=lambda s: s.id):
        writer.add(_clone(seat, panel_id=copy.id))
    return len(source.judges)


# --------------------------------------------------------------------------- a stage


def stage_contents(stage: Stage) -> Counts:
    """What copying this stage would copy."""
    component_ids = select(Component.id).where(Component.stage_id == stage.id)
    return Counts(
        components=db.session.scalar(select(func.count()).select_from(component_ids.subquery())),
        rater_groups=db.session.scalar(select(func.count(RaterGroup.id)).where(
            RaterGroup.component_id.in_(component_ids))),
        criteria=db.session.scalar(select(func.count(Criterion.id)).where(
            Criterion.component_id.in_(component_ids))),
        panels=db.session.scalar(select(func.count(Panel.id)).where(Panel.stage_id == stage.id)),
        judges=db.session.scalar(select(func.count(PanelJudge.id)).join(Panel).where(
            Panel.stage_id == stage.id)))


def copy_stage(source: Stage, target: Stage, *, with_panels: bool = True) -> Counts:
    """Copy the assessment of `source` (and its panels with their judges) into `target`,
    a stage of the same contest that has no components yet. Heats the panels mark are
    found in the target by name, or copied (name and venue) when it has none of that name.
    Raises Invalid for the same stage, NotFound for another contest's stage, Conflict (and
    copies nothing) when the target already has components."""
    if target.contest_id != source.contest_id:
        raise NotFound(_("There is no such stage in this contest."), code="other_contest")
    if target.id == source.id:
        raise Invalid(_("Choose another stage to copy to."), code="same_stage")
    if not source.components:
        raise Invalid(_("“%(stage)s” has no components: there is nothing to copy.",
                        stage=source.name), code="nothing_to_copy")
    counts = Counts()
    writer = _Writer(source.contest_id)
    with all_or_nothing():
        begin_writing()  # the target is checked empty and filled in one go
        present = db.session.scalar(select(func.count(Component.id)).where(
            Component.stage_id == target.id))
        if present:
            raise Conflict(_("“%(stage)s” already has %(n)d components: nothing was copied. "
                             "Copy into a stage without components, or delete its "
                             "components first.", stage=target.name, n=present),
                           code="target_not_empty")
        components = {c.id: writer.add(_clone(c, stage_id=target.id)) for c in source.components}
        db.session.flush()
        groups = {}
        for old_component in source.components:
            for group in old_component.rater_groups:
                groups[group.id] = writer.add(
                    _clone(group, component_id=components[old_component.id].id))
        copies = {}
        for level in _by_depth(_criteria_of(list(components))):
            for node in level:
                copies[node.id] = writer.add(_clone(
                    node, component_id=components[node.component_id].id,
                    parent_id=copies[node.parent_id].id if node.parent_id else None))
            db.session.flush()
        counts.components, counts.rater_groups = len(components), len(groups)
        counts.criteria = len(copies)
        if with_panels:
            _copy_stage_panels(writer, source, target, components, groups, counts)
        writer.audit("copy_stage", target, {"from_stage": source.id, "to_stage": target.id,
                                            "panels": with_panels, **vars(counts)})
    return counts


def _copy_stage_panels(writer, source, target, components, groups, counts) -> None:
    panels = _panels_of(stage_id=source.id)
    heats = {heat.name: heat for heat in target.heats}
    source_heats = {heat.id: heat for heat in source.heats}
    heat_for = {}
    for panel in panels:
        if panel.heat_id is None or panel.heat_id in heat_for:
            continue
        old = source_heats[panel.heat_id]
        if old.name not in heats:
            heats[old.name] = writer.add(Heat(stage_id=target.id, name=old.name,
                                              venue=old.venue))
            counts.heats += 1
        heat_for[panel.heat_id] = heats[old.name]
    db.session.flush()
    pairs = []
    for panel in panels:
        heat = heat_for.get(panel.heat_id)
        pairs.append((panel, writer.add(_clone(
            panel, stage_id=target.id, heat_id=heat.id if heat else None,
            component_id=components[panel.component_id].id,
            rater_group_id=groups[panel.rater_group_id].id))))
    db.session.flush()
    for panel, copy in pairs:
        counts.judges += _copy_judges(writer, panel, copy)
    counts.panels = len(pairs)


# --------------------------------------------------------------------------- an event


def _event_lines(event: Event) -> list[Criterion]:
    """The event's own rubric lines and everything below them, parents first."""
    nodes = db.session.scalars(select(Criterion).join(Component).join(Stage).where(
        Stage.contest_id == event.contest_id).order_by(Criterion.position, Criterion.id)).all()
    children = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    picked, level = [], [n for n in nodes if n.event_id == event.id]
    seen = set()
    while level:
        level = [n for n in level if n.id not in seen]
        seen.update(n.id for n in level)
        picked += level
        level = [child for node in level for child in children[node.id]]
    return picked


def event_contents(event: Event) -> Counts:
    """What copying this event would copy."""
    return Counts(criteria=len(_event_lines(event)),
                  panels=db.session.scalar(select(func.count(Panel.id)).where(
                      Panel.event_id == event.id)),
                  judges=db.session.scalar(select(func.count(PanelJudge.id)).join(Panel).where(
                      Panel.event_id == event.id)))


def panel_name(name: str, source: Event, target: Event) -> str:
    """A copied panel's name: the source event's name in it replaced by the target's
    (“前台接待 实操组” → “客房服务 实操组”), otherwise the target's name added."""
    if source.name and source.name in name:
        return name.replace(source.name, target.name)
    return f"{name} · {target.name}"


def copy_event(source: Event, target: Event) -> Counts:
    """Copy the panels of `source` in every stage (with their judges) and its own rubric
    lines to `target`, an event of the same contest without panels or rubric lines of its
    own. Raises Invalid (same event, a name too long), NotFound (another contest's event),
    Conflict (the target has panels or rubric lines already, or a panel name is taken);
    nothing is copied then."""
    if target.contest_id != source.contest_id:
        raise NotFound(_("There is no such event in this contest."), code="other_contest")
    if target.id == source.id:
        raise Invalid(_("Choose another event to copy to."), code="same_event")
    counts = Counts()
    writer = _Writer(source.contest_id)
    with all_or_nothing():
        begin_writing()
        _refuse_filled_event(target)
        panels = _panels_of(event_id=source.id)
        lines = _by_depth(_event_lines(source))
        if not panels and not lines:
            raise Invalid(_("“%(event)s” has no panels and no rubric lines of its own: there "
                            "is nothing to copy.", event=source.name), code="nothing_to_copy")
        names = _panel_names(panels, source, target)
        copies = {}
        for level in lines:
            for node in level:
                parent = copies[node.parent_id].id if node.parent_id in copies else node.parent_id
                copies[node.id] = writer.add(_clone(
                    node, parent_id=parent,
                    event_id=target.id if node.event_id == source.id else node.event_id))
            db.session.flush()
        pairs = [(panel, writer.add(_clone(panel, event_id=target.id, name=names[panel.id])))
                 for panel in panels]
        db.session.flush()
        for panel, copy in pairs:
            counts.judges += _copy_judges(writer, panel, copy)
        counts.criteria, counts.panels = len(copies), len(pairs)
        writer.audit("copy_event", target, {"from_event": source.id, "to_event": target.id,
                                            **vars(counts)})
    return counts


def _refuse_filled_event(target: Event) -> None:
    panels = db.session.scalar(select(func.count(Panel.id)).where(Panel.event_id == target.id))
    lines = db.session.scalar(select(func.count(Criterion.id)).where(
        Criterion.event_id == target.id))
    if panels or lines:
        raise Conflict(_("“%(event)s” already has %(panels)d panels and %(lines)d rubric lines "
                         "of its own: nothing was copied. Copy into an event without them, or "
                         "delete them first.", event=target.name, panels=panels, lines=lines),
                       code="target_not_empty")


def _panel_names(panels: list[Panel], source: Event, target: Event) -> dict[int, str]:
    """The copies' names, refused when too long or already used in their stage."""
    names = {panel.id: panel_name(panel.name, source, target) for panel in panels}
    for panel in panels:
        if len(names[panel.id]) > PANEL_NAME_MAX:
            raise Invalid(_("The copy of panel “%(name)s” would have a name longer than "
                            "%(max)d characters: shorten it first; nothing was copied.",
                            name=panel.name, max=PANEL_NAME_MAX), code="name_too_long")
    taken = set(db.session.execute(select(Panel.stage_id, Panel.name).where(or_(*(
        (Panel.stage_id == panel.stage_id) & (Panel.name == names[panel.id])
        for panel in panels)))).all()) if panels else set()
    planned = [(panel.stage_id, names[panel.id]) for panel in panels]
    clash = next((key for key in planned if key in taken or planned.count(key) > 1), None)
    if clash is not None:
        raise Conflict(_("A panel named “%(name)s” already exists in that stage: rename it "
                         "first; nothing was copied.", name=clash[1]), code="panel_name_taken")
    return names


# --------------------------------------------------------------------------- a contest


def suggest_next(source: Contest) -> dict:
    """Code, name and year proposed for the next edition of `source`."""
    year = source.year + 1
    old, new = str(source.year), str(year)
    code = source.code.replace(old, new) if old in source.code else f"{source.code}-{new}"
    name = source.name.replace(old, new) if old in source.name else source.name
    return {"code": code[:40], "name": name[:200], "year": year}


def next_edition(source: Contest, *, code: str, name: str, year: int, member) -> Contest:
    """A new contest with the whole configuration of `source` (stages with heats,
    events, components, rater groups, rubric, ranking order, award rules with tiers, title
    rules) and none of its people, entries, panels, marks or results; `member` (the
    organizer creating it) is its first member. Built from `source`'s contest template, so
    exactly what a template carries is copied."""
    document = export(source)
    if not document["stages"]:
        raise Invalid(_("“%(name)s” has no stages: there is nothing to copy.",
                        name=source.name), code="nothing_to_copy")
    return create_contest(document, code=code, name=name, year=year, member=member)
