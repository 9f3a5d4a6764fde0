"""Demo marks: a confirmed score sheet from every judge of every panel covering an entry,
drawn deterministically and inserted in bulk.

A contest module says what each sheet should come to (a `SheetPlan`: the total of the
ordinary items, the bonus points, a veto); this module spreads that total over the rubric's
marked items, respecting each item's maximum and step, and writes the sheets and marks.
Every draw comes from a `random.Random` seeded by a string naming what is drawn (contest
seed, bib, stage, component, judge …), so the marks never depend on the order rows are
visited in, nor on database ids."""
import random
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, insert, select

from ...extensions import db
from ...models import Component, Entry, Mark, Panel, RaterGroup, ScoreSheet, Stage, User
from .. import audit
from ..judging import access, opening
from ..judging import rubric as judging_rubric

ZERO = Decimal(0)
# A sheet goes draft (version 1) → submitted (2) → confirmed by the chief judge (3).
CONFIRMED_VERSION = 3


def draw(*parts) -> random.Random:
    """A random source of its own for one named draw (string seeds are stable)."""
    return random.Random(":".join(str(part) for part in parts))


def on_step(value, step: Decimal) -> Decimal:
    """`value` rounded to the nearest multiple of `step`."""
    return (Decimal(str(value)) / step).to_integral_value(ROUND_HALF_UP) * step


@dataclass(frozen=True)
class Leaf:
    """A marked rubric item: its criterion id, maximum, step, and kind (of its top item)."""

    id: int
    code: str
    max: Decimal
    step: Decimal
    kind: str


@dataclass(frozen=True)
class SheetPlan:
    """What one judge's sheet comes to: ordinary items (optionally with the share of some
    top items given), bonus items, a veto reason (the sheet then marks its first veto
    item), and items whose value is a matter of record, such as deductions (unlisted
    deduction items are 0)."""

    total: Decimal
    bonus: Decimal = ZERO
    veto_reason: str | None = None
    parts: tuple[tuple[str, Decimal], ...] = ()  # (top item code, its share of `total`)
    fixed: tuple[tuple[str, Decimal], ...] = ()  # (item code, value): matters of record


@dataclass(frozen=True)
class Seat:
    """One sheet to draw: who marks which entry on which panel."""

    stage: Stage
    panel: Panel
    component: Component
    group: RaterGroup
    entry: Entry
    bib: str
    judge: User
    is_chief: bool


def leaves(panel: Panel) -> list[Leaf]:
    """The items a judge of `panel` marks, in rubric-code order."""
    rows = judging_rubric.criteria(panel)
    by_id = {c.id: c for c in rows}
    found = [Leaf(c.id, c.code or str(c.id), c.max_points, c.step,
                  judging_rubric.kind_of(c, by_id))
             for c in judging_rubric.markable(rows).values()]
    return sorted(found, key=lambda leaf: (leaf.code, leaf.id))


def spread(total: Decimal, items: list[Leaf], rng: random.Random) -> list[Decimal]:
    """Values for `items` (each a multiple of its step, within 0..max) summing to `total`
    (brought within reach and onto the smallest step first), shared roughly in proportion
    to the items' maxima with some item-to-item variation."""
    if not items:
        return []
    top = sum(leaf.max for leaf in items)
    step = min(leaf.step for leaf in items)
    total = min(max(on_step(total, step), ZERO), top)
    share = float(total / top)
    values = [min(max(on_step(float(leaf.max) * min(max(share + rng.gauss(0, 0.06), 0), 1),
                              leaf.step), ZERO), leaf.max) for leaf in items]
    rest = total - sum(values)
    while rest:
        sign = 1 if rest > 0 else -1
        movable = [i for i, leaf in enumerate(items) if leaf.step <= abs(rest)
                   and ZERO <= values[i] + sign * leaf.step <= leaf.max]
        if not movable:
            break
        i = rng.choice(movable)
        values[i] += sign * items[i].step
        rest -= sign * items[i].step
    return values


def _marks(plan: SheetPlan, items: list[Leaf], rng: random.Random) -> list[tuple[int, Decimal]]:
    fixed = dict(plan.fixed)
    values = {leaf.id: fixed.get(leaf.code, ZERO) for leaf in items
              if leaf.code in fixed or leaf.kind == "deduction"}
    normal = [leaf for leaf in items if leaf.kind == "normal" and leaf.id not in values]
    bonus = [leaf for leaf in items if leaf.kind == "bonus" and leaf.id not in values]
    vetoes = [leaf for leaf in items if leaf.kind == "veto"]
    rest = plan.total
    for prefix, share in plan.parts:
        part = [leaf for leaf in normal if leaf.code.startswith(prefix)]
        values.update(zip((leaf.id for leaf in part), spread(share, part, rng), strict=True))
        normal = [leaf for leaf in normal if not leaf.code.startswith(prefix)]
        rest -= share
    values.update(zip((leaf.id for leaf in normal), spread(rest, normal, rng), strict=True))
    values.update(zip((leaf.id for leaf in bonus), spread(plan.bonus, bonus, rng),
                      strict=True))
    for position, leaf in enumerate(vetoes):
        # A veto item is marked 1 when it applies, 0 otherwise: every item is entered.
        values[leaf.id] = leaf.step if plan.veto_reason and position == 0 else ZERO
    return [(leaf.id, values[leaf.id]) for leaf in items]


