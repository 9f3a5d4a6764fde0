"""Copy instead of retyping: a stage's assessment (and panels) to another stage, an event's
panels to another event, a whole contest's configuration into its next edition. Each page
shows what would be copied; one POST copies it, or says why not and copies nothing."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import Component, Event, Panel, Stage
from ..refusals import Refused
from ..responses import status_of
from ..services import copying
from ..web_input import id_value
from . import bp, loading
from .forms.copying import CopyForm, NextEditionForm, StageCopyForm


def _preselected(form, targets) -> None:
    """A GET with ?to=<id> (the guide's link) preselects that target."""
    wanted = request.args.get("to", type=id_value)
    if request.method == "GET" and wanted in {value for value, _label in targets}:
        form.target.data = wanted


def _targets(candidates, source, filled_by, filled_label) -> list[tuple[int, str]]:
    """Where `source` may be copied to: the other candidates, those that already hold
    something (a row of `filled_by` points at them) labelled so (the copy will refuse)."""
    ids = [c.id for c in candidates]
    filled = set(db.session.scalars(select(filled_by).where(filled_by.in_(ids)).distinct()))
    return [(c.id, filled_label(c) if c.id in filled else c.name)
            for c in candidates if c.id != source.id]


def _copy_page(template: str, form, status: int = 200, error: str | None = None, **context):
    return render_template(template, form=form, error=error, **context), status


@bp.route("/contests/<int:contest_id>/stages/<int:obj_id>/copy", methods=["GET", "POST"])
def stage_copy(contest_id: int, obj_id: int):
    contest = loading.contest(contest_id)
    source = loading.in_contest(Stage, obj_id, contest)
    targets = _targets(contest.stages, source, Component.stage_id,
                       lambda s: _("%(stage)s (already has components)", stage=s.name))
    form = StageCopyForm(targets=targets)
    _preselected(form, targets)
    context = dict(contest=contest, source=source, contents=copying.stage_contents(source))
    if form.validate_on_submit():
        target = loading.in_contest(Stage, form.target.data, contest)
        try:
            counts = copying.copy_stage(source, target, with_panels=form.with_panels.data)
        except Refused as refusal:
            return _copy_page("organizer/copy/stage.html", form, status_of(refusal),
                              str(refusal), **context)
        flash(_("Copied to %(stage)s: %(components)d components, %(criteria)d rubric items, "
                "%(groups)d rater groups, %(panels)d panels with %(judges)d judges.",
                stage=target.name, components=counts.components, criteria=counts.criteria,
                groups=counts.rater_groups, panels=counts.panels, judges=counts.judges),
              "success")
        return redirect(url_for("organizer.contest", contest_id=contest.id))
    return _copy_page("organizer/copy/stage.html", form, **context)


@bp.route("/contests/<int:contest_id>/events/<int:obj_id>/copy", methods=["GET", "POST"])
def event_copy(contest_id: int, obj_id: int):
    contest = loading.contest(contest_id)
    source = loading.in_contest(Event, obj_id, contest)
    targets = _targets(contest.events, source, Panel.event_id,
                       lambda e: _("%(event)s (already has panels)", event=e.name))
    form = CopyForm(targets=targets)
    _preselected(form, targets)
    context = dict(contest=contest, source=source, contents=copying.event_contents(source))
    if form.validate_on_submit():
        target = loading.in_contest(Event, form.target.data, contest)
        try:
            counts = copying.copy_event(source, target)
        except Refused as refusal:
            return _copy_page("organizer/copy/event.html", form, status_of(refusal),
                              str(refusal), **context)
        flash(_("Copied to %(event)s: %(panels)d panels with %(judges)d judges, %(criteria)d "
                "rubric lines of its own.", event=target.name, panels=counts.panels,
                judges=counts.judges, criteria=counts.criteria), "success")
        return redirect(url_for("organizer.contest", contest_id=contest.id))
    return _copy_page("organizer/copy/event.html", form, **context)


@bp.route("/contests/<int:contest_id>/next-edition", methods=["GET", "POST"])
def contest_next_edition(contest_id: int):
    """Next year's contest from this one, in one step: its whole configuration, none of
    its people or results. The new contest opens on its guide."""
    source = loading.contest(contest_id)
    form = NextEditionForm(data=None if request.method == "POST"
                           else copying.suggest_next(source))
    if form.validate_on_submit():
        try:
            created = copying.next_edition(source, code=form.code.data, name=form.name.data,
                                           year=form.year.data, member=current_user)
        except Refused as refusal:
            return _copy_page("organizer/copy/next_edition.html", form, status_of(refusal),
                              str(refusal), contest=source)
        flash(_("%(name)s created with the configuration of %(source)s. Next: its people, "
                "panels and judges.", name=created.name, source=source.name), "success")
        return redirect(url_for("organizer.contest", contest_id=created.id))
    return _copy_page("organizer/copy/next_edition.html", form, contest=source)
