"""A contest's whole configuration as a versioned JSON document (a contest template):
stages with heats, components, rater groups and rubric; events; award and title rules.
People, marks and dates belong to one edition and are left out. Records refer to each
other by what an organizer sees (an event's name, a stage's position), never by id, so a
template builds a new contest anywhere. Certificate wording joins in a later version."""
import json
import os
from decimal import Decimal

from sqlalchemy import select

from .. import display
from ..extensions import db
from ..models import AwardRule, Criterion, TitleRule

FORMAT = "contests-template"
VERSION = 1
SHIPPED_DIR = os.path.join(os.path.dirname(__file__), "templates")
SHIPPED = {"union-chair": "union_chair.json", "star-hotel": "star_hotel.json"}


def _dec(value: Decimal | None) -> str | None:
    """Decimals as strings, exact: "30", "0.5", "12.5"."""
    return display.plain(value, empty=None)


def _pick(obj, names: tuple[str, ...], decimals: tuple[str, ...] = ()) -> dict:
    return {name: _dec(getattr(obj, name)) if name in decimals else getattr(obj, name)
            for name in names}


def export(contest) -> dict:
    positions = {stage.id: stage.position for stage in contest.stages}
    return {
        "format": FORMAT,
        "version": VERSION,
        "source": {"code": contest.code, "year": contest.year},
        "contest": _pick(contest, ("name", "name_en", "organizer", "description",
                                   "decimal_places", "rounding_point",
                                   "missing_group_policy")),
        "events": [_pick(event, ("name", "code")) for event in contest.events],
        "stages": [_stage(stage) for stage in contest.stages],
        "award_rules": [_award_rule(rule, positions) for rule in db.session.scalars(
            select(AwardRule).where(AwardRule.contest_id == contest.id)
            .order_by(AwardRule.id))],
        "title_rules": [_title_rule(rule, positions) for rule in db.session.scalars(
            select(TitleRule).where(TitleRule.contest_id == contest.id)
            .order_by(TitleRule.id))],
    }


def _stage(stage) -> dict:
    data = _pick(stage, ("name", "carry_over_percent", "advancement_rule",
                         "advancement_value", "cut_tie_policy", "ranking_metrics",
                         "ranking_scope", "judge_fee_per_session", "appeal_window_hours"),
                 decimals=("carry_over_percent", "advancement_value", "judge_fee_per_session"))
    data["heats"] = [_pick(heat, ("name", "venue")) for heat in stage.heats]
    data["components"] = [_component(component) for component in stage.components]
    return data


def _component(component) -> dict:
    data = _pick(component, ("name", "weight", "max_score", "pass_mark", "bonus_cap",
                             "allow_over_max"),
                 decimals=("weight", "max_score", "pass_mark", "bonus_cap"))
    data["rater_groups"] = [
        _pick(group, ("name", "weight", "aggregation", "aggregation_level", "trim_k",
                      "trim_fallback", "normalisation"), decimals=("weight",))
        for group in component.rater_groups]
    roots = db.session.scalars(select(Criterion).where(
        Criterion.component_id == component.id, Criterion.parent_id.is_(None))
        .order_by(Criterion.position, Criterion.id)).all()
    data["criteria"] = [_criterion(node) for node in roots]
    return data


def _criterion(node) -> dict:
    data = _pick(node, ("code", "name", "max_points", "step", "kind", "aspect", "tolerance"),
                 decimals=("max_points", "step", "tolerance"))
    data["event"] = node.event.name if node.event else None
    data["children"] = [_criterion(child) for child in node.children]
    return data


def _award_rule(rule, positions: dict) -> dict:
    data = _pick(rule, ("name", "scope", "method", "proportion_rounding", "tie_policy",
                        "team_aggregation", "team_best_n", "team_min_members",
                        "ranked_together", "award_basis", "award_basis_key"))
    data["stage"] = positions.get(rule.stage_id)
    data["event"] = rule.event.name if rule.event else None
    data["tiers"] = [_pick(tier, ("name", "quota", "proportion", "min_score",
                                  "benefit_amount", "benefit_period", "benefit_note"),
                           decimals=("proportion", "min_score", "benefit_amount"))
                     for tier in rule.tiers]
    return data


def _title_rule(rule, positions: dict) -> dict:
    data = _pick(rule, ("name", "basis", "top_n", "is_nomination", "nomination_subject",
                        "description"))
    data["stage"] = positions.get(rule.stage_id)
    tier = rule.award_tier
    data["award_tier"] = {"rule": tier.rule.name, "tier": tier.name} if tier else None
    return data


def dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def shipped(name: str) -> dict:
    with open(os.path.join(SHIPPED_DIR, SHIPPED[name]), encoding="utf-8") as handle:
        return json.load(handle)


def shipped_choices() -> list[tuple[str, str]]:
    return [(name, shipped(name)["contest"]["name"]) for name in SHIPPED]
