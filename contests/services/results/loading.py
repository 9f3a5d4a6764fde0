"""Read a stage from the database as plain values for the scoring core.

Rubrics, components and rater groups come from services/scoring_inputs.py, the one
adapter the judge's running total uses too. Keys handed to the core are the names people
read in explanations: the bib for an entry, the component, rater group, stage and
delegation names, the criterion labels (scoring_inputs.criterion_keys), and "裁判N" for
the N-th judge of a panel (judges stay anonymous in public explanations). A stage whose
rubric differs by event is scored one event at a time (one StageConfig per event).

Sheets and marks are read as plain rows (SQLAlchemy Core selects of the columns needed,
no ORM object per mark: at national scale that object building, and the garbage
collector walking it, was most of a publish), in a number of statements that does not grow
with the sheets (one more per IDS_PER_STATEMENT of them), with the cyclic garbage collector
paused as the core pauses it.

A stage scored sheet by sheet whose sheets total by a plain sum (scoring/presummed.py) is
read one number per sheet: the database adds up each sheet's marks exactly (as integers
of the column's smallest step) and the core gets the sheet totals, not the marks; the
same totals, ranks and explanations, at the cost of one row per sheet instead of one per
mark."""
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import BigInteger, String, cast, func, select
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import Contestant, Entry, Event, Mark, Panel, ScoreSheet, SpreadResolution, Stage
from ...scoring import presummed as core_presummed
from ...scoring import rounding as core_rounding
from ...scoring import stages as core_stages
from ...scoring.pipeline import StageConfig
from ...scoring.sheets import EntryMarks, Sheet
from ...scoring.values import ZERO, cyclic_gc_paused
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


#: What loading reads of a counted sheet: plain rows of these columns (no object per sheet).
SHEET_COLUMNS = (ScoreSheet.id, ScoreSheet.panel_id, ScoreSheet.entry_id, ScoreSheet.judge_id,
                 ScoreSheet.veto_reason)


def _judge_labels(sheets, panels: dict[int, Panel]) -> dict[tuple[int, int], str]:
    """(panel, judge) -> "裁判N", N counting the panel's judges in seat order."""
    labels = {}
    for sheet in sheets:
        if (sheet.panel_id, sheet.judge_id) not in labels:
            panel = panels[sheet.panel_id]
            for n, seat in enumerate(sorted(panel.judges, key=lambda m: m.id), start=1):
                labels[(panel.id, seat.user_id)] = f"裁判{n}"
            labels.setdefault((panel.id, sheet.judge_id), f"裁判#{sheet.judge_id}")
    return labels


class _Reader:
    """Turns one panel's counted sheets into the core's sheets (the marks a sheet has are
    by criterion id; scoring_inputs.LeafReader makes them the core's)."""

    def __init__(self, panel: Panel, rubric, ids: dict):
        self.component, self.group = panel.component.name, panel.rater_group.name
        self.marks = inputs.LeafReader(rubric, ids)

    def sheet(self, row, values: dict | None, judge: str) -> Sheet:
        """A counted sheet (a SHEET_COLUMNS row and its marks, criterion id -> value)."""
        values = values or {}
        vetoes = self.marks.vetoed(values) if self.marks.vetoes else ()
        return Sheet(judge, self.marks.leaf_marks(values), self.component, self.group,
                     dict.fromkeys(vetoes, row.veto_reason or "—"))


#: Ids per IN list: well under SQLite's (32,766) and PostgreSQL's (65,535) bound-parameter
#: limits, so a national stage still loads in a handful of statements.
IDS_PER_STATEMENT = 10_000


def _in_batches(ids: list[int]):
    return (ids[i:i + IDS_PER_STATEMENT] for i in range(0, len(ids), IDS_PER_STATEMENT))


