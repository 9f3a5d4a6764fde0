"""A judge's whole sheet written from another source than the tablet: a marks import (a
computer-marked theory exam, or a per-criterion file) or a paper sheet typed twice by
clerks. Same rows as the tablet writes (ScoreSheet, Mark, versions, the audit trail), so
the results count them like any other sheet; same rules for a mark (0 to the item's
maximum, in its steps; a veto is 0 or 1).

Who a computer-marked exam's sheet belongs to: one designated account per contest, the
"exam" seat (username `exam.contest<id>`, created on the first exam import, never able to
sign in), made a marking member of each panel the scores are imported into (an exam is
imported for a component of a stage: every panel of it that receives sheets). The organizer
who imported is recorded as who did it (audit trail: user, time, file name). One account
per contest, not the importing organizer, so that a second organizer re-importing the same
file finds the same sheets (nothing changes) rather than adding a second "judge".

Nothing here commits: callers write inside `transaction.all_or_nothing()`."""
import secrets
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import display
from ..extensions import db
from ..models import Mark, Panel, PanelJudge, ScoreSheet, User
from ..refusals import Conflict
from . import audit
from .judging import rubric
from .judging.changes import bump, locked

#: Why a typed or imported mark is refused, by code (the import preview names the cell).
MARK_REASONS = {
    "not_a_mark": _l("“%(value)s” is not a number."),
    "out_of_range": _l("%(value)s is outside 0 to %(max)s."),
    "wrong_step": _l("%(value)s is not a multiple of %(step)s."),
    "veto_value": _l("A veto is either marked (1) or not (0)."),
}
LOCKED = ("submitted", "confirmed")
EXAM_USERNAME = "exam.contest{contest_id}"


class BadMark(ValueError):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params

    def __str__(self) -> str:
        return str(MARK_REASONS[self.code]) % self.params


def parse_mark(text, criterion, kind: str) -> Decimal:
    """The typed mark as an exact decimal, checked as the tablet checks it; BadMark."""
    raw = str(text or "").strip()
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise BadMark("not_a_mark", value=raw[:40]) from None
    if not value.is_finite():
        raise BadMark("not_a_mark", value=raw[:40])
    if kind == "veto":
        if value not in (0, 1):
            raise BadMark("veto_value")
        return value
    if value < 0 or value > criterion.max_points:
        raise BadMark("out_of_range", value=raw[:40],
                      max=display.plain(criterion.max_points))
    if value % criterion.step != 0:
        raise BadMark("wrong_step", value=display.plain(value),
                      step=display.plain(criterion.step))
    return value


def sheet_items(panel: Panel) -> tuple[dict, dict]:
    """(markable criteria by id, kind by criterion id) of the panel's sheet."""
    rows = rubric.criteria(panel)
    by_id = {c.id: c for c in rows}
    leaves = rubric.markable(rows)
    return leaves, {cid: rubric.kind_of(c, by_id) for cid, c in leaves.items()}


def missing_items(panel: Panel, values: dict) -> list[str]:
    """Names of the normal items a complete sheet needs and `values` lacks."""
    leaves, kinds = sheet_items(panel)
    return [c.name for cid, c in leaves.items() if kinds[cid] == "normal" and cid not in values]


def vetoed(panel: Panel, values: dict) -> bool:
    _leaves, kinds = sheet_items(panel)
    return any(values.get(cid) for cid, kind in kinds.items() if kind == "veto")


def exam_username(contest_id: int) -> str:
    return EXAM_USERNAME.format(contest_id=contest_id)


def exam_account(contest_id: int, *, create: bool) -> User | None:
    """The contest's computer-marked exam account (see the module's docstring)."""
    username = exam_username(contest_id)
    user = db.session.scalar(select(User).where(User.username == username))
    if user is not None and (user.active or user.role != "judge"):
        raise Conflict(_("The account “%(name)s” is reserved for computer-marked exams; "
                         "rename that account first.", name=username), code="exam_account")
    if user is None and create:
        user = User(username=username, display_name=_("Computer-marked exam"), role="judge",
                    active=False, unit=None)
        user.set_password(secrets.token_urlsafe(24))  # never told to anyone
        db.session.add(user)
        db.session.flush()
        audit.record("create", user, contest_id=contest_id,
                     new={"username": username, "purpose": "exam"})
    return user


