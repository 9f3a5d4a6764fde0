"""Create a contest from a contest template (a copy of last year's, or a template shipped
with the product), in one transaction, every record audited."""
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from ...exchange.template_schema import validate
from ...extensions import db
from ...models import (
    AwardRule,
    AwardTier,
    Component,
    Contest,
    Criterion,
    Event,
    Heat,
    RaterGroup,
    Stage,
    TitleRule,
)
from ...refusals import Conflict, Invalid
from .. import audit
from ..accounts import join_when_created
from ..results import ranking_order
from ..transaction import all_or_nothing

DECIMALS = {"carry_over_percent", "advancement_value", "weight", "max_score", "pass_mark",
            "bonus_cap", "max_points", "step", "proportion", "min_score", "benefit_amount",
            "tolerance", "judge_fee_per_session"}


def _values(data: dict, skip=()) -> dict:
    return {key: Decimal(str(value)) if key in DECIMALS and value is not None else value
            for key, value in data.items() if key not in skip}


def create_contest(document: dict, *, code: str, name: str, year: int,
                   member=None) -> Contest:
    """A new contest configured as `document` says, with `member` (the organizer creating
    it) as its first member. Raises Invalid or Conflict (nothing written) when the document
    is invalid or the code is taken."""
    errors = validate(document)
    if errors:
        raise Invalid(_("The template is not valid: %(errors)s",
                        errors="; ".join(str(e) for e in errors[:5])), code="template")
    if db.session.scalar(select(Contest.id).where(Contest.code == code)) is not None:
        raise Conflict(_("Another contest already uses the code %(code)s.", code=code),
                       code="code_taken")
    created: list = []

    def add(obj):
        db.session.add(obj)
        created.append(obj)
        return obj

    with all_or_nothing():
        contest = add(Contest(code=code, year=year, **_values(document["contest"], ("name",)),
                              name=name))
        db.session.flush()  # award and title rules refer to the contest by id
        join_when_created(contest, member)
        events = {data["name"]: add(Event(contest=contest, position=position, **data))
                  for position, data in enumerate(document["events"], start=1)}
        stages = [_stage(add, contest, position, data, events)
                  for position, data in enumerate(document["stages"], start=1)]
        tiers = _award_rules(add, contest, document["award_rules"], stages, events)
        for data in document["title_rules"]:
            tier = data.get("award_tier")
            stage = stages[data["stage"] - 1] if data.get("stage") else None
            add(TitleRule(contest_id=contest.id, stage=stage,
                          award_tier=tiers[(tier["rule"], tier["tier"])] if tier else None,
                          nomination_subject=data.get("nomination_subject") or "entry",
                          **_values(data, ("stage", "award_tier", "nomination_subject"))))
        db.session.flush()
        audit.record("create_from_template", contest, contest_id=contest.id,
                     new=document.get("source"), reason=document["contest"]["name"][:500])
        for obj in created:
            audit.record("create", obj, contest_id=contest.id, new=audit.snapshot(obj))
    return contest


def _stage(add, contest, position: int, data: dict, events: dict) -> Stage:
    stage = add(Stage(contest=contest, position=position,
                      **_values(data, ("heats", "components"))))
    stage.ranking_metrics = ranking_order.canonical(  # stored only in canonical form
        data["ranking_metrics"], ranking_order.targets_of_template(data))
    for heat in data["heats"]:
        add(Heat(stage=stage, **heat))
    for component_position, component_data in enumerate(data["components"], start=1):
        component = add(Component(stage=stage, position=component_position,
                                  **_values(component_data, ("rater_groups", "criteria"))))
        for group_position, group in enumerate(component_data["rater_groups"], start=1):
            # normalisation (absent or null in older templates): the column's default
            group = {k: v for k, v in group.items() if not (k == "normalisation" and v is None)}
            add(RaterGroup(component=component, position=group_position, **_values(group)))
        _criteria(add, component, None, component_data["criteria"], events)
    return stage


def _criteria(add, component, parent, nodes: list, events: dict) -> None:
    for position, node in enumerate(nodes, start=1):
        values = _values(node, ("event", "children"))
        values["aspect"] = values.get("aspect") or "judgement"  # templates before #15
        criterion = add(Criterion(component=component, parent=parent, position=position,
                                  event=events.get(node.get("event") or ""), **values))
        _criteria(add, component, criterion, node["children"], events)


def _award_rules(add, contest, rules: list, stages: list, events: dict) -> dict:
    tiers = {}
    for data in rules:
        rule = add(AwardRule(contest_id=contest.id,
                             stage=stages[data["stage"] - 1] if data.get("stage") else None,
                             event=events.get(data.get("event") or ""),
                             **_values(data, ("stage", "event", "tiers", "ranked_together",
                                              "award_basis", "award_basis_key")),
                             ranked_together=data.get("ranked_together") or "stage",
                             # templates before #15: every rule ranked on the total
                             award_basis=data.get("award_basis") or "total",
                             award_basis_key=data.get("award_basis_key")
                             if data.get("award_basis") not in (None, "total") else None))
        for position, tier_data in enumerate(data["tiers"], start=1):
            tiers[(rule.name, tier_data["name"])] = add(
                AwardTier(rule=rule, position=position, **_values(tier_data)))
    return tiers
