"""Forms for a contest and its skeleton: events, stages (multi-row), heats."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ...extensions import db
from ...models import Contest, Event, Heat, Stage
from .base import (
    ModelForm,
    RowForm,
    config_select,
    optional_int,
    percent_field,
    points_field,
)
from .ranking import RankingOrderCell


def unique_in_contest(model, column: str, message):
    """Validator: no other row of `model` in this contest has the same value."""

    def check(form, field):
        if field.data in (None, ""):
            return
        query = select(model.id).where(getattr(model, column) == field.data)
        if hasattr(model, "contest_id") and form.contest is not None:
            query = query.where(model.contest_id == form.contest.id)
        if form.current is not None and form.current.id is not None:
            query = query.where(model.id != form.current.id)
        if db.session.scalar(query) is not None:
            raise ValidationError(message)

    return check


def dates_in_order(form, field):
    if field.data and form.starts_on.data and field.data < form.starts_on.data:
        raise ValidationError(_l("The end date is before the start date."))


class ContestForm(ModelForm):
    code = StringField(_l("Code"), validators=[
        DataRequired(), Length(max=40),
        unique_in_contest(Contest, "code", _l("Another contest already uses this code."))],
        description=_l("Short, unique; used in web addresses and certificate numbers."))
    name = StringField(lazy_pgettext("thing", "Name"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("English name"), validators=[Optional(), Length(max=200)])
    organizer = StringField(_l("Organizing bodies"), validators=[Optional(), Length(max=300)])
    year = IntegerField(_l("Year"), validators=[
        InputRequired(), NumberRange(min=1949, max=2200, message=_l("Not a plausible year."))])
    starts_on = DateField(_l("Starts on"), validators=[Optional()])
    ends_on = DateField(_l("Ends on"), validators=[Optional(), dates_in_order])
    description = TextAreaField(_l("Description"), validators=[Optional()])
    decimal_places = IntegerField(_l("Decimal places of results"), default=2, validators=[
        InputRequired(), NumberRange(min=0, max=4, message=_l("Between 0 and 4 places."))])
    rounding_point = config_select("rounding_point", _l("When to round"))
    missing_group_policy = config_select("missing_group_policy",
                                         _l("When a rater group has no marks"))
    is_listed = BooleanField(_l("List on the public site"))


MAX_SKELETON_LINES = 50


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def distinct_short_lines(form, field):
    names = _lines(field.data)
    if len(names) > MAX_SKELETON_LINES:
        raise ValidationError(_l("At most %(n)d lines.", n=MAX_SKELETON_LINES))
    if any(len(name) > 200 for name in names):
        raise ValidationError(_l("A line is longer than 200 characters."))
    if len(set(names)) != len(names):
        raise ValidationError(_l("A name appears twice."))


class NewContestForm(ContestForm):
    """A new contest, optionally with its events and stages named at once (one per line),
    so the organizer starts on the guide with the skeleton in place."""

    event_names = TextAreaField(
        _l("Events, one per line"), validators=[Optional(), distinct_short_lines],
        description=_l("For example Front desk and Housekeeping on two lines. You can add more later."))
    stage_names = TextAreaField(
        _l("Stages in order, one per line"), validators=[Optional(), distinct_short_lines],
        description=_l("For example Preliminary then Final. Advancement is set on the stages page."))

    def skeleton(self) -> tuple[list[str], list[str]]:
        return _lines(self.event_names.data), _lines(self.stage_names.data)

    def model_values(self) -> dict:
        values = super().model_values()
        values.pop("event_names", None)
        values.pop("stage_names", None)
        return values


class EventForm(ModelForm):
    code = StringField(_l("Code"), validators=[Optional(), Length(max=40)])
    name = StringField(lazy_pgettext("thing", "Name"), validators=[
        DataRequired(), Length(max=200),
        unique_in_contest(Event, "name", _l("This contest already has an event of this name."))])
    position = IntegerField(_l("Order"), default=1, validators=[InputRequired(),
                                                                NumberRange(min=1)])


class EventRow(RowForm):
    """One event in the grid of a contest's events (all saved at once)."""

    position = IntegerField(_l("Order"), validators=[Optional(), NumberRange(min=1)])
    code = StringField(_l("Code"), validators=[Optional(), Length(max=40)])
    name = StringField(lazy_pgettext("thing", "Name"), validators=[Optional(), Length(max=200)])


class StageRow(RowForm):
    position = IntegerField(_l("Order"), validators=[Optional(), NumberRange(min=1)])
    name = StringField(lazy_pgettext("thing", "Name"), validators=[Optional(), Length(max=200)])
    starts_on = DateField(_l("Starts on"), validators=[Optional()])
    ends_on = DateField(_l("Ends on"), validators=[Optional(), dates_in_order])
    carry_over_percent = percent_field(_l("Share of previous stage (%)"), default=0)
    advancement_rule = config_select("advancement_rule", _l("Who advances"))
    advancement_value = percent_field(_l("N, score or percentage for advancing"))
    cut_tie_policy = config_select("cut_tie_policy", _l("Ties at the cut"))
    ranking_metrics = RankingOrderCell(_l("Ranking order"))  # chosen on its own page
    ranking_scope = config_select("ranking_scope", _l("Ranked"))
    # 申诉时限 (contests/scoring/appeals.py); empty: this stage takes no appeals
    appeal_window_hours = IntegerField(_l("Appeal window (hours)"), default=2,
                                       validators=[Optional(), NumberRange(min=1, max=720)])
    # 裁判劳务费 per judging session (exchange/export_payroll.py); empty: no fee
    judge_fee_per_session = points_field(_l("Judge's fee per session (yuan)"), required=False)

    def validate_judge_fee_per_session(self, field):
        if field.data is not None and field.data.as_tuple().exponent < -2:
            raise ValidationError(_l("Money has at most two decimal places (fen)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # advancement_value is a count or a score, not only a percentage.
        self.advancement_value.validators = [Optional(), NumberRange(min=0)]
        self.ranking_metrics.bind_stage(self.id.data)

    def model_values(self) -> dict:
        values = super().model_values()
        values.pop("ranking_metrics", None)  # read-only here: see forms/ranking.py
        values["carry_over_percent"] = values.get("carry_over_percent") or 0
        return values


class HeatForm(ModelForm):
    stage_id = SelectField(_l("Stage"), coerce=optional_int, validators=[InputRequired()])
    name = StringField(lazy_pgettext("thing", "Name"), validators=[DataRequired(), Length(max=200)])
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=200)])
    held_on = DateField(_l("Date"), validators=[Optional()])

    def fill_choices(self):
        self.stage_id.choices = [(s.id, s.name) for s in self.contest.stages]

    def validate_name(self, field):
        query = select(Heat.id).where(Heat.stage_id == self.stage_id.data, Heat.name == field.data)
        if self.current is not None and self.current.id is not None:
            query = query.where(Heat.id != self.current.id)
        if db.session.scalar(query) is not None:
            raise ValidationError(_l("This stage already has a heat of this name."))

    def validate_held_on(self, field):
        stage = db.session.get(Stage, self.stage_id.data) if self.stage_id.data else None
        if not (field.data and stage):
            return
        if (stage.starts_on and field.data < stage.starts_on) or (
                stage.ends_on and field.data > stage.ends_on):
            raise ValidationError(_l("The date lies outside its stage (%(start)s – %(end)s).",
                                     start=stage.starts_on or "…", end=stage.ends_on or "…"))
