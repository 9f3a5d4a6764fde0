"""A stage's ranking order: the ordered ranking items that decide its standings.

Each item is one of the registry's metrics (scoring.ranking.METRICS: total, time ...) or a
component or criterion of the stage itself, named as the organizer sees it:

    total  ·  time  ·  component:实操技能  ·  criterion:A1 服务质量

`Stage.ranking_metrics` holds them comma separated. This module is the one reader of that
column: it parses and checks the text against the stage's own components and criteria,
refusing (`Invalid`, naming the bad item) anything it cannot rank by, and it is the one
writer (`save` stores only canonical items). The organizer's chooser, contest templates
and the results all go through it."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from ...extensions import db
from ...models import Component, Criterion, Stage
from ...refusals import Invalid
from ...scoring.ranking import METRICS, RANKING_METRIC, Metric
from .. import audit
from ..scoring_inputs import criterion_label
from ..transaction import all_or_nothing

SEPARATOR = ","
MAX_LENGTH = 300  # the Stage.ranking_metrics column
DEFAULT = "total"
NAMED = tuple(kind for kind in RANKING_METRIC if METRICS[kind].needs_key)  # component, criterion


@dataclass(frozen=True)
class Item:
    """One ranking item: a METRICS kind, plus the component or criterion it names."""

    kind: str
    name: str = ""

    @property
    def text(self) -> str:
        """The canonical stored form: "total", "component:实操技能"."""
        return f"{self.kind}:{self.name}" if self.name else self.kind

    @property
    def label(self) -> str:
        """What the organizer reads, in the current language."""
        kind = _(RANKING_METRIC.labels[self.kind])
        return _("%(kind)s: %(name)s", kind=kind, name=self.name) if self.name else kind

    def metric(self) -> Metric:
        return Metric(self.kind, self.name)


@dataclass(frozen=True)
class Targets:
    """What a stage's ranking items may name: its components, and its criteria as
    (label, code, name) in rubric order."""

    components: tuple[str, ...] = ()
    criteria: tuple[tuple[str, str | None, str], ...] = ()

    def items(self) -> list[Item]:
        """Every item that may be chosen, in the order the chooser offers them."""
        fixed = [Item(kind) for kind in RANKING_METRIC if kind not in NAMED]
        components = [Item("component", name) for name in self.components]
        labels = dict.fromkeys(label for label, _code, _name in self.criteria)
        return fixed[:1] + components + [Item("criterion", label) for label in labels] + fixed[1:]


def targets_of(stage: Stage) -> Targets:
    """The components and criteria of a stage, from the database."""
    components = db.session.scalars(select(Component).where(Component.stage_id == stage.id)
                                    .order_by(Component.position, Component.id)).all()
    rows = db.session.scalars(select(Criterion).where(
        Criterion.component_id.in_([c.id for c in components]))
        .order_by(Criterion.position, Criterion.id)).all() if components else []
    children: dict = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    ordered: list = []

    def walk(nodes):
        for node in nodes:
            ordered.append(node)
            walk(children.get(node.id, ()))

    for component in components:
        walk(c for c in children.get(None, ()) if c.component_id == component.id)
    return Targets(tuple(c.name for c in components),
                   tuple((criterion_label(c.code, c.name), c.code, c.name) for c in ordered))


def targets_of_template(stage: dict) -> Targets:
    """The components and criteria of one stage of a contest template (a checked shape)."""
    criteria: list = []

    def walk(nodes):
        for node in nodes:
            criteria.append((criterion_label(node.get("code"), node["name"]), node.get("code"),
                             node["name"]))
            walk(node.get("children") or ())

    for component in stage["components"]:
        walk(component["criteria"])
    return Targets(tuple(c["name"] for c in stage["components"]), tuple(criteria))


def _choices_text(targets: Targets, kind: str | None = None) -> str:
    """The items to choose from (of one kind when the kind was right), shortened."""
    labels = [item.label for item in targets.items() if kind in (None, item.kind)] or ["—"]
    if len(labels) > 12:
        labels = labels[:11] + ["…"]
    return _(", ").join(labels)


def _criterion(part: str, name: str, targets: Targets) -> str:
    if any(label == name for label, _code, _name in targets.criteria):
        return name
    found = list(dict.fromkeys(label for label, code, plain in targets.criteria
                               if name in (code, plain)))
    if len(found) == 1:
        return found[0]  # an older order naming the criterion by its code or name alone
    if found:
        raise Invalid(_("“%(item)s” is ambiguous: several criteria are called “%(name)s” "
                        "(%(found)s); choose one of them.", item=part, name=name,
                        found=_(", ").join(found)), code="ranking_order", item=part)
    raise Invalid(_("“%(item)s” names no criterion of this stage; choose from: %(choices)s.",
                    item=part, choices=_choices_text(targets, "criterion")),
                  code="ranking_order", item=part)


def _item(part: str, targets: Targets) -> Item:
    kind, colon, name = part.partition(":")
    kind, name = kind.strip(), name.strip()
    if kind not in RANKING_METRIC or (colon and kind not in NAMED):
        raise Invalid(_("“%(item)s” is not a ranking item; choose from: %(choices)s.",
                        item=part, choices=_choices_text(targets)),
                      code="ranking_order", item=part)
    if kind not in NAMED:
        return Item(kind)
    if not name:
        raise Invalid(_("“%(item)s” needs the name of one of the stage's components or "
                        "criteria.", item=part), code="ranking_order", item=part)
    if kind == "component":
        if name not in targets.components:
            raise Invalid(_("“%(item)s” names no component of this stage; choose from: "
                            "%(choices)s.", item=part,
                            choices=_choices_text(targets, "component")),
                          code="ranking_order", item=part)
        return Item(kind, name)
    return Item(kind, _criterion(part, name, targets))


def parse(order: str | Sequence[str] | None, targets: Targets) -> tuple[Item, ...]:
    """The items of a ranking order: stored text ("total,component:实操") or the chosen
    items one by one. Blank items are skipped; anything else that is not one of the
    stage's ranking items is refused with `Invalid` naming it."""
    parts = order.split(SEPARATOR) if isinstance(order, str) else list(order or ())
    items: list[Item] = []
    for part in parts:
        part = (part or "").strip()
        if not part:
            continue
        item = _item(part, targets)
        if SEPARATOR in item.name:
            raise Invalid(_("“%(name)s” has a comma in its name, which a ranking order cannot "
                            "hold; rename it first.", name=item.name),
                          code="ranking_order", item=part)
        if item in items:
            raise Invalid(_("“%(item)s” is in the ranking order twice.", item=item.label),
                          code="ranking_order", item=part)
        items.append(item)
    return tuple(items)


