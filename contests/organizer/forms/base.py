"""Shared form plumbing: model values, choice fields, decimal fields, multi-row editors."""
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, Form, HiddenField, IntegerField, SelectField
from wtforms.validators import NumberRange, Optional

from ...vocabularies import choices_for
from ...web_input import MAX_ID

NOT_MODEL_FIELDS = {"csrf_token", "submit", "id", "remove", "password"}
#: Whole numbers fit an INTEGER column (32 bits on PostgreSQL); points a Numeric(10, 4).
INT_LIMIT = 2**31 - 1
MAX_POINTS = Decimal("999999.9999")


def optional_int(value):
    """Coerce a select value to int, with '' / None meaning 'none chosen'."""
    if value in (None, "", "None"):
        return None
    number = int(value)
    if abs(number) > MAX_ID:  # no row has it; refused like any other bad choice
        raise ValueError(value)
    return number


def optional_str(value):
    return value or None


class ConfigSelectField(SelectField):
    """A select over one vocabulary (contests/vocabularies.py), named by the field that holds
    it; its choices are filled when the form is built."""

    def __init__(self, label=None, validators=None, registry_name: str = "", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.registry_name = registry_name


def config_select(name: str, text, optional: bool = False, **kwargs):
    """A select over the vocabulary of the field `name`."""
    return ConfigSelectField(text, coerce=optional_str if optional else str,
                             registry_name=name, **kwargs)


class FiniteDecimalField(DecimalField):
    """A decimal that is a number: NaN, sNaN and Infinity are refused like any other text
    that is not one (they would otherwise reach comparisons and the database)."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError(self.gettext("Not a valid decimal value."))


def refuse_huge_numbers(form) -> None:
    """Every number field of `form` holds what its column can store (an INTEGER, a
    Numeric(10, 4)); a larger one is the field's error instead of the database's."""
    for field in form:
        if isinstance(field, IntegerField) and isinstance(field.data, int):
            huge = not -INT_LIMIT <= field.data <= INT_LIMIT
        elif isinstance(field, DecimalField) and isinstance(field.data, Decimal):
            huge = field.data.is_finite() and abs(field.data) > MAX_POINTS
        else:
            huge = False
        if huge:
            field.data = None
            field.process_errors = [*field.process_errors, _l("This number is too large.")]


def percent_field(text, **kwargs) -> DecimalField:
    return FiniteDecimalField(
        text, places=None, validators=[Optional(), NumberRange(
            min=0, max=100, message=_l("Must be between 0 and 100."))], **kwargs)


def points_field(text, required: bool = True, minimum=0, maximum=MAX_POINTS,
                 **kwargs) -> DecimalField:
    from wtforms.validators import InputRequired
    checks = [InputRequired(_l("Required."))] if required else [Optional()]
    checks.append(NumberRange(min=minimum, message=_l("Must be at least %(min)s.")))
    checks.append(NumberRange(max=maximum, message=_l("Must be at most %(max)s.")))
    return FiniteDecimalField(text, places=None, validators=checks, **kwargs)


def fill_config_choices(form) -> None:
    for field in form:
        name = getattr(field, "registry_name", None)
        if name is None:
            continue
        options = choices_for(name)
        if field.coerce is optional_str:
            options = [("", "—")] + options
        field.choices = options


class ModelForm(FlaskForm):
    """A form whose fields are model columns. `contest` and `obj` let validators look
    at the database (unique names within the contest, a heat within its stage)."""

    def __init__(self, *args, contest=None, obj=None, **kwargs):
        self.contest = contest
        self.current = obj
        super().__init__(*args, obj=obj, **kwargs)
        refuse_huge_numbers(self)
        fill_config_choices(self)
        self.fill_choices()

    def fill_choices(self) -> None:
        """Subclasses fill database-backed select options here."""

    def check(self) -> None:
        """Cross-field rules, run after the field validators even for empty optional fields
        (WTForms skips a field's own validators once Optional() finds it empty)."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        self.check()
        return valid and not any(field.errors for field in self)

    def refuse(self, field, message) -> None:
        field.errors = list(field.errors) + [message]

    def model_values(self) -> dict:
        return {f.short_name: f.data for f in self if f.short_name not in NOT_MODEL_FIELDS}


class RowForm(Form):
    """One row of a multi-row editor (no CSRF of its own: the outer form carries it)."""

    id = HiddenField()
    remove = BooleanField(_l("Remove"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        refuse_huge_numbers(self)
        fill_config_choices(self)

    def is_blank(self) -> bool:
        """A spare row left empty is ignored rather than refused."""
        return not self.id.data and not (self.name.data or "").strip()

    def model_values(self) -> dict:
        return {f.short_name: f.data for f in self if f.short_name not in NOT_MODEL_FIELDS}


def decimal_sum(values) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


__all__ = ["ModelForm", "RowForm", "config_select", "percent_field", "points_field",
           "optional_int", "optional_str", "fill_config_choices", "decimal_sum"]
