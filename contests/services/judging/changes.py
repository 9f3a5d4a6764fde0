"""Saving a tablet's changes exactly once. Each change carries an idempotency key (a resend
after a lost answer gets the first answer back) and the version it was based on (an edit
made on a stale device is refused, and the judge is told what changed)."""
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ...extensions import db
from ...models import AppliedChange, Mark, ScoreSheet, User
from .. import audit
from . import access, rubric

MAX_TEXT = 500
KINDS = ("mark", "comment", "veto_reason")


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict


def _refusal(status: int, error: str, message: str, **extra) -> Answer:
    return Answer(status, {"ok": False, "error": error, "message": message, **extra})


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
    return None if value is None else format(value.normalize(), "f")


def sheet_for(found: access.Seat, entry_id: int, create: bool) -> ScoreSheet | None:
    sheet = db.session.scalar(select(ScoreSheet).where(
        ScoreSheet.panel_id == found.panel.id, ScoreSheet.entry_id == entry_id,
        ScoreSheet.judge_id == found.judge.id))
    if sheet is None and create:
        sheet = ScoreSheet(panel_id=found.panel.id, entry_id=entry_id,
                           judge_id=found.judge.id, status="draft", version=1)
        db.session.add(sheet)
        db.session.flush()
    return sheet


def sheet_state(found: access.Seat, sheet: ScoreSheet | None) -> dict:
    """What a tablet needs to show a sheet: marks with versions, texts, status, total."""
    rows = rubric.criteria(found.panel)
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


def _apply_mark(found, sheet, payload, device) -> Answer:
    rows = rubric.criteria(found.panel)
    leaves = rubric.markable(rows)
    try:
        criterion = leaves[int(payload.get("criterion"))]
    except (TypeError, ValueError, KeyError):
        return _refusal(422, "unknown_criterion", _("This item is not on the sheet."))
    kind = rubric.kind_of(criterion, {c.id: c for c in rows})
    try:
        value = parse_value(payload.get("value"), criterion, kind)
    except ValueError as problem:
        return _refusal(422, "invalid", str(problem), criterion=criterion.id)
    mark = next((m for m in sheet.marks if m.criterion_id == criterion.id), None)
    known = mark.version if mark else 0
    if int(payload.get("base_version") or 0) != known:
        return _refusal(409, "stale", _("“%(item)s” was changed on another device: it is now "
                                        "%(value)s. Check it and enter your mark again.",
                                        item=criterion.name,
                                        value=_plain(mark.value) if mark else "—"),
                        criterion=criterion.id,
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
    sheet.version += 1
    audit.record("mark", entity="score_sheets", entity_id=sheet.id,
                 contest_id=access.contest_id_of(found.panel),
                 old={"criterion": criterion.id, "value": old},
                 new={"criterion": criterion.id, "value": _plain(value)}, device=device,
                 user=found.judge)
    return Answer(200, {"ok": True, "criterion": criterion.id, "value": _plain(value),
                        "version": new_version})


def _apply_text(found, sheet, payload, device, field: str) -> Answer:
    text = (payload.get("value") or "").strip()
    if len(text) > MAX_TEXT:
        return _refusal(422, "invalid", _("At most %(n)d characters.", n=MAX_TEXT))
    current = getattr(sheet, field) or ""
    if (payload.get("base_text") or "").strip() != current:
        return _refusal(409, "stale", _("This text was changed on another device."),
                        field=field, current={"value": current})
    setattr(sheet, field, text or None)
    sheet.version += 1
    audit.record(field, entity="score_sheets", entity_id=sheet.id,
                 contest_id=access.contest_id_of(found.panel),
                 old={field: current}, new={field: text}, device=device, user=found.judge)
    return Answer(200, {"ok": True, "field": field, "value": text})


def _decide(judge: User, payload: dict, device: str) -> tuple[Answer, int | None]:
    if payload.get("kind") not in KINDS:
        return _refusal(422, "unknown_kind", _("Unknown change.")), None
    try:
        found = access.seat(judge, int(payload.get("panel")))
        entry = access.markable_entry(found, int(payload.get("entry")))
    except (TypeError, ValueError):
        return _refusal(422, "invalid", _("Unknown panel or entry.")), None
    except access.Denied as denied:
        return _refusal(denied.status, "denied", _("You cannot mark this entry.")), None
    sheet = sheet_for(found, entry.id, create=True)
    if sheet.status != "draft":
        return _refusal(409, "locked", _("This sheet has been submitted and is locked.")), \
            sheet.id
    if payload["kind"] == "mark":
        answer = _apply_mark(found, sheet, payload, device)
    else:
        answer = _apply_text(found, sheet, payload, device, payload["kind"])
    if answer.status == 200:
        db.session.flush()
        answer.body["state"] = sheet_state(found, sheet)
    return answer, sheet.id


def apply_change(judge: User, payload: dict, device: str) -> Answer:
    """Apply one change from a tablet, exactly once per idempotency key."""
    key = str(payload.get("key") or "")[:80]
    if len(key) < 8:
        return _refusal(422, "no_key", _("The change has no idempotency key."))
    for _attempt in range(3):
        stored = db.session.get(AppliedChange, key)
        if stored is not None:
            if stored.judge_id != judge.id:
                return _refusal(409, "key_clash", _("This change key belongs to someone else."))
            body = json.loads(stored.response)
            return Answer(body.pop("_status"), dict(body, replayed=True))
        try:
            answer, sheet_id = _decide(judge, payload, device)
            if sheet_id is None:  # nothing touched: no need to remember the answer
                db.session.rollback()
                return answer
            db.session.add(AppliedChange(key=key, judge_id=judge.id, sheet_id=sheet_id,
                                         response=json.dumps(dict(answer.body,
                                                                  _status=answer.status))))
            db.session.commit()
            return answer
        except (IntegrityError, StaleDataError):
            # The same key (or the same new sheet or mark) arrived twice at once, or another
            # device changed this mark in between; the other request won. Start again: the
            # stored answer is returned, or the stale edit is refused and explained.
            db.session.rollback()
    return _refusal(503, "busy", _("Please try again."))
