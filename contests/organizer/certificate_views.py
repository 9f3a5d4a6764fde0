"""Certificate pages of a contest: overview and issuing, the designs (one certificate of
each family: award, grade, title), wording with preview, single PDFs, revoking. Bulk
renders (background jobs) are in certificate_jobs."""
import io

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..certificates import bulk, printable, samples
from ..certificates.wording import FAMILY_LABELS, KIND_LABELS, PLACEHOLDERS
from ..extensions import db
from ..models import Certificate, CertificateJob, Contest
from ..refusals import Refused
from ..responses import back_to
from ..services.certificates import issuing
from ..services.certificates import wording as wording_writes
from . import bp, loading
from .forms.certificates import IssueForm, RenderForm, RevokeForm, WordingForm

BASE = "/contests/<int:contest_id>/certificates"
KIND = "<any(individual, team, title, grade):wording_kind>"


def _certificate(contest: Contest, certificate_id: int) -> Certificate:
    return loading.in_contest(Certificate, certificate_id, contest)


def _pdf(data: bytes, name: str):
    return send_file(io.BytesIO(data), mimetype="application/pdf", download_name=name)


@bp.route(f"{BASE}/")
def certificates_index(contest_id: int):
    contest = loading.contest(contest_id)
    certificates = db.session.scalars(select(Certificate).where(
        Certificate.contest_id == contest.id).order_by(Certificate.serial)).all()
    jobs = db.session.scalars(select(CertificateJob).where(
        CertificateJob.contest_id == contest.id).order_by(CertificateJob.id.desc())
        .limit(5)).all()
    return render_template(
        "organizer/certificates/index.html", contest=contest, certificates=certificates,
        valid=sum(c.is_valid for c in certificates), jobs=jobs, kinds=KIND_LABELS,
        specimens=samples.specimens(contest), families=FAMILY_LABELS,
        saved=printable.wordings(contest), final=issuing.latest_final(contest),
        issue_form=IssueForm(), render_form=RenderForm(choices=bulk.scope_choices(contest)))


@bp.route(f"{BASE}/issue", methods=["POST"])
def certificates_issue(contest_id: int):
    contest = loading.contest(contest_id)
    back = back_to(url_for("organizer.certificates_index", contest_id=contest.id))
    if IssueForm().validate_on_submit():
        report = issuing.issue_latest(contest)
        flash(_("Version %(v)d: %(i)d certificates issued, %(r)d revoked, %(u)d unchanged.",
                v=report.version_number, i=len(report.issued), r=len(report.revoked),
                u=report.unchanged + len(report.reclassified)), "success")
    return redirect(back)


@bp.route(f"{BASE}/wording/{KIND}", methods=["GET", "POST"])
def certificates_wording(contest_id: int, wording_kind: str):
    contest = loading.contest(contest_id)
    row = wording_writes.saved(contest, wording_kind)
    current = printable.wording_for(contest, wording_kind, {wording_kind: row} if row else {},
                                    number_format=printable.default_number_format(contest))
    form = WordingForm(data=None if request.method == "POST" else {
        "title": current.title, "body": current.body, "issuers": "\n".join(current.issuers),
        "date_text": current.date_text, "number_format": current.number_format})
    action = request.form.get("action", "save")
    if action == "reset" and IssueForm().validate_on_submit():
        wording_writes.reset(contest, wording_kind)
        flash(_("The default wording is back."), "success")
        return redirect(request.path)
    if form.validate_on_submit():
        problems = wording_writes.check(form.values())
        if not problems and action == "preview":
            unsaved = wording_writes.unsaved(contest, wording_kind, form.values())
            return _pdf(_preview(contest, wording_kind, unsaved), "preview.pdf")
        if not problems:
            wording_writes.save(contest, wording_kind, form.values())
            flash(_("Saved."), "success")
            return redirect(url_for("organizer.certificates_index", contest_id=contest.id))
        form.show_problems(problems)
    if request.method == "POST":
        flash(_("Nothing was saved: please correct the fields marked below."), "error")
    return render_template("organizer/certificates/wording.html", contest=contest, form=form,
                           kind=wording_kind, kind_label=KIND_LABELS[wording_kind],
                           placeholders=PLACEHOLDERS, saved=row is not None)


def _preview(contest: Contest, kind: str, override=None) -> bytes:
    """One real certificate of this kind when there is one, else a sample marked as such."""
    chosen = override or printable.wording_for(
        contest, kind, printable.wordings(contest),
        number_format=printable.default_number_format(contest))
    return bulk.render_one(samples.for_kind(contest, kind, chosen), contest, override=override)


@bp.route(f"{BASE}/wording/{KIND}/preview.pdf")
def certificates_preview(contest_id: int, wording_kind: str):
    contest = loading.contest(contest_id)
    return _pdf(_preview(contest, wording_kind), "preview.pdf")


@bp.route(f"{BASE}/designs.pdf")
def certificates_designs(contest_id: int):
    """One certificate of each family (award, grade, title): the contest's own where it
    has one, else a sample marked as such."""
    contest = loading.contest(contest_id)
    chosen = [specimen.certificate for specimen in samples.specimens(contest)]
    return _pdf(bulk.render_few(chosen, contest), f"{contest.code}-designs.pdf")


@bp.route(f"{BASE}/<int:certificate_id>.pdf")
def certificates_pdf(contest_id: int, certificate_id: int):
    """Any certificate, revoked ones marked as such across the page."""
    contest = loading.contest(contest_id)
    certificate = _certificate(contest, certificate_id)
    return _pdf(bulk.render_one(certificate, contest), bulk.file_name(certificate))


@bp.route(f"{BASE}/<int:certificate_id>/revoke", methods=["GET", "POST"])
def certificates_revoke(contest_id: int, certificate_id: int):
    contest = loading.contest(contest_id)
    certificate = _certificate(contest, certificate_id)
    form = RevokeForm()
    if form.validate_on_submit():
        try:
            issuing.revoke(certificate, form.reason.data)
        except Refused as refusal:
            flash(str(refusal), "error")
        else:
            flash(_("Certificate %(number)s is revoked.", number=certificate.number), "success")
            return redirect(url_for("organizer.certificates_index", contest_id=contest.id))
    return render_template("organizer/certificates/revoke.html", contest=contest,
                           certificate=certificate, form=form)


from . import certificate_jobs  # noqa: E402,F401  (registered with this module)
