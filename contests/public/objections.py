"""The public objection form (异议), open during a version's publicity period.

After filing, the objector lands back on this page (never cached) with the confirmation
at the top: the contest page may come from the browser's own cache (it is public for a
minute), which would keep the message waiting until the page after."""
from flask import flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from .. import throttle
from ..refusals import Refused
from ..services.results import publication
from ..services.results.published import Snapshot
from . import bp
from .snapshots import listed_contest, published


class ObjectionForm(FlaskForm):
    entry = SelectField(_l("Which result"), coerce=int, validators=[DataRequired()])
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=100)])
    contact = StringField(_l("Phone or e-mail"), validators=[DataRequired(), Length(max=200)])
    grounds = TextAreaField(_l("Grounds"), validators=[DataRequired(), Length(min=10, max=5000)])


def _choices(snapshot: Snapshot) -> list[tuple[int, str]]:
    return [(row.entry_id, f"{stage.name} · {row.bib} {row.name}")
            for stage, row in snapshot.entries()]


@bp.route("/contests/<code>/objection", methods=["GET", "POST"])
@throttle.objection
def objection(code: str):
    contest = listed_contest(code)
    version, snapshot = published(contest)
    form = ObjectionForm()
    form.entry.choices = _choices(snapshot)
    labels = dict(form.entry.choices)
    if version.status == "publicity" and form.validate_on_submit():
        try:
            publication.file_objection(
                version, entry_text=labels[form.entry.data], entry_id=form.entry.data,
                name=form.name.data, contact=form.contact.data, grounds=form.grounds.data)
        except Refused as refusal:
            flash(str(refusal), "error")
        else:
            flash(_("Your objection has been received. The arbitration panel will decide "
                    "and contact you."), "success")
            return redirect(url_for("public.objection", code=contest.code, received=1))
    response = make_response(render_template(
        "public/objection.html", contest=contest, version=version, form=form,
        snap=snapshot))
    response.headers["Cache-Control"] = "private, no-store"
    return response
