"""Submitting, confirming and reopening score sheets. A submitted sheet is locked: only
its panel's chief judge can reopen it, and only with a reason."""
from datetime import datetime, timezone

from flask_babel import gettext as _

from ...extensions import db
from ...models import ScoreSheet
from .. import audit
from . import access, rubric
from .changes import sheet_for


class Refused(Exception):
    """A sign-off step that cannot happen; the message says why."""


def _move(sheet: ScoreSheet, found: access.Seat, status: str, action: str,
          reason: str | None = None, device: str | None = None) -> ScoreSheet:
    old = sheet.status
    sheet.status = status
    sheet.version += 1
    if status == "submitted":
        sheet.submitted_at = datetime.now(timezone.utc)
    audit.record(action, entity="score_sheets", entity_id=sheet.id,
                 contest_id=access.contest_id_of(found.panel),
                 old={"status": old}, new={"status": status}, reason=reason, device=device,
                 user=found.judge)
    db.session.commit()
    return sheet


def submit(found: access.Seat, entry_id: int, device: str | None = None) -> ScoreSheet:
    """Sign and lock the judge's own sheet once every item is marked."""
    access.markable_entry(found, entry_id)
    sheet = sheet_for(found, entry_id, create=False)
    if sheet is None or sheet.status != "draft":
        raise Refused(_("There is no open sheet to submit."))
    rows = rubric.criteria(found.panel)
    leaves = rubric.markable(rows)
    by_id = {c.id: c for c in rows}
    marked = {m.criterion_id: m.value for m in sheet.marks}
    missing = [c.name for c in leaves.values()
               if c.id not in marked and rubric.kind_of(c, by_id) == "normal"]
    if missing:
        raise Refused(_("Not yet marked: %(items)s.", items="、".join(missing)))
    vetoed = any(marked.get(c.id) for c in leaves.values() if rubric.kind_of(c, by_id) == "veto")
    if vetoed and not (sheet.veto_reason or "").strip():
        raise Refused(_("A veto needs its reason."))
    return _move(sheet, found, "submitted", "submit", device=device)


def _panel_sheet(found: access.Seat, sheet_id: int) -> ScoreSheet:
    sheet = db.session.get(ScoreSheet, sheet_id)
    if sheet is None or sheet.panel_id != found.panel.id:
        raise access.Denied(404)
    return sheet


def confirm(found: access.Seat, sheet_id: int) -> ScoreSheet:
    """The chief judge accepts a submitted sheet."""
    sheet = _panel_sheet(found, sheet_id)
    if sheet.status != "submitted":
        raise Refused(_("Only a submitted sheet can be confirmed."))
    return _move(sheet, found, "confirmed", "confirm")


def reopen(found: access.Seat, sheet_id: int, reason: str) -> ScoreSheet:
    """The chief judge sends a sheet back to its judge; the reason is recorded."""
    sheet = _panel_sheet(found, sheet_id)
    if not (reason or "").strip():
        raise Refused(_("Say why the sheet is reopened."))
    if sheet.status == "draft":
        raise Refused(_("This sheet is already open."))
    return _move(sheet, found, "draft", "reopen", reason=reason.strip())
