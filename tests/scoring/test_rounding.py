"""Rounding: ROUND_HALF_UP at a stated precision, applied once, never float."""
from decimal import Decimal as D
from fractions import Fraction

import pytest

from contests.scoring import (
    AggregationRule,
    Component,
    Criterion,
    EntryMarks,
    RaterGroup,
    RoundingRule,
    Rubric,
    Sheet,
    StageConfig,
    quantize,
    score_stage,
)
from contests.scoring.rounding import ROUNDING_POINTS


def test_half_up_not_bankers_rounding():
    assert quantize(D("2.345"), 2) == D("2.35")   # banker's rounding would give 2.34
    assert quantize(D("2.5"), 0) == D(3)
    assert quantize(D("-2.345"), 2) == D("-2.35")  # halves go away from zero
    assert quantize(Fraction(7, 200), 2) == D("0.04")  # exactly 0.035
    assert quantize(Fraction(1, 3), 2) == D("0.33")
    assert quantize(Fraction(-1, 200), 2) == D("-0.01")
    assert str(quantize(7, 2)) == "7.00"


def test_float_is_refused():
    with pytest.raises(TypeError):
        quantize(2.345, 2)


def test_rounding_points_say_where_rounding_happens():
    assert set(ROUNDING_POINTS) == {"final", "component", "each_step"}
    assert not RoundingRule(2, "final").applies("component")
    assert RoundingRule(2, "component").applies("component")
    assert RoundingRule(2, "each_step").applies("aggregate")
    with pytest.raises(ValueError):
        RoundingRule(2, "sometimes")


def _exact_half_stage(point: str) -> StageConfig:
    rubric = Rubric((Criterion("q", D(1)),))
    return StageConfig(
        (Component("main", rubric),),
        rater_groups=(RaterGroup("self", 5), RaterGroup("township", 15), RaterGroup("panel", 80)),
        aggregation=AggregationRule("mean"), rounding=RoundingRule(2, point))


def test_an_exact_half_reached_through_thirds_rounds_up():
    # Three judges per group, plain mean:
    #   self 0.1, 0.1, 0   -> 0.2 / 3        township 0.1, 0, 0 -> 0.1 / 3
    #   panel 0.1, 0, 0    -> 0.1 / 3
    # total = 0.05 * 0.2/3 + 0.15 * 0.1/3 + 0.80 * 0.1/3 = (0.010 + 0.015 + 0.080) / 3
    #       = 0.105 / 3 = 0.035 exactly -> 0.04 half up. Working with 28-digit
    # decimals (0.0666...67, 0.0333...33) lands a hair off 0.035 and can round down.
    marks = {"self": ("0.1", "0.1", "0"), "township": ("0.1", "0", "0"), "panel": ("0.1", "0", "0")}
    sheets = tuple(Sheet(f"{g}{i}", {"q": D(m)}, rater_group=g)
                   for g, ms in marks.items() for i, m in enumerate(ms))
    (result,) = score_stage(_exact_half_stage("final"), [EntryMarks("E1", sheets)])
    assert result.total == D("0.04")
    # Rounding each step instead: 0.07 (0.0667), 0.03, 0.03 -> 0.0035 + 0.0045 + 0.024
    # = 0.032 -> 0.03. The rule's rounding point changes the result, visibly.
    (stepwise,) = score_stage(_exact_half_stage("each_step"), [EntryMarks("E1", sheets)])
    assert stepwise.total == D("0.03")
    assert any(line.code == "rounding.aggregates" for line in stepwise.trace)
