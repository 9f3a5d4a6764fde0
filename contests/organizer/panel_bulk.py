"""Panels in bulk: the panels of a stage for all its events × components × rater groups
(× heats) in one POST (services/panel_bulk.py). "Preview" lists what would be created and
what already exists; "Create panels" creates them all or none."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, widgets
from wtforms.validators import DataRequired, Length, Optional

from ..models import Stage
from ..refusals import Refused
from ..responses import status_of
from ..services import panel_bulk
from . import bp, loading
from .forms.base import optional_int
from .forms.judging import flag_percent_field, judge_choices


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _ids(values) -> list[int]:
    return [optional_int(v) for v in values if v not in (None, "")]


class BulkPanelsForm(FlaskForm):
    events = CheckboxesField(_l("Events"), coerce=optional_int,
                             validators=[DataRequired(_l("Choose at least one event."))])
    components = CheckboxesField(_l("Components"), coerce=optional_int,
                                 validators=[DataRequired(_l("Choose at least one component."))])
    per_heat = BooleanField(_l("One panel per heat (otherwise one panel marks every heat)"))
    pattern = StringField(_l("Panel names"), default=panel_bulk.DEFAULT_PATTERN,
                          validators=[DataRequired(), Length(max=200)])
    judges = CheckboxesField(_l("Judges on every new panel"), coerce=optional_int,
                             validators=[Optional()])
    chief_id = SelectField(_l("Chief judge of every new panel"), coerce=optional_int,
                           validators=[Optional()])
    reveal_names = BooleanField(_l("Show contestants' names to judges"))
    flag_percent = flag_percent_field()

    def __init__(self, *args, stage: Stage, **kwargs):
        super().__init__(*args, **kwargs)
        self.events.choices = [(e.id, e.name) for e in stage.contest.events]
        self.components.choices = [
            (c.id, f"{c.name} ({', '.join(g.name for g in c.rater_groups) or _('no rater group')})")
            for c in stage.components]
        people = judge_choices()
        self.judges.choices = people
        self.chief_id.choices = [("", _("None"))] + people
        if not self.is_submitted():
            self.events.data = [e.id for e in stage.contest.events]
            self.components.data = [c.id for c in stage.components]


@bp.route("/contests/<int:contest_id>/stages/<int:stage_id>/panels/bulk", methods=["GET", "POST"])
def panels_bulk(contest_id: int, stage_id: int):
    contest = loading.contest(contest_id)
    stage = loading.in_contest(Stage, stage_id, contest)
    form = BulkPanelsForm(stage=stage)
    planned, status = None, 200
    if form.validate_on_submit():
        events = [e for e in contest.events if e.id in set(_ids(form.events.data))]
        components = [c for c in stage.components if c.id in set(_ids(form.components.data))]
        try:
            planned = panel_bulk.plan(stage, events=events, components=components,
                                      per_heat=form.per_heat.data, pattern=form.pattern.data)
            if request.form.get("op") == "create":
                created, skipped = panel_bulk.create(
                    stage, planned, judge_ids=_ids(form.judges.data),
                    chief_id=form.chief_id.data, contest_id=contest.id,
                    reveal_names=form.reveal_names.data,
                    flag_percent=form.flag_percent.data)
                flash(_("Created %(n)d panels.", n=len(created)), "success")
                if skipped:
                    flash(_("Skipped %(n)d that already have a panel: %(names)s.", n=len(skipped),
                            names=_(", ").join(p.existing.name for p in skipped)), "success")
                return redirect(url_for("organizer.panels_list", contest_id=contest.id))
        except Refused as refusal:
            for message in refusal.details.get("problems", [str(refusal)]):
                flash(message, "error")
            status = status_of(refusal)
        else:
            for message in panel_bulk.problems(stage, planned):
                flash(message, "error")
    elif request.method == "POST":
        flash(_("Nothing was saved: please correct the fields marked below."), "error")
        status = 422
    return render_template("organizer/panels_bulk.html", form=form, contest=contest,
                           stage=stage, planned=planned,
                           placeholders=panel_bulk.braced()), status
