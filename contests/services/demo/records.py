"""Idempotent writes for the demo: each row is found by its natural key, then created or
updated in place, so loading twice changes nothing and duplicates nothing."""
from decimal import Decimal

from sqlalchemy import select

from ...extensions import db
from ...models import AwardRule, AwardTier, Component, Criterion, Panel, PanelJudge, RaterGroup
from ..marks_guard import marks_under


class Sync:
    """Creates or updates rows by natural key and counts what it changed."""

    def __init__(self) -> None:
        self.created = 0
        self.updated = 0

    def put(self, model, key: dict, initial: dict | None = None, **values):
        """The row of `model` matching `key`, created if missing, else given `values`.
        `initial` values are set on creation only (state that the services move on later,
        such as an entry's status once advancement is confirmed)."""
        row = db.session.scalar(select(model).filter_by(**key))
        if row is None:
            row = model(**key, **(initial or {}), **values)
            db.session.add(row)
            db.session.flush()  # ids are needed by the rows that refer to this one
            self.created += 1
            return row
        changed = False
        for name, value in values.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
                changed = True
        self.updated += changed
        return row


def item(code: str, name: str, points=None, children=(), kind: str = "normal",
         step: str = "0.5", aspect: str = "judgement", tolerance: str | None = None) -> dict:
    """A rubric line; a parent's maximum is the sum of its children's. `aspect`: a
    judgement or a measurement (one objective value); `tolerance`: the widest spread the
    judges' marks for it may have before the chief judge must look again."""
    if children:
        points = sum(Decimal(child["max_points"]) for child in children)
        for child in children:
            child["kind"] = kind  # sub-items of a bonus or veto item are of the same kind
    return dict(code=code, name=name, max_points=Decimal(points), children=list(children),
                kind=kind, step=Decimal(step), aspect=aspect,
                tolerance=None if tolerance is None else Decimal(tolerance))


def put_rubric(sync: Sync, component: Component, items: list[dict],
               parent: Criterion | None = None, event_id: int | None = None) -> None:
    """Write a rubric tree under `component` (criteria keyed by their code)."""
    for position, line in enumerate(items, start=1):
        criterion = sync.put(
            Criterion, dict(component_id=component.id, code=line["code"]),
            name=line["name"], max_points=line["max_points"], step=line["step"],
            kind=line["kind"], aspect=line["aspect"], tolerance=line["tolerance"],
            position=position, event_id=event_id,
            parent_id=parent.id if parent else None)
        put_rubric(sync, component, line["children"], criterion, event_id)


def put_component(sync: Sync, stage, name: str, position: int, weight, groups: list[dict],
                  **values) -> Component:
    """A component of `stage` with its rater groups, given as dicts of RaterGroup fields."""
    component = sync.put(Component, dict(stage_id=stage.id, name=name), position=position,
                         weight=Decimal(weight), **values)
    for group_position, group in enumerate(groups, start=1):
        fields = dict(group)
        sync.put(RaterGroup, dict(component_id=component.id, name=fields.pop("name")),
                 position=group_position, weight=Decimal(fields.pop("weight")), **fields)
    return component


def group(component: Component, name: str) -> RaterGroup:
    return db.session.scalar(select(RaterGroup).filter_by(component_id=component.id, name=name))


def put_panel(sync: Sync, name: str, stage, event, component: Component, rater_group_name: str,
              judges: list, chief=None, heat_id: int | None = None) -> Panel:
    """A panel marking one (stage, event, component, rater group), with exactly these
    judges: every member marks (the chief judge too), so members no longer listed are
    taken off the panel (unless they already marked on it)."""
    rater_group = group(component, rater_group_name)
    panel = sync.put(Panel, dict(stage_id=stage.id, event_id=event.id, heat_id=heat_id,
                                 component_id=component.id, rater_group_id=rater_group.id),
                     name=name)
    for judge in judges:
        sync.put(PanelJudge, dict(panel_id=panel.id, user_id=judge.id), is_chief=False)
    if chief is not None:
        sync.put(PanelJudge, dict(panel_id=panel.id, user_id=chief.id), is_chief=True)
    listed = {judge.id for judge in judges} | ({chief.id} if chief is not None else set())
    for member in db.session.scalars(select(PanelJudge).where(
            PanelJudge.panel_id == panel.id, PanelJudge.user_id.not_in(listed))).all():
        if marks_under(member):
            continue
        db.session.delete(member)
        sync.updated += 1
    return panel


def put_award_rule(sync: Sync, contest, name: str, tiers: list[dict], **values) -> AwardRule:
    """An award rule keyed by its name in the contest, with tiers keyed by their names."""
    rule = sync.put(AwardRule, dict(contest_id=contest.id, name=name), **values)
    for position, tier in enumerate(tiers, start=1):
        fields = dict(tier)
        sync.put(AwardTier, dict(rule_id=rule.id, name=fields.pop("name")), position=position,
                 **fields)
    return rule


def tier(rule: AwardRule, name: str) -> AwardTier:
    return db.session.scalar(select(AwardTier).filter_by(rule_id=rule.id, name=name))
