"""Apply a marks import plan (exchange/plan_marks.py) in ONE transaction: every sheet or
none. Each sheet is written by services/marks_entry.store_sheet, as the tablet's rows are
(versions, audit), and arrives submitted or confirmed, as the organizer chose, so results
count it. One audit row describes the import as a whole (who, when, which file); a file
that changes nothing writes nothing, not even that row."""
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext as _

from ...extensions import db
from ...models import Panel, User
from ...refusals import Invalid
from .. import audit, marks_entry
from ..transaction import all_or_nothing, begin_writing


@dataclass
class MarksOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    sheets: list = field(default_factory=list)  # ids written

    @property
    def changed(self) -> bool:
        return bool(self.created + self.updated)


def apply(plan, *, source: str, finish: Callable | None = None) -> MarksOutcome:
    """Write `plan` (which must have no problems). A sheet a judge submitted since the
    preview is not overwritten: Conflict, and nothing at all is written. `finish(outcome)`
    runs inside the transaction (a queued import records its outcome on its job)."""
    if not plan.ok:
        raise Invalid(_("The file has problems; nothing was imported."), code="file_problems")
    outcome = MarksOutcome(unchanged=sum(1 for s in plan.sheets if s.verb == "skip"))
    changes = plan.changes
    if not changes:
        if finish is not None:
            finish(outcome)
        return outcome
    exam = plan.kind == "exam"
    begin_writing()
    with all_or_nothing():
        summary = audit.record("import", contest_id=plan.contest_id, entity="score_sheets",
                               reason=source[:500], new=dict(
                                   kind=f"marks-{plan.kind}", target=plan.target_id,
                                   status=plan.status, sheets=len(changes)))
        panels: dict[int, Panel] = {}
        judges: dict[int, User] = {}
        account = None
        if exam:  # the exam account marks on every panel of the component receiving sheets
            account = marks_entry.exam_account(plan.contest_id, create=True)
            for panel_id in sorted({sheet.panel_id for sheet in changes}):
                panel = panels[panel_id] = db.session.get(Panel, panel_id)
                marks_entry.seat_exam(panel, account, plan.contest_id)
        for sheet in changes:
            panel = panels.get(sheet.panel_id) or panels.setdefault(
                sheet.panel_id, db.session.get(Panel, sheet.panel_id))
            judge = account if exam else (judges.get(sheet.judge_id) or judges.setdefault(
                sheet.judge_id, db.session.get(User, sheet.judge_id)))
            verb = marks_entry.store_sheet(
                panel, sheet.entry_id, judge, sheet.values, status=plan.status,
                contest_id=plan.contest_id, source=source, action="import",
                overwrite_locked=exam)
            if verb == "create":
                outcome.created += 1
            elif verb == "update":
                outcome.updated += 1
        summary.new = json.dumps(dict(json.loads(summary.new), created=outcome.created,
                                      updated=outcome.updated))
        if finish is not None:
            finish(outcome)
    return outcome
