"""Form for accounts: administrators, organizers, chief judges, judges (the administrator's
pages, contests/admin, use it; it lives with the other forms)."""
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
    current_password = PasswordField(
        _l("Your current password"), validators=[Optional(), Length(max=200)],
        description=_l("Needed to create an account, set a password or change a role."))

    def check(self):
        if (self.current is None or self.current.id is None) and not self.password.data:
            self.refuse(self.password, _l("A new account needs a password."))

    def account_values(self) -> dict:
        values = self.model_values()
        values.pop("current_password", None)
        values["unit"] = (values.get("unit") or "").strip() or None  # empty means none
        return values
