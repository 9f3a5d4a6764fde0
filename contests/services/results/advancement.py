"""Confirming who advances: manual exceptions with reasons, then entries for the next
stage with the previous stage's total carried where the next stage says so."""
from flask_babel import gettext as _
from sqlalchemy import select

from ...extensions import db
from ...models import AdvancementException, Entry, Stage, User
from ...refusals import Conflict, Invalid
from .. import audit
from ..transaction import all_or_nothing
from .compute import compute_stage
from .loading import OFFICIAL


def next_stage(stage: Stage) -> Stage | None:
    return next((s for s in stage.contest.stages if s.position == stage.position + 1), None)


def set_exception(stage: Stage, entry: Entry, action: str, reason: str, user: User | None):
    if action not in ("add", "remove"):
        raise Invalid(_("Add or remove."), code="action")
    if not (reason or "").strip():
        raise Invalid(_("A manual exception needs a reason."), code="reason")
    if entry.stage_id != stage.id:
        raise Invalid(_("This entry is not in this stage."), code="not_in_stage")
    with all_or_nothing():
        row = db.session.scalar(select(AdvancementException).where(
            AdvancementException.stage_id == stage.id,
            AdvancementException.entry_id == entry.id))
        old = {"action": row.action, "reason": row.reason} if row else None
        if row is None:
            row = AdvancementException(stage_id=stage.id, entry_id=entry.id)
            db.session.add(row)
        row.action, row.reason = action, reason.strip()
        row.created_by = user.id if user else None
        db.session.flush()
        audit.record("advancement_exception", row, contest_id=stage.contest_id, user=user,
                     old=old, new={"entry": entry.id, "action": action}, reason=reason)


def clear_exception(stage: Stage, entry_id: int, user: User | None) -> None:
    row = db.session.scalar(select(AdvancementException).where(
        AdvancementException.stage_id == stage.id, AdvancementException.entry_id == entry_id))
    if row is not None:
        with all_or_nothing():
            audit.record("advancement_exception_cleared", row, contest_id=stage.contest_id,
                         user=user, old={"action": row.action, "reason": row.reason})
            db.session.delete(row)


def confirm(stage: Stage, user: User | None) -> dict:
    """Create (or refresh) next-stage entries for everyone advancing; idempotent."""
    following = next_stage(stage)
    if following is None:
        raise Conflict(_("This is the last stage: nobody advances from it."), code="last_stage")
    computed = compute_stage(stage, OFFICIAL)
    incomplete = [k for k, r in computed.results.items() if r.status != "scored"]
    if incomplete:
        raise Conflict(_("%(n)d entries are not finalized yet; confirm their sheets first.",
                         n=len(incomplete)), code="not_finalized")
    with all_or_nothing():
        created = refreshed = 0
        going = computed.advancing
        for key in sorted(going):
            entry = computed.entries[key]
            result = computed.results[key]
            carried = result.total if following.carry_over_percent else None
            nxt = db.session.scalar(select(Entry).where(
                Entry.contestant_id == entry.contestant_id, Entry.event_id == entry.event_id,
                Entry.stage_id == following.id))
            if nxt is None:
                nxt = Entry(contestant_id=entry.contestant_id, event_id=entry.event_id,
                            stage_id=following.id, status="registered", carried_total=carried)
                db.session.add(nxt)
                created += 1
            elif nxt.carried_total != carried:
                nxt.carried_total = carried
                refreshed += 1
            if entry.status == "registered":
                entry.status = "advanced"
            manual = next((a for o in computed.advancement.values() for a in o.manual
                           if a.key == key), None)
            entry.manual_advancement_reason = manual.reason.args.get("reason") if manual else None
        audit.record("advance", stage, contest_id=stage.contest_id, user=user,
                     new={"advancing": len(going), "created": created, "to": following.id})
    return {"advancing": len(going), "created": created, "refreshed": refreshed,
            "next_stage": following.name}
