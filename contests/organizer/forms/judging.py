"""Forms for panels, their judges (multi-row) and declared conflicts of interest."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import select
from wtforms import BooleanField, SelectField, StringField, ValidationError
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ...extensions import db
from ...models import (
    Component,
    Contestant,
    Delegation,
    Heat,
    Panel,
    PanelJudge,
    RaterGroup,
    ScoreSheet,
    User,
)
from ...scoring.consistency import DEFAULT_FLAG_PERCENT
from .base import ModelForm, RowForm, optional_int, percent_field


def _ten_unless_set(value):
    """The consistency check's share of full marks: 10% when left empty."""
    return DEFAULT_FLAG_PERCENT if value is None else value


def flag_percent_field():
    """How far (percent of full marks) a judge's sheet total may stray from the others'
    mean before the consistency check flags it (scoring/consistency.py)."""
    return percent_field(_l("Flag a sheet total this far from the other judges' mean "
                            "(percent of full marks)"), default=DEFAULT_FLAG_PERCENT,
                         filters=[_ten_unless_set])


def judge_choices():
    judges = db.session.scalars(select(User).where(User.role.in_(("judge", "chief_judge")))
                                .order_by(User.display_name)).all()
    return [(u.id, str(u)) for u in judges]


class PanelForm(ModelForm):
    name = StringField(lazy_pgettext("thing", "Name"), validators=[DataRequired(), Length(max=200)])
    stage_id = SelectField(_l("Stage"), coerce=optional_int, validators=[InputRequired()])
    event_id = SelectField(_l("Event"), coerce=optional_int, validators=[InputRequired()])
    heat_id = SelectField(_l("Heat"), coerce=optional_int, validators=[Optional()])
    component_id = SelectField(_l("Component"), coerce=optional_int,
                               validators=[InputRequired()])
    rater_group_id = SelectField(_l("Rater group"), coerce=optional_int,
                                 validators=[InputRequired()])
    reveal_names = BooleanField(_l("Show contestants' names to judges"))
    flag_percent = flag_percent_field()

    def fill_choices(self):
        stages = self.contest.stages
        self.stage_id.choices = [(s.id, s.name) for s in stages]
        self.event_id.choices = [(e.id, e.name) for e in self.contest.events]
        self.heat_id.choices = [("", _l("All heats"))] + [
            (h.id, f"{s.name} · {h.name}") for s in stages for h in s.heats]
        self.component_id.choices = [
            (c.id, f"{s.name} · {c.name}") for s in stages for c in s.components]
        self.rater_group_id.choices = [
            (g.id, f"{s.name} · {c.name} · {g.name}")
            for s in stages for c in s.components for g in c.rater_groups]

    def validate_name(self, field):
        query = select(Panel.id).where(Panel.stage_id == self.stage_id.data,
                                       Panel.name == field.data)
        if self.current is not None and self.current.id is not None:
            query = query.where(Panel.id != self.current.id)
        if db.session.scalar(query) is not None:
            raise ValidationError(_l("This stage already has a panel of this name."))

    def validate_heat_id(self, field):
        heat = db.session.get(Heat, field.data) if field.data else None
        if heat is not None and heat.stage_id != self.stage_id.data:
            raise ValidationError(_l("This heat belongs to another stage (%(stage)s).",
                                     stage=heat.stage.name))

    def validate_component_id(self, field):
        component = db.session.get(Component, field.data) if field.data else None
        if component is not None and component.stage_id != self.stage_id.data:
            raise ValidationError(_l("This component belongs to another stage."))

    def validate_rater_group_id(self, field):
        group = db.session.get(RaterGroup, field.data) if field.data else None
        if group is not None and group.component_id != self.component_id.data:
            raise ValidationError(_l("This rater group belongs to another component."))


class PanelJudgeRow(RowForm):
    user_id = SelectField(_l("Judge"), coerce=optional_int, validators=[Optional()])
    is_chief = BooleanField(_l("Chief judge"))
    # Shown as the exception ("does not mark"), so a form that leaves it out keeps the judge
    # marking; stored as PanelJudge.marks.
    non_marking = BooleanField(_l("Chairs without marking"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user_id.choices = [("", "—")] + judge_choices()

    def is_blank(self) -> bool:
        return not self.id.data and not self.user_id.data

    def model_values(self) -> dict:
        values = super().model_values()
        values["marks"] = not values.pop("non_marking")
        return values

    def validate_non_marking(self, field):
        """Only the chief judge may chair without marking, and not once they have marked
        on the panel (their sheets would count without being expected)."""
        if not field.data:
            return
        if not self.is_chief.data:
            raise ValidationError(_l("Only the chief judge may chair without marking."))
        if self.id.data and str(self.id.data).isdigit():
            seat = db.session.get(PanelJudge, int(self.id.data))
            if seat is not None and db.session.scalar(select(ScoreSheet.id).where(
                    ScoreSheet.panel_id == seat.panel_id,
                    ScoreSheet.judge_id == seat.user_id).limit(1)) is not None:
                raise ValidationError(_l("This judge has already marked on this panel."))


class ConflictForm(ModelForm):
    user_id = SelectField(_l("Judge"), coerce=optional_int, validators=[InputRequired()])
    contestant_id = SelectField(_l("Contestant"), coerce=optional_int, validators=[Optional()])
    delegation_id = SelectField(_l("Whole delegation"), coerce=optional_int,
                                validators=[Optional()])
    unit = StringField(_l("Whole work unit"), validators=[Optional(), Length(max=200)])
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=300)])

    def fill_choices(self):
        self.user_id.choices = judge_choices()
        contestants = db.session.scalars(select(Contestant).where(
            Contestant.contest_id == self.contest.id).order_by(Contestant.bib)).all()
        self.contestant_id.choices = [("", "—")] + [(c.id, str(c)) for c in contestants]
        delegations = db.session.scalars(select(Delegation).where(
            Delegation.contest_id == self.contest.id).order_by(Delegation.name)).all()
        self.delegation_id.choices = [("", "—")] + [(d.id, d.name) for d in delegations]

    def validate_reason(self, field):
        if not (self.contestant_id.data or self.delegation_id.data
                or (self.unit.data or "").strip()):
            raise ValidationError(_l("Name a contestant, a delegation or a work unit."))

    def model_values(self) -> dict:
        values = super().model_values()
        values["unit"] = (values.get("unit") or "").strip() or None
        return values



