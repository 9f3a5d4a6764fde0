"""A panel's rubric, read from the database and handed to the scoring core."""
from decimal import Decimal

from sqlalchemy import or_, select

from ...extensions import db
from ...models import Criterion, Panel
from ...scoring import rubric as core


def criteria(panel: Panel) -> list[Criterion]:
    """All rubric lines of the panel's component that apply to its event, in order."""
    return db.session.scalars(select(Criterion).where(
        Criterion.component_id == panel.component_id,
        or_(Criterion.event_id.is_(None), Criterion.event_id == panel.event_id))
        .order_by(Criterion.position, Criterion.id)).all()


def tree(rows: list[Criterion]) -> list[tuple[Criterion, int]]:
    """Depth-first (criterion, depth) pairs, for showing the sheet as an indented list."""
    children: dict[int | None, list[Criterion]] = {}
    ids = {c.id for c in rows}
    for c in rows:
        children.setdefault(c.parent_id if c.parent_id in ids else None, []).append(c)
    out: list[tuple[Criterion, int]] = []

    def walk(parent_id, depth):
        for c in children.get(parent_id, []):
            out.append((c, depth))
            walk(c.id, depth + 1)

    walk(None, 0)
    return out


def markable(rows: list[Criterion]) -> dict[int, Criterion]:
    """Criteria a judge marks: the leaves (parents are sums of their sub-items)."""
    parents = {c.parent_id for c in rows if c.parent_id}
    return {c.id: c for c in rows if c.id not in parents}


def kind_of(criterion: Criterion, by_id: dict[int, Criterion]) -> str:
    """Sub-items inherit the kind of their top-level item (a bonus item's sub-items…)."""
    node = criterion
    while node.parent_id and node.parent_id in by_id:
        node = by_id[node.parent_id]
    return node.kind


def _core_criterion(c: Criterion, children: dict) -> core.Criterion:
    kids = tuple(_core_criterion(k, children) for k in children.get(c.id, []))
    return core.Criterion(key=str(c.id), max_points=c.max_points,
                          kind=c.kind if c.parent_id is None else "normal",
                          children=kids, label=c.name)


def core_rubric(panel: Panel, rows: list[Criterion]) -> core.Rubric:
    children: dict[int, list[Criterion]] = {}
    for c in rows:
        if c.parent_id:
            children.setdefault(c.parent_id, []).append(c)
    tops = [c for c in rows if c.parent_id is None]
    component = panel.component
    return core.Rubric(tuple(_core_criterion(c, children) for c in tops),
                       max_points=None, bonus_cap=component.bonus_cap,
                       allow_exceed_max=component.allow_over_max)


def running_total(panel: Panel, rows: list[Criterion], values: dict[int, Decimal]) -> dict:
    """The sheet's total so far (unmarked items count 0) and whether it is complete."""
    rubric = core_rubric(panel, rows)
    leaf_values = [values.get(int(key), Decimal(0)) for key in rubric.leaf_keys]
    result = rubric.evaluate(leaf_values)
    vetoed = any(values.get(int(key)) for key in rubric.veto_keys)
    complete = all(int(key) in values for key in rubric.leaf_keys)
    return {"base": str(result.base), "bonus": str(result.bonus), "total": str(result.total),
            "complete": complete, "vetoed": vetoed}
