"""Saving a tablet's changes exactly once. Each change carries an idempotency key (a resend
after a lost answer gets the first answer back) and the version it was based on (an edit
made on a stale device is refused, and the judge is told what changed)."""
import json
from decimal import Decimal, InvalidOperation
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import Select, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from ... import display
from ...extensions import db
from ...models import AppliedChange, Criterion, Mark, ScoreSheet, User
from ...refusals import Busy, Conflict, Invalid, NotAllowed, NotFound, Refused
from .. import audit
from ..transaction import begin_writing
from . import access, rubric

MAX_TEXT = 500
KINDS = ("mark", "comment", "veto_reason")


def parse_value(raw, criterion, kind: str) -> Decimal | None:
    """The mark as an exact decimal; ValueError(message) when it cannot be one."""
    if raw is None or raw == "":
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValueError(_("Not a number.")) from None
    if not value.is_finite():
        raise ValueError(_("Not a number."))
    if kind == "veto":
        if value not in (0, 1):
            raise ValueError(_("A veto is either marked (1) or not (0)."))
        return value
    if value < 0 or value > criterion.max_points:
        raise ValueError(_("Must be between 0 and %(max)s.", max=_plain(criterion.max_points)))
    if value % criterion.step != 0:
        raise ValueError(_("Must be a multiple of %(step)s.", step=_plain(criterion.step)))
    return value


def _plain(value: Decimal | None) -> str | None:
    return display.plain(value, empty=None)


def locked(query):
    """A score sheet query that locks the sheet's row until the transaction ends and reads
    it afresh: submitting, reopening and every change of marks are serialised per sheet, so
    nothing lands after a submit and the version counter counts every change. Call
    `begin_writing()` first (SQLite has no row locks: it takes the write lock there)."""
    return query.with_for_update(of=ScoreSheet).execution_options(populate_existing=True)


def sheet_for(found: access.Seat, entry_id: int, create: bool,
              lock: bool = False) -> ScoreSheet | None:
    """The judge's sheet for the entry, with its marks; with `lock`, locked for the rest of
    the transaction (to change it: after `begin_writing()`).

    The marks come in the sheet's query, except when a row lock is taken (PostgreSQL):
    a SELECT ... FOR UPDATE that waited for another transaction re-reads the locked row,
    but rows joined to it stay as they were when the statement began, so marks changed by
    the transaction waited for would be missed (a submit would sign a sheet without the
    mark just cleared). Read after the lock, in a second query, they are current. On
    SQLite the write lock is the whole database's, taken before (BEGIN IMMEDIATE)."""
    after_lock = lock and db.session.get_bind().dialect.name != "sqlite"
    sheet = db.session.execute(_sheet_query(lock, after_lock), {
        "sheet_panel_id": found.panel.id, "sheet_entry_id": entry_id,
        "sheet_judge_id": found.judge.id}).unique().scalar_one_or_none()
    if sheet is None and create:
        # Known to have no marks: not read again after the insert. Not flushed here: the
        # change counted on it goes into the same INSERT (`_with_id`).
        sheet = ScoreSheet(panel_id=found.panel.id, entry_id=entry_id,
                           judge_id=found.judge.id, status="draft", version=1, marks=[])
        db.session.add(sheet)
    return sheet


@cache
def _sheet_query(lock: bool, marks_after_lock: bool) -> Select:
    """The query of `sheet_for` (built once per kind: every save runs one)."""
    query = select(ScoreSheet).where(
        ScoreSheet.panel_id == bindparam("sheet_panel_id"),
        ScoreSheet.entry_id == bindparam("sheet_entry_id"),
        ScoreSheet.judge_id == bindparam("sheet_judge_id"))
    marks = selectinload(ScoreSheet.marks) if marks_after_lock else joinedload(ScoreSheet.marks)
    return locked(query.options(marks)) if lock else query.options(marks)


def _with_id(sheet: ScoreSheet) -> int:
    """The sheet's id; a sheet just created is inserted now (with its first change)."""
    if sheet.id is None:
        db.session.flush()
    return sheet.id


def sheet_state(found: access.Seat, sheet: ScoreSheet | None,
                rows: list[Criterion] | None = None) -> dict:
    """What a tablet needs to show a sheet: marks with versions, texts, status, total
    (over the panel's rubric `rows`, loaded here unless the caller has them already)."""
    rows = rubric.criteria(found.panel) if rows is None else rows
    marks = {m.criterion_id: m for m in (sheet.marks if sheet else [])}
    return {
        "sheet": sheet.id if sheet else None,
        "status": sheet.status if sheet else "draft",
        "version": sheet.version if sheet else 0,
        "marks": {str(cid): {"value": _plain(m.value), "version": m.version}
                  for cid, m in marks.items()},
        "comment": (sheet.comment or "") if sheet else "",
        "veto_reason": (sheet.veto_reason or "") if sheet else "",
        "total": rubric.running_total(found.panel, rows,
                                      {cid: m.value for cid, m in marks.items()}),
    }


