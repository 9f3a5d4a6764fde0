"""Submitting, confirming and reopening score sheets. A submitted sheet is locked: only
its panel's chief judge can reopen it, and only with a reason."""
from datetime import UTC, datetime

from flask_babel import gettext as _

from ...extensions import db
from ...models import ScoreSheet
from ...refusals import Conflict, Invalid, NotFound
from .. import audit
from ..transaction import all_or_nothing
from . import access, rubric
from .changes import sheet_for


def _move(sheet: ScoreSheet, found: access.Seat, status: str, action: str,
          reason: str | None = None, device: str | None = None) -> ScoreSheet:
    with all_or_nothing():
        old = sheet.status
        sheet.status = status
        sheet.version += 1
        if status == "submitted":
            sheet.submitted_at = datetime.now(UTC)
        audit.record(action, entity="score_sheets", entity_id=sheet.id,
                     contest_id=access.contest_id_of(found.panel),
                     old={"status": old}, new={"status": status}, reason=reason,
                     device=device, user=found.judge)
    return sheet


def submit(found: access.Seat, entry_id: int, device: str | None = None) -> ScoreSheet:
    """Sign and lock the judge's own sheet once every item is marked."""
    access.markable_entry(found, entry_id)
    sheet = sheet_for(found, entry_id, create=False)
    if sheet is None or sheet.status != "draft":
        raise Conflict(_("There is no open sheet to submit."), code="no_open_sheet")
    rows = rubric.criteria(found.panel)
    leaves = rubric.markable(rows)
    by_id = {c.id: c for c in rows}
    marked = {m.criterion_id: m.value for m in sheet.marks}
    missing = [c.name for c in leaves.values()
               if c.id not in marked and rubric.kind_of(c, by_id) == "normal"]
    if missing:
        raise Invalid(_("Not yet marked: %(items)s.", items="、".join(missing)),
                      code="not_marked")
    vetoed = any(marked.get(c.id) for c in leaves.values() if rubric.kind_of(c, by_id) == "veto")
    if vetoed and not (sheet.veto_reason or "").strip():
        raise Invalid(_("A veto needs its reason."), code="veto_reason")
    return _move(sheet, found, "submitted", "submit", device=device)


def _panel_sheet(found: access.Seat, sheet_id: int) -> ScoreSheet:
    sheet = db.session.get(ScoreSheet, sheet_id)
    if sheet is None or sheet.panel_id != found.panel.id:
        raise NotFound(_("There is no such sheet on this panel."))
    return sheet


def confirm(found: access.Seat, sheet_id: int) -> ScoreSheet:
    """The chief judge accepts a submitted sheet."""
    sheet = _panel_sheet(found, sheet_id)
    if sheet.status != "submitted":
        raise Conflict(_("Only a submitted sheet can be confirmed."), code="not_submitted")
    return _move(sheet, found, "confirmed", "confirm")


def reopen(found: access.Seat, sheet_id: int, reason: str) -> ScoreSheet:
    """The chief judge sends a sheet back to its judge; the reason is recorded."""
    sheet = _panel_sheet(found, sheet_id)
    if not (reason or "").strip():
        raise Invalid(_("Say why the sheet is reopened."), code="reason")
    if sheet.status == "draft":
        raise Conflict(_("This sheet is already open."), code="already_open")
    return _move(sheet, found, "draft", "reopen", reason=reason.strip())
