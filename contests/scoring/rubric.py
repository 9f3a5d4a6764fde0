"""Rubric totals: a tree of criteria, bonus items with a cap, one-vote veto.

A rubric is a tree of :class:`Criterion`. Judges mark the leaves; a parent is
the sum of its sub-items bounded by its own maximum; the top-level normal
items make the base, bonus items are added on top under their own cap, and the
total may pass the base maximum only if the organizer allows it. Deduction
items (扣分项: unsafe operation, overtime) are marked as the points taken off,
0..their maximum, and subtracted last; the total never goes below zero (a note
says so when that floor applies). A veto criterion carries no points: a judge
marks it with a reason and the entry is vetoed (see pipeline.py). ``kind`` is
set on top-level criteria; sub-items inherit it.

Total = min(base + min(bonus, cap), max unless exceeding is allowed)
        - deductions, floored at 0.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from operator import gt, itemgetter
from typing import Any

from .explain import TraceLine, note
from .values import ZERO, as_optional_decimal, check_choice, check_unique, scoring_context
from .vocabulary import N_, Vocabulary

#: A rubric item adds points, adds bonus points on top, takes points off (a
#: deduction, marked as the points taken off), or excludes the entry (veto).
CRITERION_KIND_VOCABULARY = Vocabulary("kind", {
    "normal": N_("Normal"),
    "bonus": N_("Bonus"),
    "deduction": N_("Deduction"),
    "veto": N_("One-vote veto"),
})
CRITERION_KINDS = CRITERION_KIND_VOCABULARY.names
#: Kinds whose marks are points (a veto item's mark only says the veto applies).
SCORED_KINDS = ("normal", "bonus", "deduction")

#: WorldSkills aspects: a measurement is one objective value; a judgement is a short
#: scale (e.g. 0-3) marked by several judges. Shown to organizers and judges; the
#: tolerance on a criterion's spread (consistency.py) applies to either.
ASPECT_VOCABULARY = Vocabulary("aspect", {
    "judgement": N_("Judgement"),
    "measurement": N_("Measurement"),
})
ASPECTS = ASPECT_VOCABULARY.names


@dataclass(frozen=True)
class Criterion:
    """One rubric item. A marked leaf needs ``max_points``; a parent's is
    optional (without it the parent is just the sum of its sub-items); veto
    items carry no points."""

    key: str
    max_points: Decimal | None = None
    kind: str = "normal"
    children: tuple[Criterion, ...] = ()
    label: str = ""

    def __post_init__(self) -> None:
        check_choice(self.kind, CRITERION_KINDS, f"criterion {self.key} kind")
        object.__setattr__(self, "children", tuple(self.children))
        mx = as_optional_decimal(self.max_points, f"criterion {self.key} max_points")
        if mx is not None and mx < 0:
            raise ValueError(f"criterion {self.key}: max_points {mx} is negative")
        object.__setattr__(self, "max_points", mx)


@dataclass(frozen=True)
class SheetTotal:
    """A rubric evaluated on one vector of leaf values, all multiplied by
    ``scale`` (the pipeline passes sums of ``scale`` judges' marks so that a
    mean is divided only once, at the end)."""

    node_values: tuple[Decimal, ...]
    base: Decimal
    bonus: Decimal
    total: Decimal
    scale: int = 1
    notes: tuple[TraceLine, ...] = ()
    deduction: Decimal = ZERO  # the points deduction items take off (before the floor)


def _getter(slots: list) -> Callable[[Any], tuple]:
    # itemgetter returns a bare value for one key; always return a tuple.
    if len(slots) == 1:
        only = slots[0]
        return lambda values: (values[only],)
    return itemgetter(*slots) if slots else (lambda values: ())


@dataclass(frozen=True)
class _Plan:
    """The criterion tree compiled for fast totals (built once per rubric)."""

    leaf_set: frozenset[str]
    row_of: Callable[[Mapping], tuple]       # marks mapping -> leaf values in order
    parent_ops: tuple                        # (key, children getter, cap or None), bottom-up
    base_of: Callable[[list], tuple]         # node values -> top-level normal items
    bonus_of: Callable[[list], tuple]        # node values -> top-level bonus items
    deduction_of: Callable[[list], tuple]    # node values -> top-level deduction items
    bonus_cap: Decimal | None                # only if it can bind
    flat: tuple | None                       # (normal, bonus, deduction leaves getters)
                                             # when no parent cap can bind
    spans: tuple[slice, ...]                 # each parent's leaves (contiguous, depth first)
    least_max: Decimal                       # the smallest leaf maximum


@dataclass(frozen=True)
class Rubric:
    """A criterion tree plus the base maximum, bonus cap and exceed flag.

    Derived on construction: ``leaf_keys``/``leaf_maxes`` (marked items, depth
    first), ``node_keys`` (leaves, then parents bottom-up) and ``veto_keys``.
    """

    criteria: tuple[Criterion, ...]
    max_points: Decimal | None = None
    bonus_cap: Decimal | None = None
    allow_exceed_max: bool = False
    leaf_keys: tuple[str, ...] = field(init=False)
    leaf_maxes: tuple[Decimal, ...] = field(init=False)
    node_keys: tuple[str, ...] = field(init=False)
    veto_keys: frozenset[str] = field(init=False)
    #: The total is the plain sum of the marks: every marked item is a normal one and no
    #: maximum (a parent's, the base's) can bind, so a sheet may be totalled before it
    #: reaches the core (presummed.py) without changing any number or note.
    summable: bool = field(init=False)
    _plan: _Plan = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        def set_(name, value):
            return object.__setattr__(self, name, value)
        set_("criteria", tuple(self.criteria))
        leaves: list[tuple[Criterion, str]] = []
        parents: list[tuple[Criterion, list, Decimal | None]] = []
        spans: list[slice] = []
        vetoes: list[str] = []

        def visit(c: Criterion, kind: str) -> tuple[str, int, Decimal]:
            """Compile one scored item; returns (leaf|parent, index, greatest reachable value)."""
            if c.kind not in ("normal", kind):
                raise ValueError(f"criterion {c.key}: sub-item kind {c.kind} differs from {kind}")
            if not c.children:
                if c.max_points is None:
                    raise ValueError(f"criterion {c.key}: a marked item needs max_points")
                leaves.append((c, kind))
                return ("leaf", len(leaves) - 1, c.max_points)
            first = len(leaves)
            refs = [visit(child, kind) for child in c.children]
            reach = sum((r[2] for r in refs), ZERO)
            cap = c.max_points if c.max_points is not None and reach > c.max_points else None
            parents.append((c, refs, cap))
            spans.append(slice(first, len(leaves)))
            return ("parent", len(parents) - 1, reach if cap is None else cap)

        def walk_veto(c: Criterion) -> None:
            """Collect a veto item and its sub-items (all may be marked with a reason)."""
            vetoes.append(c.key)
            for child in c.children:
                walk_veto(child)

        tops: dict[str, list] = {"normal": [], "bonus": [], "deduction": []}
        for c in self.criteria:
            if c.kind == "veto":
                walk_veto(c)
            else:
                tops[c.kind].append(visit(c, c.kind))
        if not leaves:
            raise ValueError("a rubric needs at least one marked criterion")
        n = len(leaves)
        def slot(ref):
            return ref[1] if ref[0] == "leaf" else n + ref[1]
        max_points = as_optional_decimal(self.max_points, "rubric max_points")
        bonus_cap = as_optional_decimal(self.bonus_cap, "rubric bonus_cap")
        base_reach = sum((r[2] for r in tops["normal"]), ZERO)
        bonus_reach = sum((r[2] for r in tops["bonus"]), ZERO)
        set_("max_points", base_reach if max_points is None else max_points)
        set_("bonus_cap", bonus_cap)
        set_("leaf_keys", tuple(c.key for c, _ in leaves))
        set_("leaf_maxes", tuple(c.max_points for c, _ in leaves))
        set_("node_keys", self.leaf_keys + tuple(c.key for c, _, _ in parents))
        set_("veto_keys", frozenset(vetoes))
        check_unique(self.node_keys + tuple(vetoes), "criterion key")
        no_caps = all(cap is None for _, _, cap in parents)
        set_("summable", no_caps and not tops["bonus"] and not tops["deduction"]
             and (self.allow_exceed_max or base_reach <= self.max_points))
        by_kind = {k: _getter([i for i, (_, kind) in enumerate(leaves) if kind == k])
                   for k in SCORED_KINDS}
        set_("_plan", _Plan(
            frozenset(self.leaf_keys), _getter(list(self.leaf_keys)),
            tuple((c.key, _getter([slot(r) for r in refs]), cap) for c, refs, cap in parents),
            _getter([slot(r) for r in tops["normal"]]), _getter([slot(r) for r in tops["bonus"]]),
            _getter([slot(r) for r in tops["deduction"]]),
            bonus_cap if bonus_cap is not None and bonus_reach > bonus_cap else None,
            tuple(by_kind[k] for k in SCORED_KINDS) if no_caps else None, tuple(spans),
            min(self.leaf_maxes)))

    def leaf_row(self, marks: Mapping[str, Decimal], where: str = "sheet",
                 check_range: bool = True) -> tuple:
        """Return one sheet's marks in ``leaf_keys`` order, checking that every
        marked criterion is present, none is unknown, and (unless the caller
        checks it in bulk) each lies in 0..max. Raises ValueError naming
        ``where`` and the criterion."""
        leaf_set, row_of = self._plan.leaf_set, self._plan.row_of
        try:
            # Same size and every leaf present means exactly the leaf keys.
            row = row_of(marks) if len(marks) == len(leaf_set) else None
        except KeyError:
            row = None
        if row is None:
            missing = sorted(leaf_set - marks.keys())
            extra = sorted(marks.keys() - leaf_set)
            raise ValueError(f"{where}: missing criteria {missing}, unknown criteria {extra}")
        if check_range and not self.in_range(row, row):
            for key, value, mx in zip(self.leaf_keys, row, self.leaf_maxes):
                if not ZERO <= value <= mx:
                    raise ValueError(f"{where}: criterion {key} mark {value} is outside 0..{mx}")
        return row

    def leaf_rows(self, sheets_marks: list, where: str = "sheet") -> list[tuple]:
        """:meth:`leaf_row` for several sheets at once, without the range check
        (the pipeline checks ranges in bulk with :meth:`in_range`)."""
        leaf_set, row_of = self._plan.leaf_set, self._plan.row_of
        if set(map(len, sheets_marks)) == {len(leaf_set)}:
            try:
                return list(map(row_of, sheets_marks))
            except KeyError:
                pass
        return [self.leaf_row(marks, where, check_range=False) for marks in sheets_marks]

    def in_range(self, lowest: tuple, highest: tuple) -> bool:
        """Whether per-leaf ``lowest`` marks are >= 0 and ``highest`` marks
        are within each leaf's maximum."""
        if min(lowest) < 0:
            return False
        top = max(highest)
        # Usually every item has the same maximum (or none is reached): one comparison.
        return top <= self._plan.least_max or not any(map(gt, highest, self.leaf_maxes))

    def evaluate(self, leaf_values: tuple | list, scale: int = 1) -> SheetTotal:
        """Total a vector of leaf values (each ``scale`` times a real value):
        parents bounded by their maximum, bonus capped, total bounded unless
        ``allow_exceed_max``. Returns the parent subtotals as well."""
        with scoring_context():
            values, base, bonus, total, notes = self.evaluate_fast(leaf_values, scale)
            deduction = sum(self._plan.deduction_of(list(values)), ZERO)
        return SheetTotal(values, base, bonus, total, scale, notes, deduction)

    def evaluate_fast(self, leaf_values: tuple | list, scale: int = 1) -> tuple:
        """:meth:`evaluate` as a plain tuple (node values, base, bonus, total,
        notes), for the pipeline."""
        plan = self._plan
        values = list(leaf_values)
        notes: tuple[TraceLine, ...] = ()
        for key, children_of, cap in plan.parent_ops:
            subtotal = sum(children_of(values), ZERO)
            if cap is not None and subtotal > cap * scale:
                notes += (note("sheet.parent_capped", criterion=key, raw=subtotal / scale, max=cap),)
                subtotal = cap * scale
            values.append(subtotal)
        base = sum(plan.base_of(values), ZERO)
        bonus = sum(plan.bonus_of(values), ZERO)
        deduction = sum(plan.deduction_of(values), ZERO)
        bonus, total, more = self._cap_total(base, bonus, deduction, scale)
        return tuple(values), base, bonus, total, notes + more

    def total_fast(self, leaf_values: tuple | list, scale: int = 1) -> tuple:
        """Only the total and its notes: when no parent maximum can bind, the
        parents need not be summed one by one (the hot path of a stage)."""
        if self._plan.flat is None:
            *_, total, notes = self.evaluate_fast(leaf_values, scale)
            return total, notes
        normal_of, bonus_of, deduction_of = self._plan.flat
        base = sum(normal_of(leaf_values), ZERO)
        bonus = sum(bonus_of(leaf_values), ZERO)
        deduction = sum(deduction_of(leaf_values), ZERO)
        return self._cap_total(base, bonus, deduction, scale)[1:]

    def node_value(self, leaf_values: tuple | list, index: int, scale: int = 1) -> Decimal:
        """Value of one node (``node_keys[index]``): a leaf's own value, or a
        parent's subtotal, bounded as in :meth:`evaluate`."""
        n = len(self.leaf_keys)
        if index < n:
            return leaf_values[index]
        if self._plan.flat is not None:  # no maximum can bind: the sum of its leaves
            return sum(leaf_values[self._plan.spans[index - n]], ZERO)
        return self.evaluate_fast(leaf_values, scale)[0][index]

    def deduction(self, leaf_values: tuple | list, scale: int = 1) -> Decimal:
        """The points a vector of leaf values takes off (its deduction items'
        sum, each item bounded by its maximum as a parent is)."""
        values = self.evaluate_fast(leaf_values, scale)[0]
        return sum(self._plan.deduction_of(values), ZERO)

    def _cap_total(self, base: Decimal, bonus: Decimal, deduction: Decimal,
                   scale: int) -> tuple:
        # Bonus cap, then the base maximum unless exceeding it is allowed, then
        # deductions taken off; the total never goes below zero.
        notes: tuple[TraceLine, ...] = ()
        cap = self._plan.bonus_cap
        if cap is not None and bonus > cap * scale:
            notes += (note("sheet.bonus_capped", raw=bonus / scale, cap=cap),)
            bonus = cap * scale
        total = base + bonus
        if not self.allow_exceed_max and total > self.max_points * scale:
            notes += (note("sheet.total_capped", raw=total / scale, max=self.max_points),)
            total = self.max_points * scale
        if deduction:
            if deduction > total:
                notes += (note("sheet.deduction_floored", before=total / scale,
                               deduction=deduction / scale),)
                total = ZERO
            else:
                total -= deduction
        return bonus, total, notes

    def sheet_total(self, marks: Mapping[str, Decimal]) -> SheetTotal:
        """Check and total one judge's sheet (criterion key -> Decimal mark)."""
        return self.evaluate(self.leaf_row(marks))

    def check_vetoes(self, vetoes: Mapping[str, str], where: str = "sheet") -> None:
        """Raise ValueError if a veto names a criterion that is not a veto item."""
        unknown = sorted(set(vetoes) - self.veto_keys)
        if unknown:
            raise ValueError(f"{where}: {unknown} are not veto criteria of this rubric")