def _marks(sheet_ids: list[int]) -> dict[int, dict[int, Decimal]]:
    """The marks of these sheets, sheet id -> {criterion id: value}: a Core select of the
    mark table whose rows are taken as the driver's plain tuples (no ORM loading, no
    Row per mark). Values are read as text and each distinct text becomes a Decimal
    once, at the column's scale as the ORM returns it ("3.5000"): marks take few distinct
    values (a 0.5 step on a 4-point item has 9), so a mark costs a dictionary look-up,
    not a conversion."""
    table = Mark.__table__
    columns = (table.c.sheet_id, table.c.criterion_id, cast(table.c.value, String))
    quantum = Decimal(1).scaleb(-Mark.value.type.scale)
    connection = db.session.connection()
    decimals: dict[str, Decimal] = {}
    out: dict[int, dict[int, Decimal]] = {}
    for batch in _in_batches(sheet_ids):
        result = connection.execute(select(*columns).where(table.c.sheet_id.in_(batch)))
        try:
            rows = result.cursor.fetchall()  # plain tuples; nothing to process (text)
        finally:
            result.close()
        for text in {row[2] for row in rows}.difference(decimals):
            decimals[text] = Decimal(text).quantize(quantum)
        for sheet_id, criterion_id, text in rows:
            try:
                out[sheet_id][criterion_id] = decimals[text]
            except KeyError:
                out[sheet_id] = {criterion_id: decimals[text]}
    return out


def _sheet_sums(sheets: list, panels: dict[int, Panel], leaves: dict[str, list[int]],
                statuses) -> dict[int, Decimal]:
    """Sheet id -> the sum of the sheet's marks on its component's marked items
    (``leaves``: component name -> criterion ids), added up by the database exactly
    (PostgreSQL's numeric sum; on SQLite, whole steps of the column's scale, 1/10,000, as
    integers), the result at the column's scale as the marks are read ("24.5000"). A sheet
    with no marks is left out (it counts 0). One statement per component, its sheets
    chosen by panel and status in a subquery (no list of sheet ids: PostgreSQL scans the
    marks once, not once per batch of ids)."""
    table = Mark.__table__
    scale = Mark.value.type.scale
    if db.session.get_bind().dialect.name == "postgresql":  # numeric: an exact sum as is
        total = func.sum(table.c.value) * 10 ** scale
    else:  # SQLite keeps the values as floating point: add whole steps, which is exact
        total = func.sum(cast(func.round(table.c.value * 10 ** scale), BigInteger))
    wanted = {sheet.id for sheet in sheets}
    by_component: dict[str, list[int]] = {}
    for panel in panels.values():
        by_component.setdefault(panel.component.name, []).append(panel.id)
    connection = db.session.connection()
    out: dict[int, Decimal] = {}
    for component, panel_ids in by_component.items():
        counted = select(ScoreSheet.id).where(ScoreSheet.panel_id.in_(panel_ids),
                                              ScoreSheet.status.in_(statuses))
        result = connection.execute(
            select(table.c.sheet_id, total)
            .where(table.c.sheet_id.in_(counted), table.c.criterion_id.in_(leaves[component]))
            .group_by(table.c.sheet_id))
        try:
            rows = result.cursor.fetchall()
        finally:
            result.close()
        out.update((sheet_id, Decimal(int(summed)).scaleb(-scale))
                   for sheet_id, summed in rows if sheet_id in wanted)
    return out


def _resolved_anywhere(criterion_ids) -> bool:
    """Whether a chief judge let a spread stand on any of these criteria (the
    explanation then quotes the marks: read them one by one)."""
    return db.session.scalar(select(SpreadResolution.id).where(
        SpreadResolution.criterion_id.in_(list(criterion_ids))).limit(1)) is not None


def _counted(entry_ids: list[int], statuses, marks: bool = True) -> tuple[list, dict, dict]:
    """The counted sheets of these entries as plain rows in sheet order, their marks
    (sheet id -> {criterion id: value}) and their panels by id, in a fixed number of
    statements per IDS_PER_STATEMENT entries or sheets. Each select reads one table by
    ids (no join), so its plan does not hang on the planner's statistics: right after a
    large import PostgreSQL's are stale, and a join planned on them (nested loops) took
    0.9 s at 1,000 entries instead of 2 ms, growing with the square of the sheets."""
    sheets = []
    for batch in _in_batches(entry_ids):
        sheets += db.session.execute(select(*SHEET_COLUMNS).where(
            ScoreSheet.entry_id.in_(batch), ScoreSheet.status.in_(statuses))).all()
    sheets.sort(key=lambda s: s.id)
    values = _marks([s.id for s in sheets]) if marks else {}
    panel_ids = {s.panel_id for s in sheets}
    panels = {p.id: p for p in db.session.scalars(
        select(Panel).where(Panel.id.in_(panel_ids))
        .options(selectinload(Panel.judges), selectinload(Panel.component),
                 selectinload(Panel.rater_group)))} if panel_ids else {}
    return sheets, values, panels


