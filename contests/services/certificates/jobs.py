"""Bulk renders as queued jobs: a CertificateJob row tracks progress; a worker of the job
queue (contests/jobs.py) does the work in its own application context and writes the
printer PDF and the ZIP to the instance folder. The web process only enqueues. A job whose
worker died is handed back to the queue when a worker starts (or marked failed after
JOBS_MAX_ATTEMPTS tries); it is never left "running" for ever."""
import json
import logging
import os
import re
from datetime import UTC, datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from ... import jobs as queue
from ...certificates import bulk
from ...extensions import db
from ...models import CertificateJob, Contest
from ...refusals import Conflict
from .. import audit
from ..transaction import all_or_nothing

log = logging.getLogger(__name__)

TASK = "certificates.render"
KIND = "certificates"
WORKER_STOPPED = "worker-stopped:"  # job.error of a job whose worker kept dying (+ tries)


class Superseded(Exception):
    """This run of a job lost its lease (the job was handed to another run)."""


def output_dir(job: CertificateJob) -> str:
    root = current_app.config.get("CERTIFICATE_OUTPUT_DIR") or os.path.join(
        current_app.instance_path, "certificates")
    path = os.path.join(root, f"job-{job.id}")
    os.makedirs(path, exist_ok=True)
    return path


def scope_of(job: CertificateJob) -> dict:
    return {k: v for k, v in json.loads(job.scope or "{}").items() if k in bulk.SCOPE_FIELDS}


def create(contest: Contest, scope: dict, *, base_url: str, user=None) -> CertificateJob:
    """A queued job for the contest's valid certificates within `scope`."""
    scope = {k: v for k, v in scope.items() if k in bulk.SCOPE_FIELDS and v}
    total = len(bulk.choose(contest, scope))
    if total == 0:
        raise Conflict(_("No valid certificates match this choice: nothing to render."),
                       code="nothing_to_render")
    with all_or_nothing():
        job = CertificateJob(contest_id=contest.id, total=total, status="queued",
                             scope=json.dumps({**scope, "base_url": base_url},
                                              ensure_ascii=False),
                             created_by=user.id if user is not None else None)
        db.session.add(job)
        db.session.flush()
        audit.record("create", job, contest_id=contest.id, new=audit.snapshot(job))
    return job


def error_text(job: CertificateJob) -> str | None:
    """Why the job failed, in the reader's language where the reason is ours."""
    if job.error and job.error.startswith(WORKER_STOPPED):
        return _("The worker stopped while rendering, %(count)s times; render the "
                 "certificates again.", count=job.error.removeprefix(WORKER_STOPPED))
    return job.error


def launch(job: CertificateJob) -> None:
    """Put the job on the queue: a worker renders it (at once, in JOBS_IMMEDIATE mode)."""
    queue.enqueue(TASK, job.id)


def _safe(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("._") or "certificates"


def _take(job_id: int) -> bool:
    """Mark a queued job running; False when another run took it (or it is not queued)."""
    taken = db.session.execute(
        update(CertificateJob).where(CertificateJob.id == job_id,
                                     CertificateJob.status == "queued")
        .values(status="running", started_at=datetime.now(UTC), done=0, error=None))
    db.session.commit()
    return taken.rowcount == 1


def requeue(job_id: int, *, lost: bool = True) -> None:
    """Hand a running job back to the queue (its current run, if alive, stops at its next
    chunk), or mark it failed when its worker was lost JOBS_MAX_ATTEMPTS times. A run
    stopped cleanly (`lost=False`: its worker shut down) does not count as a try."""
    job = db.session.get(CertificateJob, job_id)
    if job is None or job.status != "running":
        return
    queue.revoke(KIND, job_id, refund=not lost)
    if queue.attempts(KIND, job_id) >= queue.max_attempts():
        job.status, job.finished_at = "failed", datetime.now(UTC)
        job.error = f"{WORKER_STOPPED}{queue.attempts(KIND, job_id)}"  # error_text shows it
        db.session.commit()
        queue.forget(KIND, job_id)
        log.warning("certificate job %s failed: its worker died too often", job_id)
        return
    job.status, job.done, job.started_at = "queued", 0, None
    db.session.commit()
    queue.enqueue(TASK, job_id)
    log.warning("certificate job %s handed back to the queue", job_id)


def _timestamp(moment: datetime | None) -> float:
    if moment is None:
        return 0.0
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


@queue.recoverer
def recover(now: float, starting: bool) -> None:
    """Running jobs whose lease expired (a dead worker) go back to the queue. When a worker
    starts, queued jobs older than the lease time are enqueued again too (in case their
    message was lost, e.g. a Redis flushed: a job still runs once only, see _take)."""
    if starting:
        cutoff = datetime.fromtimestamp(now - queue.stale_after(), UTC)
        waiting = db.session.scalars(select(CertificateJob.id).where(
            CertificateJob.status == "queued", CertificateJob.created_at < cutoff)).all()
        for job_id in waiting:
            queue.enqueue(TASK, job_id)
    running = db.session.execute(select(CertificateJob.id, CertificateJob.started_at).where(
        CertificateJob.status == "running")).all()
    for job_id, started_at in running:
        if queue.is_stale(KIND, job_id, now, since=_timestamp(started_at)):
            requeue(job_id)


def _interrupted(job_id: int) -> None:
    """The worker is stopping with this job unfinished: back to the queue at once."""
    requeue(job_id, lost=False)


@queue.task(TASK, on_interrupt=_interrupted)
def run(job_id: int) -> None:
    """Do the job, committing progress as chunks finish; a failure is recorded on the job."""
    if not _take(job_id):
        db.session.remove()
        return
    token = queue.claim(KIND, job_id)
    job = db.session.get(CertificateJob, job_id)
    try:
        contest = db.session.get(Contest, job.contest_id)
        certificates = bulk.choose(contest, scope_of(job))
        job.total = len(certificates)
        folder = output_dir(job)
        stem = _safe(f"{contest.code}-certificates")
        pdf_path = os.path.join(folder, stem + ".pdf")
        zip_path = os.path.join(folder, stem + ".zip")

        def progress(done, total):
            if not queue.beat(KIND, job_id, token):
                raise Superseded
            job.done = done
            db.session.commit()

        base_url = json.loads(job.scope).get("base_url") or ""
        bulk.render(certificates, contest, base_url, pdf_path=pdf_path,
                    zip_path=zip_path, progress=progress)
        if not queue.beat(KIND, job_id, token):
            raise Superseded
        job.pdf_path, job.zip_path = pdf_path, zip_path
        job.done, job.status = job.total, "done"
    except Superseded:  # another run owns the job now: leave it alone
        log.warning("certificate job %s: this run was superseded", job_id)
        db.session.rollback()
        db.session.remove()
        return
    except Exception as error:  # recorded for the organizer's page, and logged
        log.exception("certificate job %s failed", job_id)
        db.session.rollback()
        job = db.session.get(CertificateJob, job_id)
        job.status, job.error = "failed", f"{type(error).__name__}: {error}"[:2000]
    job.finished_at = datetime.now(UTC)
    db.session.commit()
    queue.forget(KIND, job_id)
    db.session.remove()

