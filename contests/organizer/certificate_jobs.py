"""Bulk certificate renders: start one (queued for the job worker, contests/jobs.py), watch
its progress, download the printer PDF and the ZIP when it is done."""
import os

from flask import flash, jsonify, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..certificates import bulk, printable
from ..models import CertificateJob
from ..responses import back_to
from ..services.certificates import jobs
from . import bp, loading
from .certificate_views import BASE
from .forms.certificates import RenderForm


def _job(contest_id: int, job_id: int) -> CertificateJob:
    return loading.in_contest(CertificateJob, job_id, loading.contest(contest_id))


@bp.route(f"{BASE}/render", methods=["POST"])
def certificates_render(contest_id: int):
    contest = loading.contest(contest_id)
    back = back_to(url_for("organizer.certificates_index", contest_id=contest.id))
    form = RenderForm(choices=bulk.scope_choices(contest))
    if not form.validate_on_submit():
        flash(_("Choose the certificates to render again."), "error")
        return redirect(back)
    job = jobs.create(contest, form.scope(), base_url=printable.public_base_url(),
                      user=current_user)
    jobs.launch(job)
    return redirect(url_for("organizer.certificates_job", contest_id=contest.id,
                            job_id=job.id))


@bp.route(f"{BASE}/jobs/<int:job_id>")
def certificates_job(contest_id: int, job_id: int):
    job = _job(contest_id, job_id)
    return render_template("organizer/certificates/job.html", contest=loading.contest(contest_id),
                           job=job, scope=jobs.scope_of(job), error=jobs.error_text(job))


@bp.route(f"{BASE}/jobs/<int:job_id>/progress")
def certificates_job_progress(contest_id: int, job_id: int):
    """Polled by the job page every second or two."""
    job = _job(contest_id, job_id)
    return jsonify(status=job.status, done=job.done, total=job.total,
                   error=jobs.error_text(job))


def _download(contest_id: int, job_id: int, attribute: str, mimetype: str):
    job = _job(contest_id, job_id)
    path = getattr(job, attribute)
    if job.status != "done" or not path or not os.path.exists(path):
        flash(_("The files are not ready (or were removed); render them again if needed."),
              "error")
        return redirect(url_for("organizer.certificates_job", contest_id=contest_id,
                                job_id=job_id))
    return send_file(path, mimetype=mimetype, as_attachment=True,
                     download_name=os.path.basename(path))


@bp.route(f"{BASE}/jobs/<int:job_id>/certificates.pdf")
def certificates_job_pdf(contest_id: int, job_id: int):
    return _download(contest_id, job_id, "pdf_path", "application/pdf")


@bp.route(f"{BASE}/jobs/<int:job_id>/certificates.zip")
def certificates_job_zip(contest_id: int, job_id: int):
    return _download(contest_id, job_id, "zip_path", "application/zip")
