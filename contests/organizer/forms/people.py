"""Forms for delegations, contestants and entries."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import select
from wtforms import BooleanField, IntegerField, SelectField, StringField, ValidationError
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ...extensions import db
from ...models import Contestant, Delegation, Entry, Heat
from .base import ModelForm, config_select, optional_int
from .contest import unique_in_contest


class DelegationForm(ModelForm):
    code = StringField(_l("Code"), validators=[Optional(), Length(max=40)])
    name = StringField(lazy_pgettext("thing", "Name"), validators=[
        DataRequired(), Length(max=200),
        unique_in_contest(Delegation, "name", _l("A delegation of this name already exists."))])
    region = StringField(_l("Region"), validators=[Optional(), Length(max=100)])


class ContestantForm(ModelForm):
    bib = StringField(_l("Bib number"), validators=[
        DataRequired(), Length(max=40),
        unique_in_contest(Contestant, "bib", _l("Another contestant already has this bib."))])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    gender = SelectField(_l("Gender"), choices=[("", "—"), ("女", _l("Female")),
                                                ("男", _l("Male"))],
                         coerce=lambda v: v or None, validators=[Optional()])
    unit = StringField(_l("Work unit"), validators=[Optional(), Length(max=200)])
    delegation_id = SelectField(_l("Delegation"), coerce=optional_int, validators=[Optional()])
    draw_number = IntegerField(_l("Draw number"), validators=[
        Optional(), NumberRange(min=1),
        unique_in_contest(Contestant, "draw_number",
                          _l("Another contestant already drew this number."))])

    def fill_choices(self):
        delegations = db.session.scalars(select(Delegation).where(
            Delegation.contest_id == self.contest.id).order_by(Delegation.name)).all()
        self.delegation_id.choices = [("", "—")] + [(d.id, d.name) for d in delegations]


class EntryForm(ModelForm):
    contestant_id = SelectField(_l("Contestant"), coerce=optional_int,
                                validators=[InputRequired()])
    event_id = SelectField(_l("Event"), coerce=optional_int, validators=[InputRequired()])
    stage_id = SelectField(_l("Stage"), coerce=optional_int, validators=[InputRequired()])
    heat_id = SelectField(_l("Heat"), coerce=optional_int, validators=[Optional()])
    status = config_select("status", _l("Status"))
    status_reason = StringField(_l("Reason for the status"),
                                validators=[Optional(), Length(max=300)])
    time_taken_seconds = IntegerField(_l("Time taken (seconds)"),
                                      validators=[Optional(), NumberRange(min=0)])
    guest = BooleanField(
        _l("Guest (not competing for awards)"),
        description=_l("Ticked: the entrant is ranked and shown with a guest tag, but never "
                       "awarded, not counted in any prize's places or share, and takes no "
                       "advancement place (it can still be added to the next stage by "
                       "hand)."))

    def fill_choices(self):
        contestants = db.session.scalars(select(Contestant).where(
            Contestant.contest_id == self.contest.id).order_by(Contestant.bib)).all()
        self.contestant_id.choices = [(c.id, str(c)) for c in contestants]
        self.event_id.choices = [(e.id, e.name) for e in self.contest.events]
        self.stage_id.choices = [(s.id, s.name) for s in self.contest.stages]
        self.heat_id.choices = [("", "—")] + [
            (h.id, f"{s.name} · {h.name}") for s in self.contest.stages for h in s.heats]

    def validate_heat_id(self, field):
        heat = db.session.get(Heat, field.data) if field.data else None
        if heat is not None and heat.stage_id != self.stage_id.data:
            raise ValidationError(_l("This heat belongs to another stage (%(stage)s).",
                                     stage=heat.stage.name))

    def check(self):
        if (self.status.data in ("withdrawn", "disqualified")
                and not (self.status_reason.data or "").strip()):
            self.refuse(self.status_reason, _l("Say why the entry is withdrawn or disqualified."))

    def validate_contestant_id(self, field):
        query = select(Entry.id).where(Entry.contestant_id == field.data,
                                       Entry.event_id == self.event_id.data,
                                       Entry.stage_id == self.stage_id.data)
        if self.current is not None and self.current.id is not None:
            query = query.where(Entry.id != self.current.id)
        if db.session.scalar(query) is not None:
            raise ValidationError(_l("This contestant is already entered in this event "
                                     "and stage."))
