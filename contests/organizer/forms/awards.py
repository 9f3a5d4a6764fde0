"""Forms for award rules, their tiers (multi-row) and title / nomination rules."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import select
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ...extensions import db
from ...models import AwardRule, TeamStanding, TitleRule
from ...services.results import ranking_order
from .base import (
    ModelForm,
    RowForm,
    config_select,
    optional_int,
    percent_field,
    points_field,
)
from .contest import unique_in_contest


class AwardRuleForm(ModelForm):
    name = StringField(lazy_pgettext("thing", "Name"), validators=[
        DataRequired(), Length(max=200),
        unique_in_contest(AwardRule, "name", _l("An award rule of this name already exists."))])
    stage_id = SelectField(_l("Stage"), coerce=optional_int, validators=[Optional()])
    event_id = SelectField(_l("Event"), coerce=optional_int, validators=[Optional()])
    scope = config_select("scope", _l("Awarded to"))
    method = config_select("method", _l("Method"))
    proportion_rounding = config_select("proportion_rounding", _l("Rounding of shares"))
    tie_policy = config_select("tie_policy", _l("Ties at a tier boundary"))
    team_aggregation = config_select("team_aggregation", _l("Team score from members"),
                                     optional=True)
    team_best_n = IntegerField(_l("Best N members"), validators=[Optional(), NumberRange(min=1)])
    team_min_members = IntegerField(_l("Minimum members with results"), default=0,
                                    validators=[Optional(), NumberRange(min=0)])
    ranked_together = config_select(
        "ranked_together", _l("Ranked together"), default="stage",
        description=_l("Individual awards. As the stage ranks: the same groups as the "
                       "stage's standings (the default). Per event: each event is ranked on "
                       "its own and every tier's places or share count in each event. "
                       "Per heat: the same within each heat. Overall: entrants of every "
                       "event are ranked together and share one set of places. Team awards "
                       "rank delegations over the chosen event, or all events."))
    award_basis = config_select(
        "award_basis", _l("Ranked on"), default="total",
        description=_l("The total for overall prizes. A single-item prize (best practical, "
                       "best theory …) ranks the eligible entrants on one component or "
                       "criterion instead; ties are then decided by the stage's ranking "
                       "order, and it may go to someone other than the overall winner."))
    award_basis_key = SelectField(_l("Component or criterion of a single-item prize"),
                                  coerce=lambda v: v or None, validators=[Optional()])

    def fill_choices(self):
        self.stage_id.choices = [("", _l("Last stage"))] + [
            (s.id, s.name) for s in self.contest.stages]
        self.event_id.choices = [("", _l("All events"))] + [
            (e.id, e.name) for e in self.contest.events]
        self.award_basis_key.choices = [("", "—")] + [
            (name, name) for name in _basis_names(self.contest.stages)]

    def check(self):
        self.check_basis()
        if self.scope.data == "team" and not self.team_aggregation.data:
            self.refuse(self.team_aggregation,
                        _l("Say how a team's score is made from its members."))
        if self.team_aggregation.data == "best_n" and not self.team_best_n.data:
            self.refuse(self.team_best_n, _l("Say how many of the best members count."))

    def check_basis(self):
        """A single-item prize names a component (or criterion) of the rule's stage."""
        basis, key = self.award_basis.data, self.award_basis_key.data
        if basis == "total":
            return
        if not key:
            self.refuse(self.award_basis_key,
                        _l("Choose the component or criterion the prize is for."))
            return
        stages = self.contest.stages
        stage = next((s for s in stages if s.id == self.stage_id.data),
                     stages[-1] if stages else None)
        targets = ranking_order.targets_of(stage) if stage else ranking_order.Targets()
        names = targets.components if basis == "component" else tuple(
            label for label, _code, _name in targets.criteria)
        if key not in names:
            where = stage.name if stage else "—"
            # gettext, not a lazy string: a lazy one is markup, and `key` is what was sent
            self.refuse(self.award_basis_key, _(
                "“%(name)s” is not a component of the stage %(stage)s.", name=key, stage=where)
                if basis == "component" else _(
                "“%(name)s” is not a criterion of the stage %(stage)s.", name=key, stage=where))

    def model_values(self) -> dict:
        values = super().model_values()
        values["team_min_members"] = values.get("team_min_members") or 0
        if values.get("award_basis") == "total":
            values["award_basis_key"] = None
        return values


