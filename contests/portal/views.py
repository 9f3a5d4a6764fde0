"""Delegation portal pages: load (404) → the leader's own delegation (403) → one service
call. Everything shown of results comes from the published snapshot, never live marks."""
import io
import zipfile

from flask import flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..certificates import bulk, printable
from ..extensions import db
from ..models import Appeal, Certificate, Contest, Delegation, Stage
from ..public.delegations import delegation_results
from ..refusals import NotAllowed, NotFound, Refused
from ..responses import back_to
from ..services import appeals, delegation_leaders
from ..services.results import publication
from ..services.results.published import read
from ..vocabularies import label
from ..web_input import MAX_ID
from . import bp


class AppealForm(FlaskForm):
    subject = SelectField(_l("Which result"), validators=[DataRequired()])
    grounds = TextAreaField(_l("Grounds of the appeal"),
                            validators=[DataRequired(), Length(min=10, max=5000)])


class EscalateForm(FlaskForm):
    grounds = TextAreaField(_l("Why the reconsideration does not settle it"),
                            validators=[Optional(), Length(max=5000)])


def _own(delegation_id: int) -> Delegation:
    """The delegation this leader leads; another delegation is forbidden."""
    found = db.session.get(Delegation, delegation_id) if 0 < delegation_id <= MAX_ID else None
    if found is None:
        raise NotFound(_("There is no such delegation."))
    if not appeals.leads(current_user, found.id):
        raise NotAllowed(_("You lead another delegation."))
    return found


def _own_appeal(delegation: Delegation, appeal_id: int) -> Appeal:
    found = db.session.get(Appeal, appeal_id) if 0 < appeal_id <= MAX_ID else None
    if found is None or found.delegation_id != delegation.id:
        raise NotFound(_("There is no such appeal."))
    return found


def _published(contest: Contest):
    """(version, snapshot) the public may see, or (None, None)."""
    version = publication.public_version(contest)
    return (version, read(version)) if version is not None else (None, None)


def _certificates(delegation: Delegation) -> list[Certificate]:
    return list(db.session.scalars(select(Certificate).where(
        Certificate.contest_id == delegation.contest_id, Certificate.status == "valid",
        Certificate.delegation_id == delegation.id).order_by(Certificate.serial)))


@bp.route("/")
def index():
    """The leader's home: the delegation it leads (shown here, not redirected to)."""
    found = delegation_leaders.delegation_of(current_user)
    if found is not None:
        return delegation(found.id)
    return render_template("portal/none.html")


@bp.route("/<int:delegation_id>/")
def delegation(delegation_id: int):
    found = _own(delegation_id)
    contest = db.session.get(Contest, found.contest_id)
    version, snapshot = _published(contest)
    results = delegation_results(snapshot, found.id) if snapshot else None
    return render_template(
        "portal/delegation.html", contest=contest, delegation=found, version=version,
        snap=snapshot, results=results, certificates=_certificates(found),
        appeals=appeals.of_delegation(found.id), shown=publication.shown, label=label)


@bp.route("/<int:delegation_id>/certificates.zip")
def certificates_zip(delegation_id: int):
    found = _own(delegation_id)
    certificates = _certificates(found)
    if not certificates:
        flash(_("No certificates have been issued to this delegation yet."), "info")
        return redirect(url_for("portal.delegation", delegation_id=found.id))
    contest = db.session.get(Contest, found.contest_id)
    base = printable.public_base_url()
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_STORED) as archive:
        for certificate in certificates:
            archive.writestr(bulk.file_name(certificate),
                             bulk.render_one(certificate, contest, base))
    data.seek(0)
    response = send_file(data, mimetype="application/zip",
                         download_name=f"{contest.code}-{found.code or found.id}.zip")
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _subjects(delegation: Delegation, snapshot) -> dict[str, tuple[int, int | None, str]]:
    """value → (stage id, entry id or None, label): the delegation's published results."""
    found: dict[str, tuple[int, int | None, str]] = {}
    if snapshot is None:
        return found
    results = delegation_results(snapshot, delegation.id)
    for stage in snapshot.stages:
        found[f"{stage.id}:0"] = (stage.id, None, _("%(stage)s · the delegation as a whole",
                                                    stage=stage.name))
    for member in results.members if results else ():
        for stage, row in member.rows:
            what = " · ".join(x for x in (stage.name, row.event, f"{row.bib} {row.name}") if x)
            found[f"{stage.id}:{row.entry_id}"] = (stage.id, row.entry_id, what)
    return found


@bp.route("/<int:delegation_id>/appeals/new", methods=["GET", "POST"])
def appeal_new(delegation_id: int):
    found = _own(delegation_id)
    contest = db.session.get(Contest, found.contest_id)
    _version, snapshot = _published(contest)
    subjects = _subjects(found, snapshot)
    form = AppealForm()
    form.subject.choices = [(value, what) for value, (_s, _e, what) in subjects.items()]
    if form.validate_on_submit():
        stage_id, entry_id, what = subjects[form.subject.data]
        try:
            appeal = appeals.file(current_user, found, db.session.get(Stage, stage_id),
                                  entry_id=entry_id, subject=what, grounds=form.grounds.data)
        except Refused as refusal:  # shown above the form, the grounds kept in it
            flash(str(refusal), "error")
        else:
            flash(_("Your appeal has been filed. Its number is %(number)s.",
                    number=appeal.tracking), "success")
            return redirect(url_for("portal.appeal", delegation_id=found.id,
                                    appeal_id=appeal.id))
    windows = [(stage, appeals.filing_window(stage)) for stage in contest.stages
               if snapshot is not None and snapshot.stage(stage.id) is not None]
    return render_template("portal/appeal_new.html", contest=contest, delegation=found,
                           form=form, windows=windows, shown=publication.shown, label=label)


@bp.route("/<int:delegation_id>/appeals/<int:appeal_id>")
def appeal(delegation_id: int, appeal_id: int):
    found = _own(delegation_id)
    item = _own_appeal(found, appeal_id)
    window = appeals.escalation_window(item)
    return render_template("portal/appeal.html", contest=db.session.get(Contest, found.contest_id),
                           delegation=found, appeal=item, form=EscalateForm(), window=window,
                           may_escalate=window.state(appeals.utc_now()) == "open",
                           shown=publication.shown, label=label)


@bp.route("/<int:delegation_id>/appeals/<int:appeal_id>/escalate", methods=["POST"])
def appeal_escalate(delegation_id: int, appeal_id: int):
    found = _own(delegation_id)
    item = _own_appeal(found, appeal_id)
    url = back_to(url_for("portal.appeal", delegation_id=found.id, appeal_id=item.id))
    form = EscalateForm()
    if not form.validate_on_submit():
        flash(_("Nothing was filed: the grounds are at most 5000 characters."), "error")
        return redirect(url)
    appeals.escalate(item, current_user, grounds=form.grounds.data)
    flash(_("Your appeal %(number)s has gone to the arbitration panel.",
            number=item.tracking), "success")
    return redirect(url)
