"""Appeals (申诉), written: a delegation leader files within the stage's window, the
organizer reconsiders (复议), the filer may escalate, the arbitration panel's decision
(recorded by the organizer) is final. Every step is one transaction with its audit row;
the rules are in contests/scoring/appeals.py."""
from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import (
    Appeal,
    Contest,
    Delegation,
    DelegationLeader,
    Entry,
    ResultVersion,
    Stage,
)
from ..refusals import Conflict, Invalid, NotAllowed
from ..scoring.appeals import APPEAL_OUTCOMES, Window, may_step, tracking_number
from . import audit
from .results.publication import shown
from .results.published import read
from .transaction import all_or_nothing, begin_writing

PUBLISHED = ("publicity", "final", "superseded")
#: A filing whose tracking number was taken meanwhile (two appeals of a contest filed at the
#: same moment both read the same last number) takes the next one: this many tries at most.
FILING_ATTEMPTS = 5


def utc_now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite returns naive datetimes; every stored moment is UTC.
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def results_published_at(stage: Stage) -> datetime | None:
    """When the stage's results were first published (the first version showing them)."""
    versions = db.session.scalars(select(ResultVersion).where(
        ResultVersion.contest_id == stage.contest_id,
        ResultVersion.status.in_(PUBLISHED)).order_by(ResultVersion.number))
    for version in versions:
        if read(version).stage(stage.id) is not None:
            return _aware(version.published_at)
    return None


def filing_window(stage: Stage) -> Window:
    return Window(results_published_at(stage), stage.appeal_window_hours)


def escalation_window(appeal: Appeal) -> Window:
    return Window(_aware(appeal.reconsidered_at), appeal.stage.appeal_window_hours)


def _refuse_window(window: Window, now: datetime, late_message: str) -> None:
    state = window.state(now)
    if state == "not_taken":
        raise Conflict(_("This stage takes no appeals; nothing was filed."),
                       code="appeals_not_taken")
    if state == "not_open":
        raise Conflict(_("The results of this stage are not published yet; nothing was "
                         "filed."), code="appeal_not_open")
    if state == "closed":
        raise Conflict(late_message, code="appeal_late")


def leads(user, delegation_id: int) -> bool:
    """Whether this account is the leader of this delegation."""
    if not (user.is_authenticated and user.role == "delegation_leader"):
        return False
    found = db.session.get(DelegationLeader, user.id)
    return found is not None and found.delegation_id == delegation_id


def _last_sequence(contest_id: int) -> int:
    """The contest's last appeal number so far (0 before the first)."""
    return db.session.scalar(select(func.max(Appeal.sequence)).where(
        Appeal.contest_id == contest_id)) or 0


def _number_taken(clash: IntegrityError) -> bool:
    """Whether the clash is on the appeal's number ((contest, sequence) and the tracking
    number are unique), as SQLite and PostgreSQL name the columns."""
    text = str(clash.orig)
    return "sequence" in text or "tracking" in text


def file(user, delegation: Delegation, stage: Stage, *, entry_id: int | None, subject: str,
         grounds: str, now: datetime | None = None) -> Appeal:
    """A leader's written appeal: refused, nothing stored, outside the stage's window.
    Its tracking number is the contest's next; two filed at once get two numbers."""
    now = now or datetime.now(UTC)
    if not leads(user, delegation.id) or stage.contest_id != delegation.contest_id:
        raise NotAllowed(_("Only the delegation's leader files its appeals."))
    grounds = (grounds or "").strip()
    if len(grounds) < 10:
        raise Invalid(_("Write the grounds of the appeal (at least 10 characters)."))
    window = filing_window(stage)
    _refuse_window(window, now, _(
        "The appeal window of this stage closed at %(moment)s (%(hours)d hours after its "
        "results were published); late appeals are not accepted and nothing was filed.",
        moment=_local(window.closes), hours=window.hours or 0))
    contest = db.session.get(Contest, delegation.contest_id)
    if entry_id is not None and db.session.get(Entry, entry_id) is None:
        entry_id = None  # published, since removed: the subject's words still name it
    with all_or_nothing():
        begin_writing()
        for attempt in range(1, FILING_ATTEMPTS + 1):
            sequence = _last_sequence(contest.id) + 1
            appeal = Appeal(contest_id=contest.id, stage_id=stage.id,
                            delegation_id=delegation.id, entry_id=entry_id,
                            subject=subject[:300], sequence=sequence,
                            tracking=tracking_number(contest.code, sequence), status="filed",
                            grounds=grounds, filed_at=now, filed_by=user.id)
            try:
                with db.session.begin_nested():  # a clash undoes this insert only
                    db.session.add(appeal)
            except IntegrityError as clash:
                if attempt == FILING_ATTEMPTS or not _number_taken(clash):
                    raise
                continue  # another filing took this number since it was read: the next
            break
        audit.record("appeal_filed", appeal, contest_id=contest.id,
                     new={"tracking": appeal.tracking, "subject": appeal.subject})
    return appeal


