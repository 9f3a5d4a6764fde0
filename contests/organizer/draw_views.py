"""Draws by lot (抽签) for a stage: running order and workstations per heat, judges to
panels, sealed codes (加密) and their unsealing (解密). Each POST validates its form and
makes one service call (services/draws.py); a refusal is flashed on the stage's page."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import IntegerField, SelectField, SelectMultipleField, StringField, widgets
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..extensions import db
from ..models import Draw, Panel, Stage, User
from ..responses import back_to
from ..scoring.draws import SEED_MAX_LENGTH
from ..services import draws
from . import bp, loading
from .forms.base import optional_int
from .forms.judging import judge_choices

SEED_HELP = _l("Leave empty and the system draws a seed, or type one everybody can check "
               "(a public lottery number, say).")


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _seed_field():
    return StringField(_l("Seed"), description=SEED_HELP,
                       validators=[Optional(), Length(max=SEED_MAX_LENGTH)])


class OrderDrawForm(FlaskForm):
    heat_id = SelectField(_l("Heat"), coerce=optional_int, validators=[Optional()])
    event_id = SelectField(_l("Event"), coerce=optional_int, validators=[Optional()])
    workstations = IntegerField(_l("Workstations"), validators=[
        Optional(), NumberRange(1, draws.MAX_WORKSTATIONS)],
        description=_l("How many workstations (numbered 1 to N); empty: order only."))
    seed = _seed_field()


class SealForm(FlaskForm):
    event_id = SelectField(_l("Event"), coerce=optional_int, validators=[InputRequired()])
    seed = _seed_field()


class PanelDrawForm(FlaskForm):
    panels = CheckboxesField(_l("Panels"), coerce=optional_int,
                             validators=[DataRequired(_l("Choose at least one panel."))])
    judges = CheckboxesField(_l("Judges drawn"), coerce=optional_int,
                             validators=[DataRequired(_l("Choose at least one judge."))])
    per_panel = IntegerField(_l("Judges a panel"), default=3, validators=[
        InputRequired(), NumberRange(1, draws.MAX_PER_PANEL)])
    seed = _seed_field()


def _forms(stage: Stage) -> dict:
    every = [("", _("All"))]
    order, sealing, panels = (OrderDrawForm(prefix="order"), SealForm(prefix="seal"),
                              PanelDrawForm(prefix="panels"))
    order.heat_id.choices = every + [(h.id, h.name) for h in stage.heats]
    order.event_id.choices = every + [(e.id, e.name) for e in stage.contest.events]
    sealing.event_id.choices = [(e.id, e.name) for e in stage.contest.events]
    panels.panels.choices = [(p.id, p.name) for p in _panels(stage)]
    panels.judges.choices = judge_choices()
    return {"order": order, "seal": sealing, "panels": panels}


def _panels(stage: Stage) -> list[Panel]:
    return db.session.scalars(select(Panel).where(Panel.stage_id == stage.id)
                              .order_by(Panel.name)).all()


def _page(contest, stage, forms, status=200):
    return render_template("organizer/draws.html", contest=contest, stage=stage, forms=forms,
                           listed=draws.of_contest(contest.id, stage_id=stage.id)), status


def _load(contest_id: int, stage_id: int):
    contest = loading.contest(contest_id)
    stage = loading.in_contest(Stage, stage_id, contest)
    back_to(url_for("organizer.draws", contest_id=contest.id, stage_id=stage.id))
    return contest, stage, _forms(stage)


def _done(contest, stage, draw):
    flash(_("Drawn with the seed %(seed)s and recorded.", seed=draw.seed)
          if draw.kind != "seal" else _("Sealed codes drawn and recorded; the seed stays "
                                        "sealed until you unseal them."), "success")
    return redirect(url_for("organizer.draws", contest_id=contest.id, stage_id=stage.id))


def _invalid(contest, stage, forms):
    flash(_("Nothing was saved: please correct the fields marked below."), "error")
    return _page(contest, stage, forms, 422)


@bp.route("/contests/<int:contest_id>/stages/<int:stage_id>/draws", endpoint="draws")
def draws_page(contest_id: int, stage_id: int):
    contest, stage, forms = _load(contest_id, stage_id)
    return _page(contest, stage, forms)


@bp.route("/contests/<int:contest_id>/stages/<int:stage_id>/draws/order", methods=["POST"])
def draw_order(contest_id: int, stage_id: int):
    contest, stage, forms = _load(contest_id, stage_id)
    form = forms["order"]
    if not form.validate_on_submit():
        return _invalid(contest, stage, forms)
    heat = next((h for h in stage.heats if h.id == form.heat_id.data), None)
    event = next((e for e in contest.events if e.id == form.event_id.data), None)
    draw = draws.draw_order(stage, heat=heat, event=event, seed=form.seed.data,
                            workstations=form.workstations.data, user=current_user)
    return _done(contest, stage, draw)


@bp.route("/contests/<int:contest_id>/stages/<int:stage_id>/draws/seal", methods=["POST"])
def draw_seal(contest_id: int, stage_id: int):
    contest, stage, forms = _load(contest_id, stage_id)
    form = forms["seal"]
    if not form.validate_on_submit():
        return _invalid(contest, stage, forms)
    event = next(e for e in contest.events if e.id == form.event_id.data)
    draw = draws.seal(stage, event=event, seed=form.seed.data, user=current_user)
    return _done(contest, stage, draw)


@bp.route("/contests/<int:contest_id>/stages/<int:stage_id>/draws/panels", methods=["POST"])
def draw_panels(contest_id: int, stage_id: int):
    contest, stage, forms = _load(contest_id, stage_id)
    form = forms["panels"]
    if not form.validate_on_submit():
        return _invalid(contest, stage, forms)
    chosen = set(form.panels.data)
    panels = [p for p in _panels(stage) if p.id in chosen]
    judges = db.session.scalars(select(User).where(User.id.in_(form.judges.data))).all()
    draw = draws.allocate_panels(stage, panels=panels, judges=judges,
                                 per_panel=form.per_panel.data, seed=form.seed.data,
                                 user=current_user)
    return _done(contest, stage, draw)


@bp.route("/contests/<int:contest_id>/draws/<int:obj_id>/unseal", methods=["POST"])
def draw_unseal(contest_id: int, obj_id: int):
    contest = loading.contest(contest_id)
    draw = loading.in_contest(Draw, obj_id, contest)
    back = back_to(url_for("organizer.draws", contest_id=contest.id, stage_id=draw.stage_id))
    draws.unseal(draw, current_user)
    flash(_("Unsealed: the codes and the seed %(seed)s are now public.", seed=draw.seed),
          "success")
    return redirect(back)
