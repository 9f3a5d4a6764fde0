"""Forms of the copy pages: a stage's assessment or an event's panels to another stage or
event, and a contest's next edition."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from ...models import Contest
from .base import optional_int
from .contest import unique_in_contest


class CopyForm(FlaskForm):
    """Where to copy to: another stage (or event) of the same contest."""

    target = SelectField(_l("Copy to"), coerce=optional_int, validators=[InputRequired()])

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.target.choices = list(targets)


class StageCopyForm(CopyForm):
    with_panels = BooleanField(_l("Also copy the panels with their judges"), default=True)


class NextEditionForm(FlaskForm):
    code = StringField(_l("Code"), validators=[
        DataRequired(), Length(max=40),
        unique_in_contest(Contest, "code", _l("Another contest already uses this code."))],
        description=_l("Short, unique; used in web addresses and certificate numbers."))
    name = StringField(lazy_pgettext("thing", "Name"), validators=[DataRequired(), Length(max=200)])
    year = IntegerField(_l("Year"), validators=[
        InputRequired(), NumberRange(min=1949, max=2200, message=_l("Not a plausible year."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.contest, self.current = None, None  # for unique_in_contest