def _step(appeal: Appeal, step: str) -> None:
    if not may_step(appeal.status, step):
        raise Conflict(_("This appeal has moved on (it is now: %(status)s); reload the page.",
                         status=_status_label(appeal.status)), code="appeal_stale")


def _outcome(outcome: str, text: str) -> str:
    if outcome not in APPEAL_OUTCOMES:
        raise Invalid(_("Choose whether the appeal is upheld or rejected."))
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Write the decision the filer will read."))
    return text


def _advance(appeal: Appeal, user, status: str, action: str, *, reason: str | None = None,
             audited: dict | None = None, **fields) -> None:
    """One step of the appeal's path: to `status`, with `fields` set, audited as `action`
    (old and new status, plus `audited`), in one transaction."""
    with all_or_nothing():
        _step(appeal, status)
        before = appeal.status
        appeal.status = status
        for name, value in fields.items():
            setattr(appeal, name, value)
        audit.record(action, appeal, contest_id=appeal.contest_id, old={"status": before},
                     new={"status": status, **(audited or {})}, reason=reason, user=user)


def start_reconsideration(appeal: Appeal, user) -> None:
    _advance(appeal, user, "under_reconsideration", "appeal_reconsideration_started",
             reconsideration_started_at=utc_now())


def reconsider(appeal: Appeal, user, *, outcome: str, text: str) -> None:
    """复议: the decision the filer reads; from it the escalation window runs."""
    text = _outcome(outcome, text)
    _advance(appeal, user, "reconsidered", "appeal_reconsidered", reason=text,
             audited={"outcome": outcome}, reconsideration_outcome=outcome,
             reconsideration_text=text, reconsidered_at=utc_now(), reconsidered_by=user.id)


def escalate(appeal: Appeal, user, *, grounds: str, now: datetime | None = None) -> None:
    """申诉 to the arbitration panel, by the filer's delegation, within the window after
    the reconsideration decision."""
    now = now or datetime.now(UTC)
    if not leads(user, appeal.delegation_id):
        raise NotAllowed(_("Only the delegation's leader files its appeals."))
    _step(appeal, "appealed")
    window = escalation_window(appeal)
    _refuse_window(window, now, _(
        "The time to take this to the arbitration panel ended at %(moment)s (%(hours)d hours "
        "after the reconsideration decision); nothing was filed.",
        moment=_local(window.closes), hours=window.hours or 0))
    _advance(appeal, user, "appealed", "appeal_escalated",
             escalation_grounds=(grounds or "").strip() or None, escalated_at=now)


def decide(appeal: Appeal, user, *, outcome: str, text: str) -> None:
    """仲裁: the arbitration panel's final decision, recorded with who and when."""
    text = _outcome(outcome, text)
    _advance(appeal, user, "decided", "appeal_decided", reason=text,
             audited={"outcome": outcome}, arbitration_outcome=outcome,
             arbitration_text=text, decided_at=utc_now(), decided_by=user.id)


def of_contest(contest_id: int) -> list[Appeal]:
    return list(db.session.scalars(select(Appeal).where(Appeal.contest_id == contest_id)
                                   .order_by(Appeal.sequence.desc())))


def of_delegation(delegation_id: int) -> list[Appeal]:
    return list(db.session.scalars(select(Appeal).where(Appeal.delegation_id == delegation_id)
                                   .order_by(Appeal.sequence.desc())))


def _status_label(status: str) -> str:
    from ..vocabularies import label

    return str(label(status, "appeal_status"))


def _local(moment: datetime | None) -> str:
    return shown(moment.astimezone(UTC)) if moment is not None else "—"