def _apply_mark(found, rows, sheet, payload, device) -> dict:
    leaves = rubric.markable(rows)
    try:
        criterion = leaves[int(payload.get("criterion"))]
    except (TypeError, ValueError, KeyError):
        raise Invalid(_("This item is not on the sheet."), code="unknown_criterion") from None
    kind = rubric.kind_of(criterion, {c.id: c for c in rows})
    try:
        value = parse_value(payload.get("value"), criterion, kind)
    except ValueError as problem:
        raise Invalid(str(problem), criterion=criterion.id) from None
    mark = next((m for m in sheet.marks if m.criterion_id == criterion.id), None)
    known = mark.version if mark else 0
    if int(payload.get("base_version") or 0) != known:
        raise Conflict(_("“%(item)s” was changed on another device: it is now %(value)s. "
                         "Check it and enter your mark again.", item=criterion.name,
                         value=_plain(mark.value) if mark else "—"),
                       code="stale", criterion=criterion.id,
                       current={"value": _plain(mark.value) if mark else None,
                                "version": known})
    old = _plain(mark.value) if mark else None
    if value is None and mark is not None:
        db.session.delete(mark)
        sheet.marks.remove(mark)
        new_version = known + 1
    elif value is not None:
        if mark is None:
            mark = Mark(criterion_id=criterion.id, value=value, version=1)
            sheet.marks.append(mark)
        else:
            mark.value, mark.version = value, mark.version + 1
        new_version = mark.version
    else:
        new_version = known
    _count(sheet)
    audit.record("mark", entity="score_sheets", entity_id=_with_id(sheet),
                 contest_id=access.contest_id_of(found.panel),
                 old={"criterion": criterion.id, "value": old},
                 new={"criterion": criterion.id, "value": _plain(value)}, device=device,
                 user=found.judge)
    return {"ok": True, "criterion": criterion.id, "value": _plain(value),
            "version": new_version}


def bump(sheet: ScoreSheet) -> None:
    """One more change of the sheet: counted in the database (version = version + 1), so
    no increment is lost whatever the session last read."""
    sheet.version = ScoreSheet.version + 1


def _count(sheet: ScoreSheet) -> None:
    """One more change of a sheet read locked (`sheet_for(lock=True)`): the version just
    read is the current one and nobody else can change it before the commit, so it is
    counted here, and the answer has it without reading the row again after the write
    (`bump` counts in the database, for sheets changed without being read locked)."""
    sheet.version += 1


def _apply_text(found, sheet, payload, device, field: str) -> dict:
    text = (payload.get("value") or "").strip()
    if len(text) > MAX_TEXT:
        raise Invalid(_("At most %(n)d characters.", n=MAX_TEXT))
    current = getattr(sheet, field) or ""
    if (payload.get("base_text") or "").strip() != current:
        raise Conflict(_("This text was changed on another device."), code="stale",
                       field=field, current={"value": current})
    setattr(sheet, field, text or None)
    _count(sheet)
    audit.record(field, entity="score_sheets", entity_id=_with_id(sheet),
                 contest_id=access.contest_id_of(found.panel),
                 old={field: current}, new={field: text}, device=device, user=found.judge)
    return {"ok": True, "field": field, "value": text}


def _first_read(judge: User, panel_id: int | None, key: str):
    """What the change's idempotency key already holds (the judge who sent it, the stored
    answer; Nones when it is new), the judge's seat on the panel (None when not on it) and
    their declared conflicts in its contest: one query."""
    if panel_id is None:
        stored = db.session.get(AppliedChange, key)
        return (stored.judge_id, stored.response) if stored else (None, None), None, []
    rows = db.session.execute(_first_read_query(), dict(
        access.seat_params(judge, panel_id), change_key=key)).all()
    if not rows:  # not on the panel: a change stored before still has its answer
        return _first_read(judge, None, key)[0], None, []
    return tuple(rows[0][1:3]), rows[0][0], [tuple(row[3:]) for row in rows]


@cache
def _first_read_query() -> Select:
    """The query of `_first_read` (parameters access.seat_params and change_key), built
    once: every save runs it."""
    return access.with_own_conflicts(
        access.seat_query().add_columns(AppliedChange.judge_id, AppliedChange.response)
        .outerjoin(AppliedChange, AppliedChange.key == bindparam("change_key")))


def _panel_id(payload: dict) -> int | None:
    try:
        return int(payload.get("panel"))
    except (TypeError, ValueError):
        return None


