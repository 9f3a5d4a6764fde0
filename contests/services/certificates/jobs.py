"""Bulk renders in the background: a CertificateJob row tracks progress; a thread does the
work in its own application context and writes the printer PDF and the ZIP to the
instance folder. CERTIFICATE_JOBS_INLINE = True runs the job in the request instead
(tests: no threads to wait for)."""
import json
import logging
import os
import re
import threading
from datetime import UTC, datetime

from flask import current_app
from flask_babel import gettext as _

from ...certificates import bulk
from ...extensions import db
from ...models import CertificateJob, Contest
from ...refusals import Conflict
from .. import audit
from ..transaction import all_or_nothing

log = logging.getLogger(__name__)


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


def launch(job: CertificateJob) -> None:
    """Run the job in a background thread (or now, when CERTIFICATE_JOBS_INLINE)."""
    app = current_app._get_current_object()
    if app.config.get("CERTIFICATE_JOBS_INLINE"):
        run(app, job.id)
        return
    threading.Thread(target=run, args=(app, job.id), name=f"certificates-job-{job.id}",
                     daemon=True).start()


def _safe(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("._") or "certificates"


def run(app, job_id: int) -> None:
    """Do the job, committing progress as chunks finish; a failure is recorded on the job."""
    with app.app_context():
        job = db.session.get(CertificateJob, job_id)
        if job is None or job.status != "queued":
            return
        job.status, job.started_at = "running", datetime.now(UTC)
        db.session.commit()
        try:
            contest = db.session.get(Contest, job.contest_id)
            certificates = bulk.choose(contest, scope_of(job))
            job.total = len(certificates)
            folder = output_dir(job)
            stem = _safe(f"{contest.code}-certificates")
            pdf_path = os.path.join(folder, stem + ".pdf")
            zip_path = os.path.join(folder, stem + ".zip")

            def progress(done, total):
                job.done = done
                db.session.commit()

            base_url = json.loads(job.scope).get("base_url") or ""
            bulk.render(certificates, contest, base_url, pdf_path=pdf_path,
                        zip_path=zip_path, progress=progress)
            job.pdf_path, job.zip_path = pdf_path, zip_path
            job.done, job.status = job.total, "done"
        except Exception as error:  # recorded for the organizer's page, and logged
            log.exception("certificate job %s failed", job_id)
            db.session.rollback()
            job = db.session.get(CertificateJob, job_id)
            job.status, job.error = "failed", f"{type(error).__name__}: {error}"[:2000]
        job.finished_at = datetime.now(UTC)
        db.session.commit()
        db.session.remove()
