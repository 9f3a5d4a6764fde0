"""The page of any queued long work of a contest (an export, an import, a publication;
services/long_work.py): its progress, polled; then the file to download, the import's
counts or the version published, or why it failed. Members of the contest only."""
import os

from flask import flash, jsonify, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..exchange.files import MIMETYPES
from ..models import Job
from ..services import long_work
from . import bp, loading

BASE = "/contests/<int:contest_id>/jobs/<int:job_id>"
TITLES = {"export": _l("Preparing an export"), "import": _l("Importing a file"),
          "marks_import": _l("Importing marks"), "publish": _l("Publishing results"),
          "preview": _l("Checking a file before its import")}
PHASES = {"reading": _l("reading"), "checking": _l("checking the file"),
          "writing": _l("writing"), "computing": _l("computing the results")}
STATES = {"queued": _l("waiting"), "running": _l("working"), "done": _l("done"),
          "failed": _l("failed")}


def _job(contest_id: int, job_id: int) -> Job:
    return loading.in_contest(Job, job_id, loading.contest(contest_id))


def state_text(job: Job) -> str:
    if job.status == "running" and job.phase in PHASES:
        return str(PHASES[job.phase])
    return str(STATES[job.status])


@bp.route(BASE)
def job_page(contest_id: int, job_id: int):
    job = _job(contest_id, job_id)
    return render_template("organizer/jobs/job.html", contest=loading.contest(contest_id),
                           job=job, title=TITLES[job.kind], state=state_text(job),
                           params=long_work.params_of(job),
                           outcome=long_work.outcome_of(job), error=long_work.error_text(job),
                           preview_url=preview_url(job))


def preview_url(job: Job) -> str | None:
    """Where a preview job's result is shown: the preview page of its upload."""
    if job.kind != "preview":
        return None
    params = long_work.params_of(job)
    if params.get("shape"):
        return url_for("organizer.marks_preview", contest_id=job.contest_id,
                       shape=params["shape"], token=params["token"])
    return url_for("organizer.exchange_preview", contest_id=job.contest_id,
                   kind=params["import"], token=params["token"],
                   create_delegations="1" if params.get("create_delegations") else None)


@bp.route(f"{BASE}/progress")
def job_progress(contest_id: int, job_id: int):
    """Polled by the job's page every second or two."""
    job = _job(contest_id, job_id)
    return jsonify(status=job.status, state=state_text(job), done=job.done, total=job.total,
                   error=long_work.error_text(job))


@bp.route(f"{BASE}/file")
def job_file(contest_id: int, job_id: int):
    job = _job(contest_id, job_id)
    path = job.result_path
    if job.status != "done" or not path or not os.path.exists(path):
        flash(_("The file is not ready (or was removed); start the work again if needed."),
              "error")
        return redirect(url_for("organizer.job_page", contest_id=contest_id, job_id=job_id))
    fmt = path.rsplit(".", 1)[-1]
    return send_file(path, mimetype=MIMETYPES.get(fmt, "application/octet-stream"),
                     as_attachment=True, download_name=job.result_name or os.path.basename(path))


def recent(contest, kinds: tuple) -> list[tuple]:
    """(job, title, state) of the contest's latest long work of these kinds, for the pages
    that start it (templates/organizer/jobs/_recent.html)."""
    return [(job, TITLES[job.kind], state_text(job))
            for job in long_work.recent(contest.id, kinds)]
