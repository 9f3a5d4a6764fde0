"""Forms of the import / export pages: upload, column mapping, confirmation, and a new
contest from a template."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, SelectField, StringField, ValidationError
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ...models import Contest
from .contest import unique_in_contest


class UploadForm(FlaskForm):
    file = FileField(_l("Spreadsheet (.xlsx or .csv)"),
                     validators=[FileRequired(_l("Choose a file to upload."))])


class ConfirmForm(FlaskForm):
    """Only the CSRF token: confirming applies the plan shown on the page."""


def mapping_form(kind, columns: int):
    """One select per column of the file: which field it holds, or ignore it."""
    choices = [("", _l("Ignore this column"))] + [(f.name, f.label) for f in kind.fields]

    class MappingForm(FlaskForm):
        def validate(self, extra_validators=None):
            if not super().validate(extra_validators):
                return False
            chosen = [self[f"col{i}"].data for i in range(columns) if self[f"col{i}"].data]
            twice = {name for name in chosen if chosen.count(name) > 1}
            missing = [f.label for f in kind.fields if f.required and f.name not in chosen]
            self.form_errors = [_l("“%(field)s” is chosen for two columns.",
                                   field=kind.field(name).label) for name in sorted(twice)]
            self.form_errors += [_l("Choose the column that holds “%(field)s”.", field=label)
                                 for label in missing]
            return not self.form_errors

    for index in range(columns):
        setattr(MappingForm, f"col{index}", SelectField(choices=choices,
                                                        validators=[Optional()]))
    return MappingForm


class NewContestForm(FlaskForm):
    """A new contest from a template: a shipped one, a copy of an existing contest, or an
    uploaded JSON file (which wins when given)."""

    source = SelectField(_l("Start from"), validators=[Optional()])
    file = FileField(_l("…or a template file (.json)"))
    code = StringField(_l("Code"), validators=[
        DataRequired(), Length(max=40),
        unique_in_contest(Contest, "code", _l("Another contest already uses this code."))])
    name = StringField(lazy_pgettext("thing", "Name"), validators=[Optional(), Length(max=200)],
                       description=_l("Empty: the template's name."))
    year = IntegerField(_l("Year"), validators=[
        InputRequired(), NumberRange(min=1949, max=2200, message=_l("Not a plausible year."))])

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.contest, self.current = None, None  # for unique_in_contest
        self.source.choices = [("", "—")] + list(sources)

    def validate_source(self, field):
        if not field.data and not self.file.data:
            raise ValidationError(_l("Choose a template or upload a template file."))
