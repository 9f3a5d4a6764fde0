"""Read a stage from the database as plain values for the scoring core.

Keys handed to the core are the names people read in explanations: the bib for an entry,
the component, rater group, criterion, stage and delegation names, and "裁判N" for the
N-th judge of a panel (judges stay anonymous in public explanations). A stage whose
rubric differs by event is scored one event at a time (one StageConfig per event)."""
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import Contestant, Criterion, Entry, Event, Panel, ScoreSheet, Stage
from ...scoring import aggregation as core_aggregation
from ...scoring import components as core_components
from ...scoring import rater_groups as core_groups
from ...scoring import rounding as core_rounding
from ...scoring import rubric as core_rubric
from ...scoring import stages as core_stages
from ...scoring.pipeline import StageConfig
from ...scoring.sheets import EntryMarks, Sheet

OFFICIAL = ("confirmed",)
PROVISIONAL = ("submitted", "confirmed")
SCORED_STATUSES = ("registered", "advanced", "disqualified")


@dataclass
class StageInput:
    """One event of one stage, ready for score_stage."""

    stage: Stage
    event: Event
    config: StageConfig
    entries: list  # EntryMarks
    rows: dict  # bib -> Entry
    criteria: dict  # criterion key -> Criterion
    missing: dict  # bib -> number of expected sheets not yet counted


def criterion_keys(rows: list[Criterion]) -> dict[int, str]:
    """Readable, unique keys: "A1 服务质量", or the name, with the id only on a clash."""
    keys, seen = {}, set()
    for c in rows:
        key = f"{c.code} {c.name}" if c.code else c.name
        if key in seen:
            key = f"{key} #{c.id}"
        seen.add(key)
        keys[c.id] = key
    return keys


def _criterion_tree(rows: list[Criterion], keys: dict[int, str]) -> tuple:
    children: dict[int, list[Criterion]] = {}
    ids = {c.id for c in rows}
    for c in rows:
        if c.parent_id in ids:
            children.setdefault(c.parent_id, []).append(c)

    def build(c: Criterion) -> core_rubric.Criterion:
        kids = tuple(build(k) for k in children.get(c.id, []))
        return core_rubric.Criterion(key=keys[c.id], max_points=c.max_points,
                                     kind=c.kind if c.parent_id not in ids else "normal",
                                     children=kids, label=c.name)

    return tuple(build(c) for c in rows if c.parent_id not in ids)


def _criteria(component, event: Event) -> list[Criterion]:
    return db.session.scalars(select(Criterion).where(
        Criterion.component_id == component.id,
        or_(Criterion.event_id.is_(None), Criterion.event_id == event.id))
        .order_by(Criterion.position, Criterion.id)).all()


def _group(group) -> core_groups.RaterGroup:
    rule = core_aggregation.AggregationRule(group.aggregation, group.trim_k, group.trim_fallback)
    return core_groups.RaterGroup(group.name, group.weight, rule, group.name,
                                  aggregation_level=group.aggregation_level)


def stage_config(stage: Stage, event: Event) -> tuple[StageConfig, dict]:
    contest = stage.contest
    components, criteria = [], {}
    all_rows = [(component, _criteria(component, event)) for component in stage.components]
    keys = criterion_keys([c for _, rows in all_rows for c in rows])
    for component, rows in all_rows:
        criteria.update({keys[c.id]: c for c in rows})
        rubric = core_rubric.Rubric(_criterion_tree(rows, keys), max_points=None,
                                    bonus_cap=component.bonus_cap,
                                    allow_exceed_max=component.allow_over_max)
        components.append(core_components.Component(
            component.name, rubric, component.weight, component.pass_mark, component.name,
            rater_groups=tuple(_group(g) for g in component.rater_groups)))
    carry = ()
    if stage.carry_over_percent and stage.position > 1:
        previous = next(s for s in contest.stages if s.position == stage.position - 1)
        carry = (core_stages.CarryOver(previous.name, stage.carry_over_percent),)
    config = StageConfig(
        tuple(components), missing_group_policy=contest.missing_group_policy,
        rounding=core_rounding.RoundingRule(contest.decimal_places, contest.rounding_point),
        carry_over=carry, stage=stage.name)
    return config, criteria


