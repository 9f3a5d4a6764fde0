"""Form for accounts: organizers, chief judges, judges."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ...models import User
from .base import ModelForm, config_select
from .contest import unique_in_contest

MIN_PASSWORD = 8


class UserForm(ModelForm):
    username = StringField(_l("Username"), validators=[
        DataRequired(), Length(max=80),
        Regexp(r"^[A-Za-z0-9_.\-]+$", message=_l("Letters, digits, _ . - only.")),
        unique_in_contest(User, "username", _l("This username is taken."))])
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    role = config_select("role", _l("Role"))
    unit = StringField(_l("Work unit"), validators=[Optional(), Length(max=200)],
                       description=_l("Judges are kept off contestants of their own unit."))
    password = PasswordField(_l("Password"), validators=[Optional(), Length(min=MIN_PASSWORD)],
                             description=_l("Leave empty to keep the current password."))
    active = BooleanField(_l("Can sign in"), default=True)

    def check(self):
        if (self.current is None or self.current.id is None) and not self.password.data:
            self.refuse(self.password, _l("A new account needs a password."))