def canonical(order: str | Sequence[str] | None, targets: Targets) -> str:
    """The text to store for `order`: checked, canonical items, at least one."""
    items = parse(order, targets)
    if not items:
        raise Invalid(_("Choose at least one ranking item."), code="ranking_order")
    text = SEPARATOR.join(item.text for item in items)
    if len(text) > MAX_LENGTH:
        raise Invalid(_("The ranking order is too long to store; choose fewer items."),
                      code="ranking_order")
    return text


def metrics(stage: Stage, targets: Targets | None = None) -> tuple[Metric, ...]:
    """The core metrics a stage is ranked by. An order that no longer fits the stage (a
    component renamed, a value written around the organizer's pages) is refused with
    `Invalid` naming the stage and the item, never ranked by something else."""
    try:
        items = parse(stage.ranking_metrics or DEFAULT, targets or targets_of(stage))
    except Invalid as refusal:
        raise Invalid(_("The ranking order of the stage “%(stage)s” cannot be used: "
                        "%(reason)s Choose it again on the stage's “Ranking order” page.",
                        stage=stage.name, reason=refusal.message),
                      code="ranking_order", stage=stage.id, **refusal.details) from refusal
    return tuple(item.metric() for item in items) or (Metric(DEFAULT),)


def options(stage: Stage) -> list[tuple[str, str]]:
    """(stored text, label) of every item the chooser offers for a stage."""
    return [(item.text, item.label) for item in targets_of(stage).items()]


def labels(text: str | None) -> list[str]:
    """The items of a stored order as the organizer reads them, without checking them
    against the stage (for read-only displays)."""
    shown = []
    for part in (text or DEFAULT).split(SEPARATOR):
        kind, _colon, name = part.strip().partition(":")
        if kind in RANKING_METRIC:
            shown.append(Item(kind.strip(), name.strip()).label)
        elif part.strip():
            shown.append(part.strip())
    return shown


def named(text: str | None, kind: str) -> list[str]:
    """The names a stored order gives to items of `kind` ("component", "criterion")."""
    found = []
    for part in (text or "").split(SEPARATOR):
        item_kind, colon, name = part.partition(":")
        if colon and item_kind.strip() == kind and name.strip():
            found.append(name.strip())
    return found


def save(stage: Stage, chosen: Iterable[str]) -> str:
    """Store the chosen items as the stage's ranking order, audited; `Invalid` (naming
    the bad item, nothing saved) unless every item is one of the stage's."""
    text = canonical(list(chosen), targets_of(stage))
    if text == stage.ranking_metrics:
        return text
    with all_or_nothing():
        old = audit.snapshot(stage)
        stage.ranking_metrics = text
        db.session.flush()
        audit.record("update", stage, contest_id=stage.contest_id, old=old,
                     new=audit.snapshot(stage))
    return text
