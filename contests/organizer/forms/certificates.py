"""Forms of the certificate pages: wording, a bulk render's scope, issuing, revoking."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ...certificates.numbering import DEFAULT_FORMAT


class WordingForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Required.")), Length(max=100)])
    body = TextAreaField(_l("Text"), validators=[DataRequired(_l("Required.")),
                                                 Length(max=2000)],
                         description=_l("Placeholders in braces are filled from each "
                                        "certificate, e.g. {name}, {contest}, {tier}."))
    issuers = TextAreaField(_l("Issuing bodies"), validators=[Optional(), Length(max=1000)],
                            description=_l("One per line; printed above the date."))
    date_text = StringField(_l("Date as printed"), validators=[Optional(), Length(max=100)],
                            description=_l("Leave empty to print the day the results became "
                                           "final, written out in the contest's language."))
    number_format = StringField(
        _l("Number format"), default=DEFAULT_FORMAT,
        validators=[DataRequired(_l("Required.")), Length(max=100)],
        description=_l("{code} contest code, {year} its year, {serial} the running number "
                       "({serial:04d}: four digits). Applies to certificates issued from now "
                       "on; issued numbers never change."))

    def values(self) -> dict:
        return {name: self[name].data or "" for name in
                ("title", "body", "issuers", "date_text", "number_format")}

    def show_problems(self, problems: dict[str, list[str]]) -> None:
        for name, messages in problems.items():
            self[name].errors = list(self[name].errors) + messages


class RenderForm(FlaskForm):
    """Which certificates to render: all of the contest, or a stage, event or tier."""

    stage = SelectField(_l("Stage"), validators=[Optional()])
    event = SelectField(_l("Event"), validators=[Optional()])
    tier = SelectField(_l("Prize, grade or title"), validators=[Optional()])

    def __init__(self, *args, choices: dict[str, list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("stage", "event", "tier"):
            self[name].choices = [("", _l("All"))] + [(v, v) for v in choices.get(name, [])]

    def scope(self) -> dict:
        return {name: self[name].data for name in ("stage", "event", "tier") if self[name].data}


class IssueForm(FlaskForm):
    """Only the CSRF token: issue from the newest final results."""


class RevokeForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[DataRequired(_l("Required.")),
                                                   Length(max=300)],
                         description=_l("Shown on the public verification page."))
