"""Long work of a contest as queued jobs (one `Job` row each): exports, imports and
publications too big for a request (the kinds register their work with `@work(kind)`:
services/exchange/queued.py, services/results/queued.py). The web process creates the row
and enqueues it; a worker of the job queue (contests/jobs.py) runs it in its own
application context, in the language of whoever started it, and records the phase and
progress for the job's page, then the outcome (a file under the instance folder, counts,
a version) or why it failed.

The lease rules are every job row's (services/job_leases.py, shared with the certificate
renders): a job whose worker died is handed back to the queue when a worker starts, or
failed after JOBS_MAX_ATTEMPTS tries; a run that lost its lease stops at its next
progress report. A finished job's file is kept JOB_FILES_KEEP_DAYS days (expire_files,
run by the worker every minute beside the lease sweep)."""
import json
import logging
import os
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from .. import jobs as queue
from ..extensions import db
from ..models import Contest, Job
from ..refusals import Refused
from . import audit
from .job_leases import WORKER_STOPPED, Leases, Superseded

log = logging.getLogger(__name__)

TASK = "long_work.run"
KIND = "job"  # the lease namespace (certificate renders use "certificates")
_WORK: dict[str, Callable] = {}  # kind -> function(job, params, progress)


def work(kind: str):
    """Register `function(job, params, progress)` as the work of the job kind."""
    def register(function):
        _WORK[kind] = function
        return function
    return register


def threshold(name: str, default: int) -> int:
    """A size above which the work is queued (config: EXPORT_INLINE_MAX_ROWS ...)."""
    return int(current_app.config.get(name, default))


def start(contest: Contest, kind: str, params: dict, *, total: int = 0, user=None) -> Job:
    """Create the job and put it on the queue (run at once in JOBS_IMMEDIATE mode)."""
    job = Job(contest_id=contest.id, kind=kind, status="queued", total=max(total, 0),
              params=json.dumps(dict(params, lang=str(get_locale() or "")),
                                ensure_ascii=False, default=str),
              created_by=getattr(user, "id", None))
    db.session.add(job)
    db.session.flush()
    audit.record("create", job, contest_id=contest.id, user=user,
                 new={"kind": kind, "total": job.total})
    db.session.commit()
    queue.enqueue(TASK, job.id)
    return db.session.get(Job, job.id)


def params_of(job: Job) -> dict:
    return json.loads(job.params or "{}")


def outcome_of(job: Job) -> dict:
    return json.loads(job.outcome or "{}")


def error_text(job: Job) -> str | None:
    """Why the job failed, in the reader's language where the reason is ours."""
    if job.error and job.error.startswith(WORKER_STOPPED):
        return _("The worker stopped during this work, %(count)s times; start it again.",
                 count=job.error.removeprefix(WORKER_STOPPED))
    return job.error


def output_dir(job: Job) -> str:
    """Where the job's file goes: the instance folder (never a public one)."""
    root = current_app.config.get("JOB_OUTPUT_DIR") or os.path.join(
        current_app.instance_path, "job-files")
    path = os.path.join(root, f"job-{job.id}")
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path


class Progress:
    """What a job's work reports as it goes; each report renews the lease (and stops a
    run that lost it) and commits, so the page sees it."""

    def __init__(self, job: Job, token: str):
        self.job, self.token = job, token

    def _alive(self) -> None:
        if not queue.beat(KIND, self.job.id, self.token):
            raise Superseded

    def phase(self, name: str, *, total: int | None = None, done: int = 0) -> None:
        self._alive()
        self.job.phase, self.job.done = name, done
        if total is not None:
            self.job.total = max(total, 0)
        db.session.commit()

    def step(self, done: int) -> None:
        self._alive()
        self.job.done = min(max(done, 0), max(self.job.total, done))
        db.session.commit()

    def finish(self, *, outcome: dict | None = None, path: str | None = None,
               name: str | None = None) -> None:
        """Record the result on the job (committed by the caller: with the work itself
        when the work is a transaction, so both happen or neither)."""
        self._alive()
        job = self.job
        job.status, job.phase, job.done = "done", None, max(job.done, job.total)
        job.finished_at = datetime.now(UTC)
        job.outcome = dumps(outcome or {})
        job.result_path, job.result_name = path, name


LEASES = Leases(Job, KIND, TASK, "job")
_take, requeue = LEASES.take, LEASES.requeue
queue.recoverer(LEASES.recover)


def expire_files(now: float, _starting: bool = False) -> int:
    """Remove the files of jobs finished more than JOB_FILES_KEEP_DAYS days before `now`
    (their folder under the instance folder) and forget the path, so the job's page says
    the file was removed; returns how many were removed."""
    days = current_app.config.get("JOB_FILES_KEEP_DAYS", 7)
    cutoff = datetime.fromtimestamp(now, UTC) - timedelta(days=days)
    expired = db.session.scalars(select(Job).where(
        Job.result_path.is_not(None), Job.finished_at < cutoff)).all()
    for job in expired:
        shutil.rmtree(os.path.dirname(job.result_path), ignore_errors=True)
        job.result_path = None
    db.session.commit()
    if expired:
        log.info("removed the files of %d jobs finished over %s days ago", len(expired), days)
    return len(expired)


queue.recoverer(expire_files)


@queue.task(TASK, on_interrupt=LEASES.interrupted)
def run(job_id: int) -> None:
    """Do the job's work; a refusal or a failure is recorded on the job."""
    if not _take(job_id):
        db.session.remove()
        return
    token = queue.claim(KIND, job_id)
    job = db.session.get(Job, job_id)
    params = params_of(job)
    languages = current_app.config.get("LANGUAGES") or ()
    lang = params.get("lang") if params.get("lang") in languages else (
        current_app.config["BABEL_DEFAULT_LOCALE"])
    try:
        with force_locale(lang), audit.acting_as(job.created_by):
            progress = Progress(job, token)
            _WORK[job.kind](job, params, progress)
            if job.status != "done":
                progress.finish()
    except Superseded:
        log.warning("job %s: this run was superseded", job_id)
        db.session.rollback()
        db.session.remove()
        return
    except Exception as error:  # recorded for the organizer's page, and logged
        db.session.rollback()
        job = db.session.get(Job, job_id)
        if isinstance(error, Refused):
            job.error = str(error)[:2000]
        else:
            log.exception("job %s failed", job_id)
            job.error = f"{type(error).__name__}: {error}"[:2000]
        job.status, job.finished_at = "failed", datetime.now(UTC)
    db.session.commit()
    queue.forget(KIND, job_id)
    db.session.remove()


def dumps(outcome: dict) -> str:
    return json.dumps(outcome, ensure_ascii=False, default=str)


def recent(contest_id: int, kinds: tuple, limit: int = 5) -> list[Job]:
    """The contest's latest jobs of these kinds, newest first."""
    return db.session.scalars(select(Job).where(Job.contest_id == contest_id,
                                                Job.kind.in_(kinds))
                              .order_by(Job.id.desc()).limit(limit)).all()
