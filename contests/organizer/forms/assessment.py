"""Forms for how a stage is assessed: components and rater groups (multi-row, weights
summing to 100) and the rubric tree of criteria."""
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ...extensions import db
from ...models import Component, Criterion, Stage
from .base import ModelForm, RowForm, config_select, optional_int, percent_field, points_field


class ComponentRow(RowForm):
    position = IntegerField(_l("Order"), default=1, validators=[Optional(), NumberRange(min=1)])
    name = StringField(lazy_pgettext("thing", "Name"), validators=[Optional(), Length(max=200)])
    weight = percent_field(_l("Weight (%)"))
    max_score = points_field(_l("Full marks"), required=False, minimum=Decimal("0.0001"),
                           default=Decimal(100))
    pass_mark = points_field(_l("Pass mark"), required=False)
    bonus_cap = points_field(_l("Bonus cap"), required=False)
    allow_over_max = BooleanField(_l("Bonus may pass full marks"))

    def validate_pass_mark(self, field):
        if field.data is not None and self.max_score.data and field.data > self.max_score.data:
            raise ValidationError(_l("The pass mark is above full marks."))


class RaterGroupRow(RowForm):
    position = IntegerField(_l("Order"), default=1, validators=[Optional(), NumberRange(min=1)])
    name = StringField(lazy_pgettext("thing", "Name"), validators=[Optional(), Length(max=200)])
    weight = percent_field(_l("Weight (%)"))
    aggregation = config_select("aggregation", _l("Combining judges"))
    aggregation_level = config_select("aggregation_level", _l("Combined"))
    trim_k = IntegerField(_l("Drop highest and lowest (k)"), default=0,
                          validators=[Optional(), NumberRange(min=0, max=5)])
    trim_fallback = config_select("trim_fallback", _l("Too few judges to trim"))
    normalisation = config_select("normalisation", _l("Judge normalisation"), default="none")

    def validate_normalisation(self, field):
        if field.data == "z_score" and (self.aggregation.data != "mean"
                                        or self.aggregation_level.data != "sheet"):
            raise ValidationError(_l("Normalised judges are combined by the mean of their "
                                     "sheet totals: choose the mean, per sheet total."))

    def validate_trim_k(self, field):
        if (field.data or 0) > 0 and self.aggregation.data != "trimmed_mean":
            raise ValidationError(_l("Only a trimmed mean drops marks."))
        if self.aggregation.data == "trimmed_mean" and not field.data:
            raise ValidationError(_l("A trimmed mean drops at least one mark each side."))


def _component_label(component: Component) -> str:
    return f"{component.stage.name} · {component.name}"


class CriterionForm(ModelForm):
    component_id = SelectField(_l("Component"), coerce=optional_int, validators=[InputRequired()])
    event_id = SelectField(_l("Only for event"), coerce=optional_int, validators=[Optional()])
    parent_id = SelectField(_l("Part of"), coerce=optional_int, validators=[Optional()])
    code = StringField(_l("Code"), validators=[Optional(), Length(max=40)])
    name = StringField(_l("Criterion"), validators=[DataRequired(), Length(max=300)])
    position = IntegerField(_l("Order"), default=1, validators=[InputRequired(),
                                                                NumberRange(min=1)])
    max_points = points_field(_l("Maximum points"), minimum=0)
    step = points_field(_l("Step"), default=Decimal("0.5"), minimum=0)
    kind = config_select("kind", _l("Kind"))
    aspect = config_select("aspect", _l("Aspect"), default="judgement")
    tolerance = points_field(_l("Tolerance (most the judges' marks may differ)"),
                             required=False, minimum=0)

    def fill_choices(self):
        components = db.session.scalars(
            select(Component).join(Stage).where(Stage.contest_id == self.contest.id)
            .order_by(Stage.position, Component.position)).all()
        self.component_id.choices = [(c.id, _component_label(c)) for c in components]
        self.event_id.choices = [("", _l("All events"))] + [
            (e.id, e.name) for e in self.contest.events]
        criteria = db.session.scalars(
            select(Criterion).where(Criterion.component_id.in_([c.id for c in components]))
            .order_by(Criterion.component_id, Criterion.position)).all()
        self.parent_id.choices = [("", _l("(top level)"))] + [
            (c.id, f"{_component_label(c.component)} · {c}") for c in criteria
            if self.current is None or c.id != self.current.id]

    def validate_max_points(self, field):
        if field.data is not None and field.data <= 0:
            raise ValidationError(_l("Maximum points must be above zero."))
        parent = db.session.get(Criterion, self.parent_id.data) if self.parent_id.data else None
        if parent is not None and field.data is not None and field.data > parent.max_points:
            raise ValidationError(_l("More than its parent's maximum (%(max)s).",
                                     max=parent.max_points))

    def validate_step(self, field):
        if field.data is not None and field.data <= 0:
            raise ValidationError(_l("The step must be above zero."))
        if field.data and self.max_points.data and field.data > self.max_points.data:
            raise ValidationError(_l("The step is larger than the maximum."))

    def validate_parent_id(self, field):
        parent = db.session.get(Criterion, field.data) if field.data else None
        if parent is None:
            return
        if parent.component_id != self.component_id.data:
            raise ValidationError(_l("The parent belongs to another component."))
        node = parent
        while node is not None:  # refuse cycles: a criterion inside its own sub-tree
            if self.current is not None and node.id == self.current.id:
                raise ValidationError(_l("A criterion cannot sit inside itself."))
            node = node.parent


class CriterionRow(RowForm):
    """One row of the rubric editor (contests/organizer/rubric_views.py): a criterion, its
    level in the tree (depth) and where it applies. Whole-tree rules are in
    services/rubric_editing.py."""

    depth = IntegerField(_l("Level"), default=0, validators=[Optional(), NumberRange(min=0, max=3)])
    code = StringField(_l("Code"), validators=[Optional(), Length(max=40)])
    name = StringField(_l("Criterion"), validators=[Optional(), Length(max=300)])
    kind = config_select("kind", _l("Kind"))
    aspect = config_select("aspect", _l("Aspect"), default="judgement")
    max_points = points_field(_l("Maximum"), required=False, minimum=0)
    step = points_field(_l("Step"), required=False, minimum=0)
    tolerance = points_field(_l("Tolerance"), required=False, minimum=0)
    event_id = SelectField(_l("Only for event"), coerce=optional_int, validators=[Optional()],
                           choices=[("", "")])

    def is_blank(self) -> bool:
        def typed(f) -> bool:
            raw = (f.raw_data or [""])[0] if f.raw_data else ""
            return bool(str(raw).strip()) or f.data not in (None, "")

        return not self.id.data and not any(typed(self[n]) for n in ("code", "name", "max_points"))


class RubricForm(FlaskForm):
    """The rubric editor: every row of a component's criteria tree, and a box to paste
    rows copied from a spreadsheet."""

    rows = FieldList(FormField(CriterionRow))
    paste = TextAreaField(_l("Rows copied from a spreadsheet"),
                          validators=[Optional(), Length(max=100_000)])