def _judge_labels(sheets: list[ScoreSheet]) -> dict[tuple[int, int], str]:
    """(panel, judge) -> "裁判N", N counting the panel's judges in seat order."""
    labels = {}
    for sheet in sheets:
        panel = sheet.panel
        if (panel.id, sheet.judge_id) not in labels:
            for n, seat in enumerate(sorted(panel.judges, key=lambda m: m.id), start=1):
                labels[(panel.id, seat.user_id)] = f"裁判{n}"
            labels.setdefault((panel.id, sheet.judge_id), f"裁判#{sheet.judge_id}")
    return labels


def _sheet(sheet: ScoreSheet, keys: dict, rubrics: dict, judge: str) -> Sheet:
    panel = sheet.panel
    rubric = rubrics[panel.component.name]
    marks = {keys[m.criterion_id]: m.value for m in sheet.marks if m.criterion_id in keys}
    vetoes = {key: (sheet.veto_reason or "—") for key in rubric.veto_keys if marks.get(key)}
    leaf_marks = {key: marks.get(key, Decimal(0)) for key in rubric.leaf_keys}
    return Sheet(judge, leaf_marks, panel.component.name, panel.rater_group.name, vetoes)


def stage_inputs(stage: Stage, statuses=OFFICIAL) -> list[StageInput]:
    """Every event of the stage with its entries' counted sheets."""
    from ..judging import access  # expected sheets per entry come from panel seats

    inputs = []
    for event in stage.contest.events:
        entries = db.session.scalars(
            select(Entry).join(Contestant).where(Entry.stage_id == stage.id,
                                                 Entry.event_id == event.id)
            .options(selectinload(Entry.contestant).selectinload(Contestant.delegation))
            .order_by(Contestant.bib)).all()
        if not entries:
            continue
        config, criteria = stage_config(stage, event)
        rubrics = {c.key: c.rubric for c in config.components}
        keys = {c.id: key for key, c in criteria.items()}
        sheets = db.session.scalars(
            select(ScoreSheet).where(ScoreSheet.entry_id.in_([e.id for e in entries]),
                                     ScoreSheet.status.in_(statuses))
            .options(selectinload(ScoreSheet.marks),
                     selectinload(ScoreSheet.panel).selectinload(Panel.judges))).all()
        by_entry: dict[int, list[ScoreSheet]] = {}
        for sheet in sheets:
            by_entry.setdefault(sheet.entry_id, []).append(sheet)
        expected = access.expected_sheets(stage, event)
        judges = _judge_labels(sheets)
        marks, rows, missing = [], {}, {}
        for entry in entries:
            if entry.status not in SCORED_STATUSES:
                continue
            person = entry.contestant
            counted = by_entry.get(entry.id, [])
            missing[person.bib] = max(0, expected.get(entry.id, 0) - len(counted))
            carried = {}
            if config.carry_over and entry.carried_total is not None:
                carried = {config.carry_over[0].stage: entry.carried_total}
            marks.append(EntryMarks(
                person.bib, tuple(_sheet(s, keys, rubrics, judges[(s.panel_id, s.judge_id)])
                                  for s in counted),
                event=event.name, heat=entry.heat.name if entry.heat else "",
                delegation=person.delegation.name if person.delegation else "",
                unit=person.unit or "",
                time_taken=(Decimal(entry.time_taken_seconds)
                            if entry.time_taken_seconds is not None else None),
                disqualified=(entry.status_reason or "disqualified")
                if entry.status == "disqualified" else "",
                carried=carried))
            rows[person.bib] = entry
        inputs.append(StageInput(stage, event, config, marks, rows, criteria, missing))
    return inputs