def _basis_names(stages) -> list[str]:
    """Every component and criterion a single-item prize may rank on, stage by stage."""
    names: dict[str, None] = {}
    for stage in stages:
        targets = ranking_order.targets_of(stage)
        names.update(dict.fromkeys(targets.components))
        names.update(dict.fromkeys(label for label, _code, _name in targets.criteria))
    return list(names)


class TeamStandingForm(ModelForm):
    name = StringField(_l("Name of the standings"), validators=[
        DataRequired(), Length(max=200),
        unique_in_contest(TeamStanding, "name",
                          _l("Team standings of this name already exist."))])
    stage_id = SelectField(_l("Stage"), coerce=optional_int, validators=[Optional()])
    team_aggregation = config_select("team_aggregation", _l("Team score from members"),
                                     default="sum")
    best_n = IntegerField(_l("Best N members"), validators=[Optional(), NumberRange(min=1)],
                          description=_l("For the sum of the best N: how many members count."))
    min_members = IntegerField(
        _l("Minimum members with results"), default=1,
        validators=[Optional(), NumberRange(min=1)],
        description=_l("A delegation with fewer members counted is listed as not ranked, "
                       "with the reason."))
    per_event = BooleanField(
        _l("Per event"),
        description=_l("Ticked: each event has its own team standings, made of the "
                       "delegation's entrants in that event. Not ticked: over all events."))

    def fill_choices(self):
        self.stage_id.choices = [("", _l("Last stage"))] + [
            (s.id, s.name) for s in self.contest.stages]

    def check(self):
        if self.team_aggregation.data == "best_n" and not self.best_n.data:
            self.refuse(self.best_n, _l("Say how many of the best members count."))

    def model_values(self) -> dict:
        values = super().model_values()
        values["min_members"] = values.get("min_members") or 1
        if values.get("team_aggregation") != "best_n":
            values["best_n"] = None
        return values


class AwardTierRow(RowForm):
    position = IntegerField(_l("Order"), default=1, validators=[Optional(), NumberRange(min=1)])
    name = StringField(_l("Tier"), validators=[Optional(), Length(max=100)])
    quota = IntegerField(_l("Number of places"), validators=[Optional(), NumberRange(min=0)])
    proportion = percent_field(_l("Share (%)"))
    min_score = points_field(_l("Minimum score"), required=False)
    benefit_amount = points_field(_l("Allowance (yuan)"), required=False)
    benefit_period = config_select("benefit_period", _l("Paid"), optional=True)
    benefit_note = StringField(_l("Benefit note"), validators=[Optional(), Length(max=300)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.proportion.validators = [Optional(), NumberRange(min=0, max=100)]

    def validate_benefit_period(self, field):
        if self.benefit_amount.data and not field.data:
            raise ValidationError(_l("Say how often the allowance is paid."))


class TitleRuleForm(ModelForm):
    name = StringField(_l("Title or nomination"), validators=[
        DataRequired(), Length(max=200),
        unique_in_contest(TitleRule, "name", _l("A title of this name already exists."))])
    basis = config_select("basis", _l("Given to"))
    stage_id = SelectField(_l("Stage"), coerce=optional_int, validators=[Optional()])
    award_tier_id = SelectField(_l("Award tier"), coerce=optional_int, validators=[Optional()])
    top_n = IntegerField(_l("Top N"), validators=[Optional(), NumberRange(min=1)])
    is_nomination = BooleanField(_l("A nomination (eligibility to be confirmed)"))
    nomination_subject = config_select("nomination_subject", _l("The nomination names"),
                                       default="entry")
    description = TextAreaField(_l("Description"), validators=[Optional()])

    def fill_choices(self):
        self.stage_id.choices = [("", "—")] + [(s.id, s.name) for s in self.contest.stages]
        rules = db.session.scalars(select(AwardRule).where(
            AwardRule.contest_id == self.contest.id)).all()
        self.award_tier_id.choices = [("", "—")] + [
            (t.id, f"{r.name} · {t.name}") for r in rules for t in r.tiers]

    def check(self):
        if self.basis.data in ("stage_finalist", "top_n") and not self.stage_id.data:
            self.refuse(self.stage_id, _l("Choose the stage this title follows."))
        if self.basis.data == "tier_holder" and not self.award_tier_id.data:
            self.refuse(self.award_tier_id, _l("Choose the tier whose holders get this title."))
        if self.basis.data == "top_n" and not self.top_n.data:
            self.refuse(self.top_n, _l("Say how many places get this title."))
        if self.nomination_subject.data != "entry" and not self.is_nomination.data:
            self.refuse(self.nomination_subject,
                        _l("Only a nomination can name the winner's team or delegation."))