class Field:
    """How the demo imagines a contest's people: each contestant's ability (stable across
    stages), their form on the day in each component, each judge's severity, and the
    noise between judges' sheets. All drawn from `seed` by name."""

    def __init__(self, seed: int, good=(80, 95), middle=(68, 82), weak=(50, 70),
                 shares=(0.3, 0.45)):
        self.seed = seed
        self.bands, self.shares = (good, middle, weak), shares
        self._abilities: dict[str, float] = {}

    def ability(self, bib: str) -> float:
        """Good contestants 80–95, middling ones 68–82, weak ones 50–70 (by default)."""
        if bib not in self._abilities:
            rng = draw(self.seed, "ability", bib)
            pick = rng.random()
            good, middle, weak = self.bands
            band = good if pick < self.shares[0] else (
                middle if pick < self.shares[0] + self.shares[1] else weak)
            self._abilities[bib] = rng.uniform(*band)
        return self._abilities[bib]

    def form(self, seat: Seat, sd: float = 2.5) -> float:
        """How the contestant did on the day in this stage's component."""
        return draw(self.seed, "form", seat.bib, seat.stage.position,
                    seat.component.name).gauss(0, sd)

    def severity(self, seat: Seat, sd: float = 1.2) -> float:
        """How much more (or less) than others this judge tends to give."""
        return draw(self.seed, "severity", seat.judge.username).gauss(0, sd)

    def noise(self, seat: Seat, sd: float) -> float:
        """This one sheet's own variation."""
        return draw(self.seed, "noise", seat.bib, seat.stage.position, seat.panel.name,
                    seat.judge.username).gauss(0, sd)

    def usual(self, seat: Seat, written: bool = False, ability: float | None = None
              ) -> SheetPlan:
        """A sheet as judges usually mark: the contestant's ability (or `ability`) and form,
        the judge's severity and some noise; a written paper (marked by a reading group)
        varies little between markers."""
        level = (self.ability(seat.bib) if ability is None else ability) + self.form(seat)
        if written:
            level += self.noise(seat, 0.4)
        else:
            level += self.severity(seat) + self.noise(seat, 1.8)
        return SheetPlan(Decimal(str(round(level, 1))))


def stage_has_sheets(stage: Stage) -> bool:
    return bool(db.session.scalar(
        select(func.count(ScoreSheet.id)).join(Entry, ScoreSheet.entry_id == Entry.id)
        .where(Entry.stage_id == stage.id)))


def mark_stage(stage: Stage, plan_of) -> tuple[int, int]:
    """Confirmed sheets, with every item marked, from each judge of each panel of `stage`
    for each entry the panel covers (recusals respected); `plan_of(seat)` says what each
    sheet comes to. Judging of the stage is opened first. Returns (sheets, marks) written;
    the caller commits."""
    now = datetime.now(UTC)
    contest_id = stage.contest_id
    if not opening.is_open(stage):  # judges mark only once judging of the stage is open
        stage.judging_opened_at = now
        audit.record("open_judging", stage, contest_id=contest_id,
                     old={"judging_opened_at": None}, new={"judging_opened_at": now.isoformat()},
                     reason="demo data: judging opened by `flask demo load`")
    sheets, marks = [], []
    panels = db.session.scalars(select(Panel).where(Panel.stage_id == stage.id)
                                .order_by(Panel.name)).all()
    for panel in panels:
        items = leaves(panel)
        component = db.session.get(Component, panel.component_id)
        group = db.session.get(RaterGroup, panel.rater_group_id)
        members = sorted(panel.judges, key=lambda m: m.user.username)
        blocked = {m.user_id: access.conflicted_contestants(m.user, contest_id)
                   for m in members}
        entries = sorted(db.session.scalars(access.panel_entries(panel)).all(),
                         key=lambda e: e.contestant.bib)
        for entry in entries:
            bib = entry.contestant.bib
            for member in members:
                if not member.marks:
                    continue  # a chief judge who chairs without marking
                if entry.contestant_id in blocked[member.user_id]:
                    continue  # 回避: this judge never sees the entry
                seat = Seat(stage, panel, component, group, entry, bib, member.user,
                            member.is_chief)
                plan = plan_of(seat)
                rng = draw("marks", stage.contest.code, stage.position,
                           panel.name, bib, member.user.username)
                sheets.append(dict(panel_id=panel.id, entry_id=entry.id,
                                   judge_id=member.user_id, status="confirmed",
                                   version=CONFIRMED_VERSION, veto_reason=plan.veto_reason,
                                   submitted_at=now, updated_at=now))
                marks.append(_marks(plan, items, rng))
    if not sheets:
        return 0, 0
    ids = db.session.scalars(
        insert(ScoreSheet).returning(ScoreSheet.id, sort_by_parameter_order=True),
        sheets).all()
    rows = [dict(sheet_id=sheet_id, criterion_id=criterion_id, value=value, version=1)
            for sheet_id, values in zip(ids, marks, strict=True) for criterion_id, value in values]
    db.session.execute(insert(Mark), rows)
    audit.record("demo_marks", entity="stages", entity_id=stage.id, contest_id=contest_id,
                 new={"sheets": len(ids), "marks": len(rows), "status": "confirmed"},
                 reason="demo data: marks generated by `flask demo load`")
    return len(ids), len(rows)
