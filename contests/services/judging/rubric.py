"""A panel's rubric as the judge's sheet shows it, and the sheet's running total, built
through services/scoring_inputs.py like the official results."""
from decimal import Decimal
from functools import cache

from sqlalchemy import Select, bindparam

from ... import display
from ...extensions import db
from ...models import Criterion, Panel
from ...scoring import rubric as core
from .. import scoring_inputs as inputs


def criteria(panel: Panel) -> list[Criterion]:
    """All rubric lines of the panel's component that apply to its event, in order (the
    lines the official results count: scoring_inputs.criteria_of)."""
    return db.session.scalars(_criteria_query(), {
        "rubric_component_id": panel.component_id, "rubric_event_id": panel.event_id}).all()


@cache
def _criteria_query() -> Select:
    """scoring_inputs.criteria_of with parameters, built once (every save runs it)."""
    return inputs.criteria_of(bindparam("rubric_component_id"), bindparam("rubric_event_id"),
                              Criterion)


def tree(rows: list[Criterion]) -> list[tuple[Criterion, int]]:
    """Depth-first (criterion, depth) pairs, for showing the sheet as an indented list
    (top-level items as scoring_inputs.top_level finds them)."""
    children: dict[int | None, list[Criterion]] = {}
    tops = {c.id for c in inputs.top_level(rows)}
    for c in rows:
        children.setdefault(None if c.id in tops else c.parent_id, []).append(c)
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


def core_rubric(panel: Panel, rows: list[Criterion]) -> core.Rubric:
    """The panel's rubric for the scoring core, built as the official results build it
    (services/scoring_inputs.py), keyed by criterion label."""
    return inputs.rubric(panel.component, rows)


def running_total(panel: Panel, rows: list[Criterion], values: dict[int, Decimal]) -> dict:
    """The sheet's total so far (unmarked items count 0), whether it is complete and
    whether a veto is marked. ``total`` is exact; ``total_text`` is what the judge reads,
    at the contest's precision (as the published total is shown)."""
    keys = inputs.criterion_keys(rows)
    rubric = inputs.rubric(panel.component, rows, keys)
    marks = inputs.sheet_marks(keys, values)
    result = rubric.evaluate(tuple(inputs.leaf_marks(rubric, marks).values()))
    places = panel.stage.contest.decimal_places
    return {"base": str(result.base), "bonus": str(result.bonus), "total": str(result.total),
            "total_text": display.score(result.total, places),
            "deduction": str(result.deduction),
            "deduction_text": display.score(result.deduction, places),
            "complete": all(key in marks for key in rubric.leaf_keys),
            "vetoed": bool(inputs.vetoes(rubric, marks))}
