"""The one path from database rows to the scoring core's inputs: rubric, component, rater
group. The judge's running total on the tablet (services/judging/rubric.py) and the
official results (services/results/loading.py) both build them here, so the same sheet
totals the same on both.

The rules, stated once:

- **Which criteria.** A component's rubric for an event is its criteria for every event
  plus those for that event, in (position, id) order.
- **Top-level items.** A criterion is top-level when its parent is not among the criteria
  loaded (no parent, or a parent line kept for another event): the sheet shows it at the
  top, so it counts at the top.
- **Kinds.** A top-level item's kind counts; its sub-items inherit it (the core's rule).
- **Keys.** The core knows a criterion by ``criterion_label``: "A1 服务质量", or its name
  when it has no code, with "#id" added when two loaded criteria would share a label.
  These are the names people read in explanations; the judging side maps its criterion
  ids to them.
- **Marks.** A sheet's marks reach the core as plain values (criterion id -> value):
  the judge's running total passes what the tablet holds; the official results read
  them as plain rows (no object per mark, results/loading.py) and turn each sheet's into
  the core's marks with ``LeafReader``. A criterion outside the rubric is left out; an
  item not marked yet counts 0.
- **Full marks.** ``Component.max_score`` is the rubric's ``max_points``: a sheet's total
  (normal items plus bonus) does not pass the component's full marks unless the organizer
  lets bonus pass full marks (``allow_over_max``), which lifts that bound altogether.
  When the normal items can add up to more than full marks, a sheet above full marks is
  brought down to full marks and its explanation says so (the core's note
  ``sheet.total_capped``), as a parent item is bounded by its own maximum; when they add
  up to less, bonus items may fill the gap up to full marks.
"""
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Protocol

from sqlalchemy import Select, or_, select

from ..extensions import db
from ..models import Criterion
from ..scoring import aggregation as core_aggregation
from ..scoring import components as core_components
from ..scoring import rater_groups as core_groups
from ..scoring import rubric as core_rubric

ZERO = Decimal(0)

#: What the adapter reads of a criterion: a row of these columns or a Criterion object.
CRITERION_COLUMNS = (Criterion.id, Criterion.parent_id, Criterion.code, Criterion.name,
                     Criterion.max_points, Criterion.kind)


class CriterionLine(Protocol):
    id: int
    parent_id: int | None
    code: str | None
    name: str
    max_points: Decimal
    kind: str


def criteria_of(component_id: int, event_id: int | None, *columns) -> Select:
    """Select ``columns`` (default CRITERION_COLUMNS) of the rubric lines of a component
    that apply to an event, in order."""
    return (select(*(columns or CRITERION_COLUMNS)).where(
        Criterion.component_id == component_id,
        or_(Criterion.event_id.is_(None), Criterion.event_id == event_id))
        .order_by(Criterion.position, Criterion.id))


def criterion_rows(component_id: int, event_id: int | None) -> list:
    """The rubric lines of a component that apply to an event, as plain rows."""
    return db.session.execute(criteria_of(component_id, event_id)).all()


def criterion_label(code: str | None, name: str) -> str:
    """How people read a criterion: "A1 服务质量", or its name when it has no code."""
    return f"{code} {name}" if code else name


def criterion_keys(rows: Iterable[CriterionLine]) -> dict[int, str]:
    """Criterion id -> the core's key: its label, with the id only on a clash."""
    keys: dict[int, str] = {}
    seen: set[str] = set()
    for c in rows:
        key = criterion_label(c.code, c.name)
        if key in seen:
            key = f"{key} #{c.id}"
        seen.add(key)
        keys[c.id] = key
    return keys


def top_level(rows: Iterable[CriterionLine]) -> list:
    """The top-level items: those whose parent is not among the rows."""
    rows = list(rows)
    ids = {c.id for c in rows}
    return [c for c in rows if c.parent_id not in ids]


def rubric(component, rows: list[CriterionLine],
           keys: Mapping[int, str] | None = None) -> core_rubric.Rubric:
    """The core rubric of ``component`` (its full marks, bonus cap and exceed flag) over
    its criterion ``rows``, keyed by ``keys`` (criterion_keys(rows) when not given)."""
    keys = criterion_keys(rows) if keys is None else keys
    ids = {c.id for c in rows}
    children: dict[int, list] = {}
    for c in rows:
        if c.parent_id in ids:
            children.setdefault(c.parent_id, []).append(c)

    def build(c, kind: str) -> core_rubric.Criterion:
        kids = tuple(build(k, "normal") for k in children.get(c.id, ()))
        return core_rubric.Criterion(key=keys[c.id], max_points=c.max_points, kind=kind,
                                     children=kids, label=c.name)

    return core_rubric.Rubric(tuple(build(c, c.kind) for c in top_level(rows)),
                              max_points=component.max_score, bonus_cap=component.bonus_cap,
                              allow_exceed_max=component.allow_over_max)


def rater_group(group) -> core_groups.RaterGroup:
    """The core rater group: weight and how its judges' marks are combined."""
    rule = core_aggregation.AggregationRule(group.aggregation, group.trim_k, group.trim_fallback)
    return core_groups.RaterGroup(group.name, group.weight, rule, group.name,
                                  aggregation_level=group.aggregation_level,
                                  normalisation=group.normalisation or "none")


def component(row, rows: list[CriterionLine],
              keys: Mapping[int, str] | None = None) -> core_components.Component:
    """The core component of a Component ``row``: its rubric over the criterion ``rows``,
    weight, pass mark and rater groups."""
    return core_components.Component(
        row.name, rubric(row, rows, keys), row.weight, row.pass_mark, row.name,
        rater_groups=tuple(rater_group(g) for g in row.rater_groups))


class LeafReader:
    """``sheet_marks``, ``leaf_marks`` and ``vetoes`` in one step for many sheets of one
    rubric, its criteria looked up by id once (the official results read marks by
    criterion id: loading.py). Same rule: a criterion outside the rubric is left out, an
    item not marked yet counts 0, a veto item marked non-zero vetoes."""

    def __init__(self, rubric: core_rubric.Rubric, ids: Mapping[str, int]):
        """``ids``: criterion key -> criterion id."""
        self.leaves = tuple((ids.get(key), key) for key in rubric.leaf_keys)
        self.vetoes = tuple((ids.get(key), key) for key in sorted(rubric.veto_keys))

    def leaf_marks(self, values: Mapping[int, Decimal]) -> dict[str, Decimal]:
        """One sheet's marks (criterion id -> value) as leaf_marks gives them."""
        get = values.get
        return {key: get(cid, ZERO) for cid, key in self.leaves}

    def vetoed(self, values: Mapping[int, Decimal]) -> list[str]:
        """The veto items the sheet marks, sorted (as ``vetoes``)."""
        return [key for cid, key in self.vetoes if values.get(cid)]


def sheet_marks(keys: Mapping[int, str], values: Mapping[int, Decimal]) -> dict[str, Decimal]:
    """One sheet's marks (criterion id -> value) by the core's key; marks on criteria
    outside the rubric are left out."""
    return {keys[cid]: value for cid, value in values.items() if cid in keys}


def leaf_marks(rubric: core_rubric.Rubric, marks: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """The marked items of a sheet for the core: an item not marked yet counts 0."""
    return {key: marks.get(key, ZERO) for key in rubric.leaf_keys}


def vetoes(rubric: core_rubric.Rubric, marks: Mapping[str, Decimal]) -> list[str]:
    """The veto items a sheet marks (any non-zero mark), sorted."""
    return sorted(key for key in rubric.veto_keys if marks.get(key))