def stage_inputs(stage: Stage, statuses=OFFICIAL, by_sheet_total: bool = False
                 ) -> list[StageInput]:
    """Every event of the stage with its entries' counted sheets. Marks are read as plain
    rows, with the cyclic garbage collector paused as the core pauses it.
    ``by_sheet_total``: the caller needs no criterion's own value (nothing ranks or
    awards on one), so an event whose sheets total by a plain sum is read as sheet
    totals (scoring/presummed.py)."""
    with cyclic_gc_paused():
        return _stage_inputs(stage, statuses, by_sheet_total)


class _TotalReader:
    """A presummed panel's sheets: {its one item: the sum of the sheet's marks}."""

    def __init__(self, panel: Panel):
        self.component, self.group = panel.component.name, panel.rater_group.name
        self.key = core_presummed.total_key(self.component)

    def sheet(self, row, total: Decimal | None, judge: str) -> Sheet:
        return Sheet(judge, {self.key: ZERO if total is None else total},
                     self.component, self.group, {})


def _stage_inputs(stage: Stage, statuses, by_sheet_total: bool) -> list[StageInput]:
    from ..judging import access, tolerance  # seats: expected sheets; resolutions

    found = []
    for event in stage.contest.events:
        entries = db.session.scalars(
            select(Entry).join(Contestant).where(Entry.stage_id == stage.id,
                                                 Entry.event_id == event.id)
            .options(selectinload(Entry.contestant).selectinload(Contestant.delegation),
                     selectinload(Entry.heat))
            .order_by(Contestant.bib)).all()
        if not entries:
            continue
        config, criteria = stage_config(stage, event)
        rubrics = {c.key: c.rubric for c in config.components}
        ids = {key: c.id for key, c in criteria.items()}
        summed = (by_sheet_total and core_presummed.summable(config)
                  and not _resolved_anywhere(ids.values()))
        sheets, values, panels = _counted([e.id for e in entries], statuses, not summed)
        by_entry: dict[int, list] = {}
        for sheet in sheets:
            by_entry.setdefault(sheet.entry_id, []).append(sheet)
        expected = access.expected_sheets(stage, event)
        judges = _judge_labels(sheets, panels)
        if summed:
            config = core_presummed.presummed(config)
            values = _sheet_sums(sheets, panels, {
                name: [ids[key] for key in rubric.leaf_keys] for name, rubric in rubrics.items()},
                statuses)
            readers = {p.id: _TotalReader(p) for p in panels.values()}
            resolved = {}
        else:
            readers = {p.id: _Reader(p, rubrics[p.component.name], ids)
                       for p in panels.values()}
            resolved = tolerance.entry_resolutions(
                [e.id for e in entries], sheets, values, panels,
                {cid: key for key, cid in ids.items()})
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
                person.bib, tuple(readers[s.panel_id].sheet(s, values.get(s.id),
                                                       judges[(s.panel_id, s.judge_id)])
                                  for s in counted),
                event=event.name, heat=entry.heat.name if entry.heat else "",
                delegation=person.delegation.name if person.delegation else "",
                unit=person.unit or "",
                time_taken=(Decimal(entry.time_taken_seconds)
                            if entry.time_taken_seconds is not None else None),
                disqualified=(entry.status_reason or "disqualified")
                if entry.status == "disqualified" else "",
                carried=carried, guest=entry.guest,
                resolutions=resolved.get(entry.id, ())))
            rows[person.bib] = entry
        found.append(StageInput(stage, event, config, marks, rows, criteria, missing))
    return found
