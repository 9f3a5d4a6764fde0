"""The lease rules every job row follows (certificate renders' CertificateJob and the long
work's Job, services/long_work.py): a queued row is taken by one run only; a running row
whose worker died (its lease, kept in the queue's storage by contests/jobs.py, stopped
being renewed) is handed back to the queue, or failed once its worker was lost
JOBS_MAX_ATTEMPTS times; and when a worker starts, rows queued longer than the lease time
are enqueued again (a lost message: taking keeps a row to one run)."""
import logging
from datetime import UTC, datetime

from sqlalchemy import select, update

from .. import jobs as queue
from ..extensions import db

log = logging.getLogger(__name__)

WORKER_STOPPED = "worker-stopped:"  # job.error of a job whose worker kept dying (+ tries)


class Superseded(Exception):
    """This run of a job lost its lease (the job was handed to another run)."""


def _timestamp(moment: datetime | None) -> float:
    if moment is None:
        return 0.0
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


class Leases:
    """The lease rules for the rows of `model` (status, started_at, done, error,
    created_at; `phase` when it has one), run by the queue task `task` under the lease
    namespace `kind`; `label` names such a job in the log."""

    def __init__(self, model, kind: str, task: str, label: str):
        self.model, self.kind, self.task, self.label = model, kind, task, label

    def take(self, job_id: int) -> bool:
        """Mark a queued job running; False when another run took it (or it is not
        queued)."""
        model = self.model
        taken = db.session.execute(
            update(model).where(model.id == job_id, model.status == "queued")
            .values(status="running", started_at=datetime.now(UTC), done=0, error=None))
        db.session.commit()
        return taken.rowcount == 1

    def requeue(self, job_id: int, *, lost: bool = True) -> None:
        """Hand a running job back to the queue (its current run, if alive, stops at its
        next progress report), or mark it failed when its worker was lost
        JOBS_MAX_ATTEMPTS times. A run stopped cleanly (`lost=False`: its worker shut
        down) does not count as a try."""
        job = db.session.get(self.model, job_id)
        if job is None or job.status != "running":
            return
        queue.revoke(self.kind, job_id, refund=not lost)
        if queue.attempts(self.kind, job_id) >= queue.max_attempts():
            job.status, job.finished_at = "failed", datetime.now(UTC)
            job.error = f"{WORKER_STOPPED}{queue.attempts(self.kind, job_id)}"
            db.session.commit()
            queue.forget(self.kind, job_id)
            log.warning("%s %s failed: its worker died too often", self.label, job_id)
            return
        job.status, job.done, job.started_at = "queued", 0, None
        if hasattr(job, "phase"):
            job.phase = None
        db.session.commit()
        queue.enqueue(self.task, job_id)
        log.warning("%s %s handed back to the queue", self.label, job_id)

    def recover(self, now: float, starting: bool) -> None:
        """Running jobs whose lease expired go back to the queue; when a worker starts,
        queued jobs older than the lease time are enqueued again."""
        model = self.model
        if starting:
            cutoff = datetime.fromtimestamp(now - queue.stale_after(), UTC)
            for job_id in db.session.scalars(select(model.id).where(
                    model.status == "queued", model.created_at < cutoff)).all():
                queue.enqueue(self.task, job_id)
        running = db.session.execute(select(model.id, model.started_at).where(
            model.status == "running")).all()
        for job_id, started_at in running:
            if queue.is_stale(self.kind, job_id, now, since=_timestamp(started_at)):
                self.requeue(job_id)

    def interrupted(self, job_id: int) -> None:
        """The worker is stopping with this job unfinished: back to the queue at once."""
        self.requeue(job_id, lost=False)
