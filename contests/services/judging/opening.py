"""Opening judging of a stage. Judges see their panels before, but mark only once the
organizer has opened judging of the panel's stage (`Stage.judging_opened_at`); the chief
judge's powers (confirm, reopen) do not depend on it.

`is_open(stage)` is the one question other code asks (pages that guide the organizer, the
judge's pages, the marking service)."""
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from ...extensions import db
from ...models import Stage, User
from ...refusals import Conflict
from .. import audit
from ..transaction import all_or_nothing, begin_writing


def is_open(stage: Stage) -> bool:
    """Whether judges may mark on this stage's panels."""
    return stage.judging_opened_at is not None


def closed_refusal() -> Conflict:
    return Conflict(_("Judging of this stage has not been opened yet: you can see your "
                      "panels, and mark once the organizer opens judging."),
                    code="judging_closed")


def require_open(stage: Stage) -> None:
    """Conflict (code judging_closed) until judging of the stage is open."""
    if not is_open(stage):
        raise closed_refusal()


def open_judging(stage: Stage, user: User | None, now: datetime | None = None) -> Stage:
    """Open judging of `stage` (recorded in the audit trail); Conflict when already open
    (also when another organizer opened it a moment before: the row is read locked)."""
    begin_writing()
    stage = db.session.scalar(select(Stage).where(Stage.id == stage.id).with_for_update()
                              .execution_options(populate_existing=True))
    if is_open(stage):
        db.session.rollback()
        raise Conflict(_("Judging of %(stage)s is already open.", stage=stage.name),
                       code="already_open")
    with all_or_nothing():
        stage.judging_opened_at = now or datetime.now(UTC)
        audit.record("open_judging", stage, contest_id=stage.contest_id,
                     old={"judging_opened_at": None},
                     new={"judging_opened_at": stage.judging_opened_at.isoformat()},
                     user=user)
    return stage
