"""One component of one entry: each rater group's judges aggregated, the
rubric applied, the groups weighted. Used by pipeline.py.

Values travel as exact (numerators, denominator) pairs: a group's numbers are
sums of judges' Decimal marks over the count of marks kept, and rater-group
weighting brings them to one common denominator. Only display values and
rounding points divide.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import lcm
from operator import attrgetter
from typing import Any

from .aggregation import aggregate_rows
from .components import Component
from .explain import TraceLine, note
from .normalisation import NORMALISED_PLACES, PanelScale
from .rater_groups import RaterGroup, weigh_groups
from .rounding import quantize
from .sheets import Sheet

_by_judge = attrgetter("judge")
_marks_of = attrgetter("marks")


def aggregate_group(config: Any, component: Component, group: RaterGroup,
                    sheets: list[Sheet], entry_id: str, trace: list[TraceLine],
                    scale: PanelScale | None = None):
    """One rater group's judges on one component. Returns the exact group
    values as numerators over one denominator: (leaf criterion values in
    ``leaf_keys`` order, group total, denominator). With a panel ``scale``
    (a normalised group) the total is the mean of the normalised sheet totals."""
    rubric = component.rubric
    where = f"{component.key}/{group.key}"
    judges = tuple(map(_by_judge, sheets))
    if len(sheets) > 1 and list(judges) != sorted(judges):
        sheets = sorted(sheets, key=_by_judge)  # fixed judge order: input order never matters
        judges = tuple(map(_by_judge, sheets))
    if len(set(judges)) != len(judges):
        raise ValueError(f"entry {entry_id} {where}: a judge has more than one sheet")
    marks = tuple(map(_marks_of, sheets))
    try:
        rows = rubric.leaf_rows(marks)
    except ValueError:  # say which entry, group and judge (built only on error)
        for s in sheets:
            rubric.leaf_row(s.marks, f"entry {entry_id} {where} judge {s.judge}")
        raise
    columns = tuple(zip(*rows))
    rule = group.aggregation or config.aggregation
    agg = aggregate_rows(columns, rule, where)
    if not rubric.in_range(agg.lowest, agg.highest):
        for s in sheets:  # find and name the offending mark
            rubric.leaf_row(s.marks, f"entry {entry_id} {where} judge {s.judge}")
    rounding = config.rounding
    numerators, denominator = agg.numerators, agg.denominator
    at_criterion = (scale is None
                    and (group.aggregation_level or config.aggregation_level) == "criterion")
    if at_criterion:
        trace.extend(agg.notes)
        trace.append(note("aggregate.rows", component=component.key, group=group.key,
                          method=agg.method, level="criterion", judges=judges,
                          criteria=rubric.leaf_keys, marks=marks, dropped=agg.dropped,
                          numerators=numerators, denominator=denominator))
    if rounding.applies("aggregate"):
        places = rounding.places
        numerators = tuple(quantize(n / denominator, places) for n in numerators)
        denominator = 1
        trace.append(note("rounding.aggregates", places=places))
    if at_criterion:
        total, notes = rubric.total_fast(numerators, denominator)
        trace.extend(notes)
        return numerators, total, denominator
    # Sheet level: each judge's sheet is totalled first, then the totals are
    # aggregated; the criterion values above serve tie-breaks and display.
    totals = []
    for judge, row in zip(judges, rows):
        sheet_total, sheet_notes = rubric.total_fast(row)
        trace.extend(note(n.code, **dict(n.params, judge=judge)) for n in sheet_notes)
        totals.append(sheet_total)
    if scale is not None:
        total, total_denominator = _normalised(component, group, judges, totals, scale, trace)
    else:
        totals = (tuple(totals),)
        sheet_agg = aggregate_rows(totals, rule, where)
        trace.extend(sheet_agg.notes)
        trace.append(note("aggregate.rows", component=component.key, group=group.key,
                          method=sheet_agg.method, level="sheet", judges=judges,
                          criteria=("sheet total",),
                          marks=tuple({"sheet total": t} for t in totals[0]),
                          dropped=sheet_agg.dropped, numerators=sheet_agg.numerators,
                          denominator=sheet_agg.denominator))
        total, total_denominator = sheet_agg.numerators[0], sheet_agg.denominator
    if rounding.applies("aggregate"):
        total, total_denominator = quantize(total / total_denominator, rounding.places), 1
    common = lcm(denominator, total_denominator)
    scaled = tuple(v * (common // denominator) for v in numerators)
    return scaled, total * (common // total_denominator), common


def _normalised(component: Component, group: RaterGroup, judges: tuple, totals: list,
                scale: PanelScale, trace: list[TraceLine]) -> tuple[Decimal, int]:
    """Each judge's raw sheet total x rescaled to the panel (normalisation.py); returns
    the sum of the x' over their count (an exact mean) and explains every step."""
    values = tuple(scale.normalise(j, t) for j, t in zip(judges, totals))
    total = sum(values, Decimal(0))
    own = tuple((scale.judges[j].mean, scale.judges[j].deviation) for j in judges)
    trace.append(note("normalise.sheets", component=component.key, group=group.key,
                      judges=judges, raw=tuple(totals), normalised=values,
                      judge_means=tuple(m for m, _ in own),
                      judge_deviations=tuple(d for _, d in own),
                      mean=scale.mean, deviation=scale.deviation, count=scale.count,
                      places=NORMALISED_PLACES, value=total / len(values),
                      raw_value=sum(totals, Decimal(0)) / len(totals)))
    return total, len(values)


def _fraction(numerator: Decimal, divisor: Decimal) -> Fraction:
    a, b = numerator.as_integer_ratio()
    c, d = divisor.as_integer_ratio()
    return Fraction(a * d, b * c)


def score_component(config: Any, component: Component, buckets: dict, entry_id: str,
                    trace: list[TraceLine], weights_cache: dict,
                    scales: dict | None = None) -> tuple:
    """Weighted rater groups for one component. Returns (exact score,
    CriterionScores part for this component). ``scales``: the panel scales of the
    entry's event and heat by (component, rater group), for normalised groups.
    May raise NoValue."""
    groups = {}
    rater_groups = component.rater_groups or config.rater_groups
    for group in rater_groups:
        sheets = buckets.get((component.key, group.key))
        if sheets:
            scale = scales.get((component.key, group.key)) if scales else None
            groups[group.key] = aggregate_group(config, component, group, sheets,
                                                entry_id, trace, scale)
    present = (component.key, *groups)  # dict order follows config.rater_groups
    weights = weights_cache.get(present)
    if weights is None:  # the same few combinations recur for every entry
        weights = weigh_groups(rater_groups, groups, config.missing_group_policy,
                               component.key)
        weights_cache[present] = weights
    trace.extend(weights.notes)
    numerators, divisor = weights.combine({k: ((t,), d) for k, (_, t, d) in groups.items()})
    value = _fraction(numerators[0], divisor)
    shown = {key: total / denominator for key, (_, total, denominator) in groups.items()}
    trace.append(weights.note(component.key, shown, _display(value)))
    # Criterion scores are weighted the same way, but only when first read
    # (a tie-break or a details page): most entries never need them.
    places = config.rounding.places if config.rounding.applies("aggregate") else None
    part = (component.rubric, weights,
            {k: (leaves, d) for k, (leaves, _, d) in groups.items()}, places)
    return value, part


def _display(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)