def seat_exam(panel: Panel, account: User, contest_id: int) -> bool:
    """Make the exam account a marking member of the panel; whether it was added."""
    found = db.session.scalar(select(PanelJudge).where(PanelJudge.panel_id == panel.id,
                                                       PanelJudge.user_id == account.id))
    if found is not None:
        return False
    seat = PanelJudge(panel_id=panel.id, user_id=account.id, is_chief=False, marks=True)
    db.session.add(seat)
    db.session.flush()
    audit.record("create", seat, contest_id=contest_id,
                 new={"panel": panel.id, "user": account.username, "purpose": "exam"})
    return True


def current_sheet(panel_id: int, entry_id: int, judge_id: int,
                  lock: bool = False) -> ScoreSheet | None:
    query = select(ScoreSheet).where(ScoreSheet.panel_id == panel_id,
                                     ScoreSheet.entry_id == entry_id,
                                     ScoreSheet.judge_id == judge_id)
    return db.session.scalar(locked(query) if lock else query)


def outcome_for(sheet: ScoreSheet | None, values: dict, status: str) -> str:
    """create | update | skip: what storing `values` with `status` would do."""
    if sheet is None:
        return "create"
    same = {m.criterion_id: m.value for m in sheet.marks} == values
    settled = sheet.status == status or (sheet.status == "confirmed" and status == "submitted")
    return "skip" if same and settled else "update"


def store_sheet(panel: Panel, entry_id: int, judge: User, values: dict, *, status: str,
                contest_id: int, source: str, action: str, overwrite_locked: bool = False,
                veto_reason: str | None = None) -> str:
    """Write the judge's sheet for the entry with exactly `values` (criterion id ->
    Decimal) in `status` (submitted or confirmed): create | update | skip. The same
    values and status again change nothing (no new version, no audit row). A sheet the
    judge already submitted is not overwritten with other values (Conflict) unless
    `overwrite_locked` (the exam account's own sheets, re-imported)."""
    sheet = current_sheet(panel.id, entry_id, judge.id, lock=True)
    verb = outcome_for(sheet, values, status)
    if verb == "skip":
        return verb
    old = None
    if sheet is None:
        sheet = ScoreSheet(panel_id=panel.id, entry_id=entry_id, judge_id=judge.id,
                           status=status, version=1, submitted_at=datetime.now(UTC),
                           veto_reason=veto_reason)
        db.session.add(sheet)
        for criterion_id, value in sorted(values.items()):
            sheet.marks.append(Mark(criterion_id=criterion_id, value=value, version=1))
    else:
        current = {m.criterion_id: m.value for m in sheet.marks}
        if sheet.status in LOCKED and current != values and not overwrite_locked:
            raise Conflict(_("%(judge)s has already submitted this sheet with other marks: "
                             "it must be reopened first.", judge=judge.display_name),
                           code="sheet_locked")
        old = {"status": sheet.status, "marks": _shown(current)}
        for mark in list(sheet.marks):
            if mark.criterion_id not in values:
                sheet.marks.remove(mark)
                db.session.delete(mark)
            elif mark.value != values[mark.criterion_id]:
                mark.value, mark.version = values[mark.criterion_id], mark.version + 1
        for criterion_id, value in sorted(values.items()):
            if criterion_id not in current:
                sheet.marks.append(Mark(criterion_id=criterion_id, value=value, version=1))
        if sheet.status == "draft":
            sheet.submitted_at = datetime.now(UTC)
        sheet.status = status
        if veto_reason is not None:
            sheet.veto_reason = veto_reason
        bump(sheet)
    db.session.flush()
    audit.record(action, entity="score_sheets", entity_id=sheet.id, contest_id=contest_id,
                 old=old, new={"status": status, "marks": _shown(values),
                               "judge": judge.username}, reason=source[:500])
    return verb


def _shown(values: dict) -> dict:
    return {str(cid): display.plain(value) for cid, value in sorted(values.items())}
