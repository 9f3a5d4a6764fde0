"""Reading the audit trail of marking: per panel, narrowed to an entry or a judge.
Read-only: nothing in the app edits or deletes audit rows.

The chief judge's view of a panel's trail names only the panel's members: a row by anyone
else (an organizer, a judge of another panel) shows what they are, not who they are, and
an entry shows as the draw number the panel knows it by."""
from dataclasses import dataclass

from sqlalchemy import select

from ...extensions import db
from ...models import AuditEntry, Entry, Panel, ScoreSheet, User
from ...vocabularies import label


@dataclass(frozen=True)
class PanelTrailRow:
    row: AuditEntry
    who: str | None  # a member's name, a role word for anyone else, None for the system
    sheet: ScoreSheet
    entry: Entry
    judge: str  # the sheet's judge, named the same way


def _named(user: User | None, members: set[int]):
    if user is None:
        return None
    return user.display_name if user.id in members else label(user.role, "role")


def panel_trail(panel: Panel, entry_id: int | None = None,
                judge_id: int | None = None) -> list[PanelTrailRow]:
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
    members = {m.user_id for m in panel.judges}
    return [PanelTrailRow(row, _named(user, members), sheet, sheet.entry,
                          _named(sheet.judge, members))
            for row, user, sheet in db.session.execute(query).all()]


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
