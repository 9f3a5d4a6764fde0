"""Apply an import plan in ONE transaction: every row or none.

Rows go in as bulk statements (one INSERT … RETURNING per table, one executemany UPDATE)
rather than one ORM flush per row, so a 20,000-row registration file takes seconds.
Each created or changed row still gets its own audit row, also inserted in bulk, plus one
row describing the import as a whole."""
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import insert, update
from werkzeug.security import generate_password_hash

from ...exchange.plan import Plan
from ...extensions import db
from ...models import AuditEntry, Contestant, Delegation, Entry, User
from ...refusals import Invalid
from .. import audit
from ..transaction import all_or_nothing

# Tables in the order their rows can refer to each other.
MODELS = {"delegations": Delegation, "users": User, "contestants": Contestant,
          "entries": Entry}


@dataclass
class Outcome:
    created: dict = field(default_factory=dict)  # table -> count
    updated: dict = field(default_factory=dict)
    passwords: list[tuple[str, str]] = field(default_factory=list)  # generated, shown once

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()))


def apply(plan: Plan, *, source: str, finish: Callable | None = None) -> Outcome:
    """Write `plan` (which must have no problems). Raises a Conflict, writing nothing, when
    the database refuses a row (for instance another organizer imported the same bib since).
    `finish(outcome)`, when given, runs inside the transaction (a queued import records its
    outcome on its job: both are committed or neither)."""
    if not plan.ok:
        raise Invalid(_("The file has problems; nothing was imported."), code="file_problems")
    outcome = Outcome()
    if not plan.changes:
        if finish is not None:
            finish(outcome)
        return outcome  # re-importing an unchanged file writes nothing, not even an audit row
    summary = audit.record("import", contest_id=plan.contest_id, entity=plan.kind,
                           reason=source[:500])
    created_ids: dict[tuple, int] = {}
    audit_rows: list[dict] = []
    with all_or_nothing():
        for table, model in MODELS.items():
            changes = [c for c in plan.changes if c.table == table]
            new = [c for c in changes if c.id is None]
            if new:
                rows = [_resolved(c, created_ids) for c in new]
                if table == "users":
                    outcome.passwords = _hash_passwords(rows)
                ids = db.session.scalars(
                    insert(model).returning(model.id, sort_by_parameter_order=True), rows).all()
                for change, row, new_id in zip(new, rows, ids):
                    created_ids[(table, change.key)] = new_id
                    row.pop("password_hash", None)
                    audit_rows.append(_audit("create", table, new_id, None, row, summary,
                                             plan.contest_id))
                outcome.created[table] = len(new)
            old = [c for c in changes if c.id is not None]
            if old:
                db.session.execute(update(model), [dict(id=c.id, **_resolved(c, created_ids))
                                                   for c in old])
                audit_rows.extend(_audit("update", table, c.id, c.old, c.new, summary,
                                         plan.contest_id) for c in old)
                outcome.updated[table] = len(old)
        summary.new = json.dumps(dict(created=outcome.created, updated=outcome.updated))
        db.session.flush()
        db.session.execute(insert(AuditEntry), audit_rows)
        if finish is not None:
            finish(outcome)
    return outcome


def _resolved(change, created_ids: dict) -> dict:
    row = dict(change.new)
    for column, (table, key) in change.refs.items():
        row[column] = created_ids[(table, key)]
    return row


def _hash_passwords(rows: list[dict]) -> list[tuple[str, str]]:
    """Hash each new account's password; those not given in the file are generated and
    returned so the organizer sees them once. Plain passwords never reach the database."""
    generated = []
    for row in rows:
        password = row.pop("password", None)
        if not password:
            password = secrets.token_urlsafe(9)
            generated.append((row["username"], password))
        row["password_hash"] = generate_password_hash(password)
    return generated


def _audit(action: str, table: str, entity_id: int, old, new, summary: AuditEntry,
           contest_id: int) -> dict:
    return dict(at=datetime.now(UTC), user_id=summary.user_id, contest_id=contest_id,
                action=action, entity=table, entity_id=entity_id,
                old=json.dumps(old, ensure_ascii=False) if old is not None else None,
                new=json.dumps(new, ensure_ascii=False, default=str),
                reason=summary.reason, device=summary.device)
