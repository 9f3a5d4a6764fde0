"""A person settles each nomination's eligibility (推荐 → confirmed or rejected)."""
from flask_babel import gettext as _
from sqlalchemy import select

from ...extensions import db
from ...models import NominationDecision, TitleRule, User
from ...refusals import Invalid
from .. import audit
from ..transaction import all_or_nothing


def decide(rule: TitleRule, subject: str, state: str, note: str, user: User | None):
    if not rule.is_nomination:
        raise Invalid(_("This title is not a nomination."), code="not_a_nomination")
    if state not in ("confirmed", "rejected"):
        raise Invalid(_("Confirm or reject."), code="state")
    if state == "rejected" and not (note or "").strip():
        raise Invalid(_("Say why the nominee does not meet the conditions."), code="reason")
    with all_or_nothing():
        row = db.session.scalar(select(NominationDecision).where(
            NominationDecision.title_rule_id == rule.id, NominationDecision.subject == subject))
        old = {"state": row.state} if row else {"state": "to_confirm"}
        if row is None:
            row = NominationDecision(title_rule_id=rule.id, subject=subject)
            db.session.add(row)
        row.state, row.note, row.decided_by = state, (note or "").strip() or None, \
            user.id if user else None
        db.session.flush()
        audit.record("nomination", row, contest_id=rule.contest_id, user=user, old=old,
                     new={"state": state}, reason=note)
    return row


def decisions(contest) -> dict[tuple[int, str], NominationDecision]:
    rows = db.session.scalars(select(NominationDecision).join(TitleRule).where(
        TitleRule.contest_id == contest.id)).all()
    return {(r.title_rule_id, r.subject): r for r in rows}
