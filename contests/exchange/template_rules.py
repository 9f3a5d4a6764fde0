"""The rules a template must keep beyond its shape, the same ones the organizer's forms
enforce: unique names, weights summing to 100, references that resolve, and each rule
method given what it needs. Runs only on a structurally valid document."""
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from .. import display
from ..scoring.values import WeightsNotHundred, check_weights_sum

NEEDED_BY_METHOD = {"quota": "quota", "proportion": "proportion", "score_band": "min_score"}


@dataclass
class SchemaError:
    path: str
    message: object

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else str(self.message)


def join(path: str, key: str) -> str:
    return f"{path} › {key}" if path else key


def item_path(path: str, index: int, item) -> str:
    name = item.get("name") if isinstance(item, dict) else None
    return f"{path}[{index}]" + (f" ({name})" if isinstance(name, str) and name else "")


def _items(path: str, items: list):
    for index, item in enumerate(items):
        yield item_path(path, index, item), item


def _unique(errors: list, path: str, items: list) -> None:
    seen = set()
    for item_at, item in _items(path, items):
        if item["name"] in seen:
            errors.append(SchemaError(join(item_at, "name"), _l("is used twice")))
        seen.add(item["name"])


def _weights(errors: list, path: str, items: list) -> None:
    if not items:
        return
    try:
        check_weights_sum((Decimal(str(item["weight"])) for item in items), path)
    except WeightsNotHundred as off:
        errors.append(SchemaError(path, _l("weights add up to %(total)s, not 100",
                                           total=display.plain(off.total))))


def check_rules(doc: dict) -> list[SchemaError]:
    errors: list[SchemaError] = []
    events = {event["name"] for event in doc["events"]}
    _unique(errors, "events", doc["events"])
    for index, (at, stage) in enumerate(_items("stages", doc["stages"])):
        if index == 0 and Decimal(str(stage["carry_over_percent"])):
            errors.append(SchemaError(join(at, "carry_over_percent"),
                                      _l("the first stage has no earlier stage to carry over")))
        if stage["advancement_rule"] != "none" and stage.get("advancement_value") is None:
            errors.append(SchemaError(join(at, "advancement_value"),
                                      _l("say how many advance, or from which score")))
        _ranking_order(errors, at, stage)
        _unique(errors, join(at, "heats"), stage["heats"])
        _unique(errors, join(at, "components"), stage["components"])
        _weights(errors, join(at, "components"), stage["components"])
        for component_at, component in _items(join(at, "components"), stage["components"]):
            _unique(errors, join(component_at, "rater_groups"), component["rater_groups"])
            _weights(errors, join(component_at, "rater_groups"), component["rater_groups"])
            _criteria(errors, join(component_at, "criteria"), component["criteria"], events)
    _awards(errors, doc, events)
    _titles(errors, doc)
    return errors


def _ranking_order(errors: list, at: str, stage: dict) -> None:
    """The same check as the organizer's "Ranking order" page (services/results/ranking_order)."""
    from ..refusals import Invalid
    from ..services.results import ranking_order

    try:
        ranking_order.canonical(stage["ranking_metrics"], ranking_order.targets_of_template(stage))
    except Invalid as refusal:
        errors.append(SchemaError(join(at, "ranking_metrics"), refusal.message))


def _criteria(errors: list, path: str, nodes: list, events: set) -> None:
    for at, node in _items(path, nodes):
        if node.get("event") is not None and node["event"] not in events:
            errors.append(SchemaError(join(at, "event"), _l("names no event of the template")))
        children = node["children"]
        total = sum((Decimal(str(child["max_points"])) for child in children), Decimal(0))
        if children and total > Decimal(str(node["max_points"])):
            errors.append(SchemaError(join(at, "children"), _l(
                "sub-items add up to %(total)s, more than the item's %(max)s points",
                total=display.plain(total), max=node["max_points"])))
        _criteria(errors, join(at, "children"), children, events)


def _check_stage(errors: list, at: str, item: dict, count: int) -> None:
    if item.get("stage") is not None and item["stage"] > count:
        errors.append(SchemaError(join(at, "stage"), _l(
            "stage %(n)d does not exist (the template has %(count)d)", n=item["stage"],
            count=count)))


def _awards(errors: list, doc: dict, events: set) -> None:
    _unique(errors, "award_rules", doc["award_rules"])
    for at, rule in _items("award_rules", doc["award_rules"]):
        _check_stage(errors, at, rule, len(doc["stages"]))
        if rule.get("event") is not None and rule["event"] not in events:
            errors.append(SchemaError(join(at, "event"), _l("names no event of the template")))
        if rule["scope"] == "team" and not rule.get("team_aggregation"):
            errors.append(SchemaError(join(at, "team_aggregation"),
                                      _l("say how a team's score is made from its members")))
        if rule.get("team_aggregation") == "best_n" and not rule.get("team_best_n"):
            errors.append(SchemaError(join(at, "team_best_n"),
                                      _l("say how many of the best members count")))
        _award_basis(errors, at, rule, doc["stages"])
        _unique(errors, join(at, "tiers"), rule["tiers"])
        needed = NEEDED_BY_METHOD.get(rule["method"])
        for tier_at, tier in _items(join(at, "tiers"), rule["tiers"]):
            if needed and tier.get(needed) is None:
                errors.append(SchemaError(join(tier_at, needed), _l(
                    "is required by the method “%(method)s”", method=rule["method"])))


def _award_basis(errors: list, at: str, rule: dict, stages: list) -> None:
    """A single-item prize names a component or criterion of its stage (the last when
    none is given), as the award rule form checks."""
    from ..services.results import ranking_order

    basis = rule.get("award_basis") or "total"
    if basis == "total" or not stages:
        return
    key = rule.get("award_basis_key")
    number = rule.get("stage") or len(stages)
    if number > len(stages):
        return  # reported by _check_stage
    targets = ranking_order.targets_of_template(stages[number - 1])
    names = targets.components if basis == "component" else tuple(
        label for label, _code, _name in targets.criteria)
    if key not in names:
        message = (_l("names no component of stage %(n)d", n=number) if basis == "component"
                   else _l("names no criterion of stage %(n)d", n=number))
        errors.append(SchemaError(join(at, "award_basis_key"), message))


def _titles(errors: list, doc: dict) -> None:
    _unique(errors, "title_rules", doc["title_rules"])
    tiers = {(rule["name"], tier["name"]) for rule in doc["award_rules"]
             for tier in rule["tiers"]}
    for at, rule in _items("title_rules", doc["title_rules"]):
        _check_stage(errors, at, rule, len(doc["stages"]))
        if rule["basis"] in ("stage_finalist", "top_n") and rule.get("stage") is None:
            errors.append(SchemaError(join(at, "stage"),
                                      _l("choose the stage this title follows")))
        if rule["basis"] == "top_n" and not rule.get("top_n"):
            errors.append(SchemaError(join(at, "top_n"),
                                      _l("say how many places get this title")))
        ref = rule.get("award_tier")
        if rule["basis"] == "tier_holder" and ref is None:
            errors.append(SchemaError(join(at, "award_tier"),
                                      _l("choose the tier whose holders get this title")))
        if ref is not None and (ref["rule"], ref["tier"]) not in tiers:
            errors.append(SchemaError(join(at, "award_tier"), _l(
                "names no tier “%(tier)s” of an award rule “%(rule)s”", tier=ref["tier"],
                rule=ref["rule"])))
