"""Checks on a whole multi-row edit (weights summing to 100, stage order without gaps…).
Each takes the parent and the non-blank rows, puts field errors on rows, and returns
form-level errors. Any error means nothing is saved."""
from decimal import Decimal

from flask_babel import gettext as _

from .. import display
from ..scoring.values import WeightsNotHundred, check_weights_sum

HUNDRED = Decimal(100)


def _plain(value: Decimal) -> str:
    return display.plain(value)  # 90, not 9E+1


def _kept(rows):
    return [r for r in rows if not r.remove.data]


def _require(rows, *names) -> None:
    for row in _kept(rows):
        for name in names:
            field = row[name]
            if field.data in (None, ""):
                field.errors = list(field.errors) + [_("Required.")]


def _has_field_errors(rows) -> bool:
    return any(f.errors for r in rows for f in r)


def weighted_rows(_parent, rows) -> list[str]:
    """Components of a stage, rater groups of a component: named, weighted, 100% in all."""
    _require(rows, "name", "weight")
    if duplicates := _unique_names(rows):
        return duplicates
    kept = _kept(rows)
    if not kept or _has_field_errors(rows):
        return []
    try:
        check_weights_sum((r.weight.data for r in kept), "row")
    except WeightsNotHundred as off:
        return [_("The weights add up to %(total)s%%, not 100%%.", total=_plain(off.total))]
    return []


def component_rows(stage, rows) -> list[str]:
    """Components of a stage: weighted_rows, and none that the stage's ranking order names
    is renamed or removed (the order would then rank by nothing)."""
    errors = weighted_rows(stage, rows)
    if errors or _has_field_errors(rows):
        return errors
    from ..services.results.ranking_order import named

    kept = {(r.name.data or "").strip() for r in _kept(rows)}
    return [_("The ranking order uses the component “%(name)s”: choose another ranking order "
              "before renaming or removing it.", name=name)
            for name in named(stage.ranking_metrics, "component") if name not in kept]


def stage_rows(_contest, rows) -> list[str]:
    """Stages numbered 1, 2, 3 … without gaps; the first carries nothing over."""
    _require(rows, "name", "position")
    errors = []
    kept = _kept(rows)
    positions = sorted(r.position.data for r in kept if r.position.data)
    if positions and positions != list(range(1, len(kept) + 1)):
        errors.append(_("Stages must be numbered 1 to %(n)d without gaps or repeats; "
                        "you gave %(given)s.", n=len(kept),
                        given=", ".join(str(p) for p in positions)))
    for row in kept:
        if row.position.data == 1 and row.carry_over_percent.data:
            row.carry_over_percent.errors = list(row.carry_over_percent.errors) + [
                _("The first stage has no earlier stage to carry over.")]
        if row.advancement_rule.data not in (None, "none") and row.advancement_value.data is None:
            row.advancement_value.errors = list(row.advancement_value.errors) + [
                _("Say how many advance, or from which score.")]
    return errors


def event_rows(_contest, rows) -> list[str]:
    """Events of a contest: each named once; the order defaults to the row's place."""
    _require(rows, "name")
    for index, row in enumerate(_kept(rows), start=1):
        if row.position.data is None:
            row.position.data = index
    return _unique_names(rows)


def _unique_names(rows) -> list[str]:
    names = [(r.name.data or "").strip() for r in _kept(rows)]
    duplicates = sorted({n for n in names if n and names.count(n) > 1})
    return [_("The name “%(name)s” is used twice.", name=n) for n in duplicates]


def tier_rows(rule, rows) -> list[str]:
    """Tiers carry what their rule's method needs; shares never pass 100%."""
    _require(rows, "name", "position")
    if duplicates := _unique_names(rows):
        return duplicates
    needed = {"quota": "quota", "proportion": "proportion", "score_band": "min_score"}
    kept = sorted(_kept(rows), key=lambda r: r.position.data or 0)
    if rule.method in needed:
        _require(rows, needed[rule.method])
    if _has_field_errors(rows):
        return []
    if rule.method == "proportion":
        total = sum((r.proportion.data for r in kept), Decimal(0))
        if total > HUNDRED:
            return [_("The shares add up to %(total)s%%, more than 100%%.",
                      total=_plain(total))]
    if rule.method == "score_band":
        bands = [r.min_score.data for r in kept]
        if any(a <= b for a, b in zip(bands, bands[1:])):
            return [_("Score bands must fall from the first tier to the last.")]
    return []


def panel_judge_rows(_panel, rows) -> list[str]:
    """Each judge once; one chief judge at most."""
    kept = _kept(rows)
    users = [r.user_id.data for r in kept]
    for row in kept:
        if not row.user_id.data:
            row.user_id.errors = list(row.user_id.errors) + [_("Required.")]
    if len(users) != len(set(users)):
        return [_("A judge is listed twice.")]
    if sum(1 for r in kept if r.is_chief.data) > 1:
        return [_("A panel has one chief judge.")]
    return []