def _target(judge: User, payload: dict, seat_row,
            declared) -> tuple[access.Seat, list[Criterion], ScoreSheet]:
    """The judge's seat, the panel's rubric and the judge's sheet the change is for
    (created by the first change), from the seat and conflicts `_first_read` found.
    Everything the change reads is read first, once; on SQLite the write lock is taken
    only then, for the sheet and the writes."""
    if payload.get("kind") not in KINDS:
        raise Invalid(_("Unknown change."), code="unknown_kind")
    if _panel_id(payload) is None:
        raise Invalid(_("Unknown panel or entry."))
    try:
        found = access.seat_of(seat_row, judge)
    except NotFound as denied:
        raise NotFound(_("You cannot mark this entry."), code="denied") from denied
    access.may_mark(found)  # a chief who does not mark, judging not opened: said as such
    barred = access.recusal(judge, access.contest_id_of(found.panel), declared)
    try:
        entry_id = access.markable_entry_id_by_code(found, payload.get("entry"), barred)
    except (NotFound, NotAllowed) as denied:
        raise type(denied)(_("You cannot mark this entry."), code="denied") from denied
    rows = rubric.criteria(found.panel)
    begin_writing()  # from here to the commit, no other change or submit of the sheet
    return found, rows, sheet_for(found, entry_id, create=True, lock=True)


def _decide(found: access.Seat, rows: list[Criterion], sheet: ScoreSheet, payload: dict,
            device: str) -> dict | Refused:
    """The answer to remember for this change: the success body, or the refusal."""
    try:
        if sheet.status != "draft":
            raise Conflict(_("This sheet has been submitted and is locked."), code="locked")
        if payload["kind"] == "mark":
            body = _apply_mark(found, rows, sheet, payload, device)
        else:
            body = _apply_text(found, sheet, payload, device, payload["kind"])
    except Refused as refusal:
        return refusal
    body["state"] = sheet_state(found, sheet, rows)  # the writes: flushed at the commit
    return body


#: Refusal kinds by the name an AppliedChange stores them under.
_REFUSAL_KINDS = {kind.__name__: kind
                  for kind in (Refused, Invalid, NotFound, NotAllowed, Conflict)}
#: Answers stored before refusals were kinds carried their HTTP status instead.
_LEGACY_STATUS = {200: "ok", 403: "NotAllowed", 404: "NotFound", 409: "Conflict",
                  422: "Invalid"}


def _stored(answer: dict | Refused) -> str:
    if isinstance(answer, Refused):
        return json.dumps(dict(answer.details, error=answer.code, message=str(answer.message),
                               _kind=type(answer).__name__))
    return json.dumps(dict(answer, _kind="ok"))


def _replay(response: str) -> dict:
    """The first answer again, marked as replayed; a remembered refusal is raised again."""
    body = json.loads(response)
    kind = body.pop("_kind", None) or _LEGACY_STATUS.get(body.pop("_status", 409), "Conflict")
    if kind == "ok":
        return dict(body, replayed=True)
    body.pop("ok", None)
    code, message = body.pop("error", None), body.pop("message", "")
    raise _REFUSAL_KINDS.get(kind, Conflict)(message, code=code, **dict(body, replayed=True))


def apply_change(judge: User, payload: dict, device: str) -> dict:
    """Apply one change from a tablet, exactly once per idempotency key: the answer
    (a body with ok=True), or a refusal whose details tell the tablet what to show.
    Once a sheet is involved the answer, refusal or not, is remembered under the key."""
    key = str(payload.get("key") or "")[:80]
    if len(key) < 8:
        raise Invalid(_("The change has no idempotency key."), code="no_key")
    for _attempt in range(3):
        (owner, response), seat_row, declared = _first_read(judge, _panel_id(payload), key)
        if owner is not None:
            db.session.rollback()  # nothing to write: let the next writer in
            if owner != judge.id:
                raise Conflict(_("This change key belongs to someone else."), code="key_clash")
            return _replay(response)
        try:
            try:
                found, rows, sheet = _target(judge, payload, seat_row, declared)
            except Refused:
                db.session.rollback()  # nothing touched: no need to remember the answer
                raise
            answer = _decide(found, rows, sheet, payload, device)
            db.session.add(AppliedChange(key=key, judge_id=judge.id, sheet_id=_with_id(sheet),
                                         response=_stored(answer)))
            db.session.commit()
        except (IntegrityError, StaleDataError):
            # The same key (or the same new sheet or mark) arrived twice at once, or another
            # device changed this mark in between; the other request won. Start again: the
            # stored answer is returned, or the stale edit is refused and explained.
            db.session.rollback()
            continue
        if isinstance(answer, Refused):
            raise answer
        return answer
    raise Busy(_("Please try again."))
