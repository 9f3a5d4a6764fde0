"""Load a panel's sheet totals and ask the scoring core how far each judge strays."""
from decimal import Decimal

from sqlalchemy import select

from ...extensions import db
from ...models import Panel, ScoreSheet
from ...scoring.consistency import SheetMark, deviations, flag_threshold
from . import rubric


def panel_consistency(panel: Panel):
    rows = rubric.criteria(panel)
    core = rubric.core_rubric(panel, rows)
    sheets = db.session.scalars(select(ScoreSheet).where(
        ScoreSheet.panel_id == panel.id,
        ScoreSheet.status.in_(("submitted", "confirmed")))).all()
    marks = []
    for sheet in sheets:
        values = {m.criterion_id: m.value for m in sheet.marks}
        total = rubric.running_total(panel, rows, values)["total"]
        marks.append(SheetMark(str(sheet.entry_id), str(sheet.judge_id), Decimal(total)))
    # More than the panel's share of full marks (10% unless set) from the others' mean.
    threshold = flag_threshold(core.max_points or Decimal(100), panel.flag_percent)
    places = panel.stage.contest.decimal_places
    found, summaries = deviations(marks, threshold, places)
    return found, summaries, threshold


def flagged_sheets(panel: Panel) -> tuple[dict[tuple[int, int], object], Decimal]:
    """(entry id, judge id) -> the consistency check's flag on that sheet (a Deviation),
    for the sheets it flags; and the threshold used."""
    rows, _summaries, threshold = panel_consistency(panel)
    return {(int(r.entry), int(r.judge)): r for r in rows if r.flagged}, threshold
