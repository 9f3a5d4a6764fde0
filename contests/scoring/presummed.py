"""Sheets fed to the core as their totals.

When a stage is scored sheet by sheet and each sheet's total is the plain sum of its
marks, nothing the core computes from a sheet depends on more than that sum: the group's
aggregation (and a normalised group's rescaling) works on sheet totals, no parent
maximum, bonus cap, total maximum or deduction floor can bind (so no note is lost), and
there are no veto items. Such a stage may then be scored from one number per sheet, the
sum of its marks, which the database adds up (services/results/loading.py), instead of
every mark: the same totals, ranks, explanations and outcomes.

What the core then does not have is each criterion's own value: a stage ranked or
awarded on a criterion (a tie-break by an item, a single-item prize on a criterion)
needs the marks and is not presummed; the caller says so with ``needs_criteria``.

The one leaf stands for the sheet total; in_range still checks the sum against the
greatest total a sheet can reach (each mark was checked against its item's maximum when
it was entered)."""
from __future__ import annotations

from dataclasses import replace

from .rubric import Criterion, Rubric

#: What the one marked item of a presummed rubric stands for (the explanation already
#: calls a sheet's total "sheet total" when a group is aggregated sheet by sheet).
SHEET_TOTAL = "sheet total"


def total_key(component_key: str) -> str:
    """The key of a presummed component's one item (criterion keys are unique across a
    stage's components)."""
    return f"{SHEET_TOTAL}: {component_key}"


def component_summable(component, config) -> bool:
    """Whether every rater group of ``component`` takes its judges' sheet totals (the
    sheet level, or normalised) and the rubric totals a sheet by a plain sum."""
    rubric = component.rubric
    if rubric.veto_keys or not rubric.summable:
        return False
    return all(group.normalisation != "none"
               or (group.aggregation_level or config.aggregation_level) == "sheet"
               for group in (component.rater_groups or config.rater_groups))


def summable(config, needs_criteria: bool = False) -> bool:
    """Whether a stage configured by ``config`` may be scored from sheet totals."""
    return not needs_criteria and all(component_summable(c, config)
                                      for c in config.components)


def presummed_rubric(component) -> Rubric:
    """The rubric of a presummed component: one marked item, the sheet total, worth the
    most a sheet can reach, under the same total maximum."""
    rubric = component.rubric
    reach = sum(rubric.leaf_maxes)
    return Rubric((Criterion(total_key(component.key), reach, label=SHEET_TOTAL),),
                  max_points=rubric.max_points, allow_exceed_max=rubric.allow_exceed_max)


def is_presummed(component) -> bool:
    return component.rubric.leaf_keys == (total_key(component.key),)


def presummed(config):
    """``config`` with every component's rubric replaced by its presummed rubric (call
    only when :func:`summable`); sheets then carry {total_key(component): the sum of the
    marks}."""
    return replace(config, components=tuple(
        replace(c, rubric=presummed_rubric(c)) for c in config.components))
