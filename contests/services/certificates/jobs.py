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

from ... import jobs as queue
from ...certificates import bulk
from ...extensions import db
from ...models import CertificateJob, Contest
from ...refusals import Conflict
from .. import audit
from ..job_leases import WORKER_STOPPED, Leases, Superseded
from ..transaction import all_or_nothing

log = logging.getLogger(__name__)

TASK = "certificates.render"
KIND = "certificates"


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


LEASES = Leases(CertificateJob, KIND, TASK, "certificate job")
_take, requeue = LEASES.take, LEASES.requeue
queue.recoverer(LEASES.recover)


@queue.task(TASK, on_interrupt=LEASES.interrupted)
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

