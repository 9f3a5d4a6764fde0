"""Submitting, confirming and reopening score sheets. A submitted sheet is locked: only
its panel's chief judge can reopen it, and only with a reason. Once the contest's results
have been final, only an organizer can reopen a sheet, with a reason: that starts a
correction, published again as a new version.

Every move locks the sheet's row first (see `changes.locked`): a mark sent from a second
device at the moment of submitting lands before the submit or is refused as locked."""
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from ...extensions import db
from ...models import AuditEntry, ScoreSheet, User
from ...refusals import Conflict, Invalid, NotAllowed, NotFound
from .. import audit
from ..results.publication import final_version
from ..transaction import all_or_nothing, begin_writing
from . import access, consistency, rubric, tolerance
from .changes import bump, locked, sheet_for


def _move(sheet: ScoreSheet, contest_id: int, user: User, status: str, action: str,
          reason: str | None = None, device: str | None = None,
          note: dict | None = None) -> ScoreSheet:
    with all_or_nothing():
        old = sheet.status
        sheet.status = status
        bump(sheet)
        if status == "submitted":
            sheet.submitted_at = datetime.now(UTC)
        audit.record(action, entity="score_sheets", entity_id=sheet.id,
                     contest_id=contest_id, old={"status": old},
                     new=dict({"status": status}, **(note or {})), reason=reason,
                     device=device, user=user)
    return sheet


def submit(found: access.Seat, entry_id: int, device: str | None = None) -> ScoreSheet:
    """Sign and lock the judge's own sheet once every item is marked."""
    access.markable_entry(found, entry_id)
    begin_writing()
    sheet = sheet_for(found, entry_id, create=False, lock=True)
    if sheet is None or sheet.status != "draft":
        db.session.rollback()
        raise Conflict(_("There is no open sheet to submit."), code="no_open_sheet")
    rows = rubric.criteria(found.panel)
    leaves = rubric.markable(rows)
    by_id = {c.id: c for c in rows}
    marked = {m.criterion_id: m.value for m in sheet.marks}
    missing = [c.name for c in leaves.values()
               if c.id not in marked and rubric.kind_of(c, by_id) == "normal"]
    if missing:
        db.session.rollback()
        raise Invalid(_("Not yet marked: %(items)s.", items="、".join(missing)),
                      code="not_marked")
    vetoed = any(marked.get(c.id) for c in leaves.values() if rubric.kind_of(c, by_id) == "veto")
    if vetoed and not (sheet.veto_reason or "").strip():
        db.session.rollback()
        raise Invalid(_("A veto needs its reason."), code="veto_reason")
    return _move(sheet, access.contest_id_of(found.panel), found.judge, "submitted", "submit",
                 device=device)


def _panel_sheet(found: access.Seat, sheet_id: int) -> ScoreSheet:
    begin_writing()
    sheet = db.session.scalar(locked(select(ScoreSheet).where(ScoreSheet.id == sheet_id)))
    if sheet is None or sheet.panel_id != found.panel.id:
        db.session.rollback()
        raise NotFound(_("There is no such sheet on this panel."))
    return sheet


def confirm(found: access.Seat, sheet_id: int) -> ScoreSheet:
    """The chief judge accepts a submitted sheet, unless the judges' marks on one of its
    entry's items spread beyond the item's tolerance (tolerance.py)."""
    sheet = _panel_sheet(found, sheet_id)
    if sheet.status != "submitted":
        db.session.rollback()
        raise Conflict(_("Only a submitted sheet can be confirmed."), code="not_submitted")
    tolerance.refuse_if_held(found.panel, sheet.entry_id)
    return _move(sheet, access.contest_id_of(found.panel), found.judge, "confirmed", "confirm")


def _reason(reason: str | None) -> str:
    if not (reason or "").strip():
        db.session.rollback()
        raise Invalid(_("Say why the sheet is reopened."), code="reason")
    return reason.strip()


def reopen(found: access.Seat, sheet_id: int, reason: str) -> ScoreSheet:
    """The chief judge sends a sheet back to its judge; the reason is recorded. Once the
    results have been final, only the organizer may (`reopen_for_correction`)."""
    sheet = _panel_sheet(found, sheet_id)
    reason = _reason(reason)
    if sheet.status == "draft":
        db.session.rollback()
        raise Conflict(_("This sheet is already open."), code="already_open")
    contest_id = access.contest_id_of(found.panel)
    final = final_version(contest_id)
    if final is not None:
        db.session.rollback()
        raise NotAllowed(_("The results are final (version %(n)d): only the contest's "
                           "organizer can reopen a sheet now, with a reason, and the change "
                           "is then published as a correction.", n=final.number),
                         code="results_final")
    return _move(sheet, contest_id, found.judge, "draft", "reopen", reason=reason)


