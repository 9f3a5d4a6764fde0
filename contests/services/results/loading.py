"""Read a stage from the database as plain values for the scoring core.

Rubrics, components and rater groups come from services/scoring_inputs.py, the one
adapter the judge's running total uses too. Keys handed to the core are the names people
read in explanations: the bib for an entry, the component, rater group, stage and
delegation names, the criterion labels (scoring_inputs.criterion_keys), and "裁判N" for
the N-th judge of a panel (judges stay anonymous in public explanations). A stage whose
rubric differs by event is scored one event at a time (one StageConfig per event)."""
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import Contestant, Entry, Event, Panel, ScoreSheet, Stage
from ...scoring import rounding as core_rounding
from ...scoring import stages as core_stages
from ...scoring.pipeline import StageConfig
from ...scoring.sheets import EntryMarks, Sheet
from .. import scoring_inputs as inputs

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
    criteria: dict  # criterion key -> criterion row (scoring_inputs.CRITERION_COLUMNS)
    missing: dict  # bib -> number of expected sheets not yet counted


def stage_config(stage: Stage, event: Event) -> tuple[StageConfig, dict]:
    """The stage's scoring configuration for one event (built by scoring_inputs, the path
    the judge's running total takes too) and its criteria by the core's key."""
    contest = stage.contest
    all_rows = [(component, inputs.criterion_rows(component.id, event.id))
                for component in stage.components]
    keys = inputs.criterion_keys([c for _, rows in all_rows for c in rows])
    criteria = {keys[c.id]: c for _, rows in all_rows for c in rows}
    components = tuple(inputs.component(component, rows, keys) for component, rows in all_rows)
    carry = ()
    if stage.carry_over_percent and stage.position > 1:
        previous = next(s for s in contest.stages if s.position == stage.position - 1)
        carry = (core_stages.CarryOver(previous.name, stage.carry_over_percent),)
    config = StageConfig(
        components, missing_group_policy=contest.missing_group_policy,
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
    marks = inputs.sheet_marks(keys, {m.criterion_id: m.value for m in sheet.marks})
    vetoes = dict.fromkeys(inputs.vetoes(rubric, marks), sheet.veto_reason or "—")
    return Sheet(judge, inputs.leaf_marks(rubric, marks), panel.component.name,
                 panel.rater_group.name, vetoes)


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

