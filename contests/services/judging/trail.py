"""Reading the audit trail of marking: per panel, narrowed to an entry or a judge.
Read-only: nothing in the app edits or deletes audit rows."""
from sqlalchemy import select

from ...extensions import db
from ...models import AuditEntry, Panel, ScoreSheet, User


def panel_trail(panel: Panel, entry_id: int | None = None, judge_id: int | None = None):
    sheets = select(ScoreSheet.id).where(ScoreSheet.panel_id == panel.id)
    if entry_id:
        sheets = sheets.where(ScoreSheet.entry_id == entry_id)
    if judge_id:
        sheets = sheets.where(ScoreSheet.judge_id == judge_id)
    query = (select(AuditEntry, User, ScoreSheet)
             .join(ScoreSheet, ScoreSheet.id == AuditEntry.entity_id)
             .outerjoin(User, User.id == AuditEntry.user_id)
             .where(AuditEntry.entity == "score_sheets", AuditEntry.entity_id.in_(sheets))
             .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()))
    return db.session.execute(query).all()


def contest_trail(contest_id: int, judge_id: int | None = None, entry_id: int | None = None,
                  limit: int = 500):
    query = (select(AuditEntry, User, ScoreSheet)
             .join(ScoreSheet, ScoreSheet.id == AuditEntry.entity_id)
             .outerjoin(User, User.id == AuditEntry.user_id)
             .where(AuditEntry.entity == "score_sheets", AuditEntry.contest_id == contest_id))
    if judge_id:
        query = query.where(ScoreSheet.judge_id == judge_id)
    if entry_id:
        query = query.where(ScoreSheet.entry_id == entry_id)
    return db.session.execute(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                              .limit(limit)).all()