def reopen_for_correction(sheet_id: int, contest_id: int, user: User,
                          reason: str) -> ScoreSheet:
    """The organizer reopens a sheet of a contest whose results have been final: the
    judge can correct it, the chief confirms it again, and the next publish is a
    correction of the final version. The reason is recorded with the version corrected."""
    begin_writing()
    sheet = db.session.scalar(locked(select(ScoreSheet).where(ScoreSheet.id == sheet_id)))
    if sheet is None or access.contest_id_of(sheet.panel) != contest_id:
        db.session.rollback()
        raise NotFound(_("There is no such sheet in this contest."))
    reason = _reason(reason)
    if sheet.status == "draft":
        db.session.rollback()
        raise Conflict(_("This sheet is already open."), code="already_open")
    final = final_version(contest_id)
    if final is None:
        db.session.rollback()
        raise Conflict(_("The results are not final yet: the panel's chief judge reopens "
                         "sheets."), code="not_final")
    return _move(sheet, contest_id, user, "draft", "reopen", reason=reason,
                 note={"correction_of": final.number})


@dataclass
class BulkConfirmation:
    """What `confirm_all` did: sheets confirmed, sheets left submitted with the
    consistency check's flag (a Deviation) that kept each back, and sheets held by a
    spread beyond a tolerance (the open breaches of their entry)."""

    confirmed: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (sheet, deviation)
    threshold: object = None
    held: list = field(default_factory=list)  # (sheet, [tolerance.Spread])


def confirm_all(found: access.Seat) -> BulkConfirmation:
    """The chief judge confirms, in one transaction, every submitted sheet of the panel
    the consistency check does not flag; flagged sheets stay submitted for a second look
    (confirmed one by one, or reopened), and so do the sheets of an entry whose marks
    spread beyond a tolerance (until re-marked or resolved). Each confirmation is audited as one would be."""
    begin_writing()
    sheets = db.session.scalars(locked(select(ScoreSheet).where(
        ScoreSheet.panel_id == found.panel.id, ScoreSheet.status == "submitted")
        .order_by(ScoreSheet.entry_id, ScoreSheet.judge_id))).all()
    flags, threshold = consistency.flagged_sheets(found.panel)
    spreads = tolerance.open_spreads(found.panel)
    outcome = BulkConfirmation(threshold=threshold)
    contest_id = access.contest_id_of(found.panel)
    with all_or_nothing():
        for sheet in sheets:
            if sheet.entry_id in spreads:
                outcome.held.append((sheet, spreads[sheet.entry_id]))
                continue
            flag = flags.get((sheet.entry_id, sheet.judge_id))
            if flag is not None:
                outcome.skipped.append((sheet, flag))
                continue
            sheet.status = "confirmed"
            bump(sheet)
            audit.record("confirm", entity="score_sheets", entity_id=sheet.id,
                         contest_id=contest_id, old={"status": "submitted"},
                         new={"status": "confirmed", "bulk": True}, user=found.judge)
            outcome.confirmed.append(sheet)
    return outcome


@dataclass(frozen=True)
class ReopenNote:
    """Why a judge's sheet is open again: the reason given, when, and whether the
    organizer reopened it for a correction (else the chief judge did)."""

    reason: str
    at: datetime
    correction: bool


MOVES = ("submit", "confirm", "reopen")


def reopen_notes(panel_id: int, judge_id: int) -> dict[int, ReopenNote]:
    """Entry id -> the note on each of this judge's sheets on the panel that are open
    again because they were reopened (the last move of the sheet was a reopen)."""
    sheets = dict(db.session.execute(select(ScoreSheet.id, ScoreSheet.entry_id).where(
        ScoreSheet.panel_id == panel_id, ScoreSheet.judge_id == judge_id,
        ScoreSheet.status == "draft")).all())
    if not sheets:
        return {}
    last: dict[int, AuditEntry] = {}
    for row in db.session.scalars(select(AuditEntry).where(
            AuditEntry.entity == "score_sheets", AuditEntry.entity_id.in_(list(sheets)),
            AuditEntry.action.in_(MOVES)).order_by(AuditEntry.at, AuditEntry.id)):
        last[row.entity_id] = row
    notes = {}
    for sheet_id, row in last.items():
        if row.action == "reopen":
            new = json.loads(row.new or "{}")
            notes[sheets[sheet_id]] = ReopenNote(row.reason or "", row.at,
                                                 "correction_of" in new)
    return notes
