"""Judge aggregation: mean, trimmed mean, median, fallbacks, dropped marks."""
from decimal import Decimal as D
from fractions import Fraction

import pytest

from contests.scoring.aggregation import AggregationRule, aggregate_marks, aggregate_rows
from contests.scoring.rounding import quantize
from contests.scoring.values import NoValue

TRIMMED = AggregationRule("trimmed_mean", trim=1, fallback="mean")


def test_five_judges_drop_highest_and_lowest_and_average_the_other_three():
    # Marks 8.5, 9.0, 7.5, 9.5, 6.0. Sorted: 6.0 (J5) 7.5 (J3) 8.5 (J1) 9.0 (J2) 9.5 (J4).
    # Drop J5's 6.0 and J4's 9.5; (7.5 + 8.5 + 9.0) / 3 = 25.0 / 3 = 8.333... -> 8.33.
    marks = {"J1": D("8.5"), "J2": D("9.0"), "J3": D("7.5"), "J4": D("9.5"), "J5": D("6.0")}
    result = aggregate_marks(marks, TRIMMED, "service quality")
    assert result.exact == Fraction(25, 3)
    assert quantize(result.exact, 2) == D("8.33")
    assert result.dropped_lowest == (("J5", D("6.0")),)
    assert result.dropped_highest == (("J4", D("9.5")),)
    assert [judge for judge, _ in result.kept] == ["J1", "J2", "J3"]
    text = result.trace[-1].text
    assert "dropped lowest J5, highest J4" in text
    assert "J1 8.5" in text and "8.333333…" in text


def test_equal_extreme_marks_drop_the_earlier_judge_low_and_the_later_judge_high():
    # J1 9, J2 9, J3 7, J4 7, J5 8: lowest is J3 (first of the two 7s), highest J2
    # (last of the two 9s); kept J1 9, J4 7, J5 8 -> 24 / 3 = 8.
    marks = {"J1": D(9), "J2": D(9), "J3": D(7), "J4": D(7), "J5": D(8)}
    result = aggregate_marks(marks, TRIMMED)
    assert result.dropped_lowest == (("J3", D(7)),)
    assert result.dropped_highest == (("J2", D(9)),)
    assert result.value == D(8)


def test_all_marks_equal_still_drops_two_different_judges():
    result = aggregate_marks({"A": D(5), "B": D(5), "C": D(5)}, TRIMMED)
    assert result.dropped_lowest == (("A", D(5)),)
    assert result.dropped_highest == (("C", D(5)),)
    assert result.value == D(5)


def test_too_few_judges_falls_back_to_the_plain_mean_and_says_so():
    # k = 1 needs 3 marks; 2 marks: (8 + 9) / 2 = 8.5, nothing dropped.
    result = aggregate_marks({"A": D(8), "B": D(9)}, TRIMMED)
    assert result.value == D("8.5")
    assert result.method == "mean"
    assert result.dropped_lowest == result.dropped_highest == ()
    assert result.trace[0].code == "aggregate.fallback_mean"
    assert "fewer than 3" in result.trace[0].text


def test_too_few_judges_under_refuse_raises_refused_with_a_reason():
    rule = AggregationRule("trimmed_mean", trim=1, fallback="refuse")
    with pytest.raises(NoValue) as refused:
        aggregate_marks({"A": D(8), "B": D(9)}, rule)
    assert refused.value.line.code == "aggregate.refused"


def test_trimmed_mean_with_k_two_of_seven_judges():
    # 1 2 3 4 5 6 7 (judges A..G in order): drop 1, 2 and 6, 7; (3 + 4 + 5) / 3 = 4.
    marks = {j: D(i + 1) for i, j in enumerate("ABCDEFG")}
    result = aggregate_marks(marks, AggregationRule("trimmed_mean", trim=2))
    assert result.value == D(4)
    assert [j for j, _ in result.dropped_lowest] == ["A", "B"]
    assert [j for j, _ in result.dropped_highest] == ["F", "G"]


def test_median_odd_and_even():
    odd = aggregate_marks({"A": D(6), "B": D("7.5"), "C": D("8.5"), "D": D(9), "E": D("9.5")},
                          AggregationRule("median"))
    assert odd.value == D("8.5")
    assert len(odd.dropped_lowest) == len(odd.dropped_highest) == 2
    even = aggregate_marks({"A": D(6), "B": D(7), "C": D(8), "D": D(10)}, AggregationRule("median"))
    assert even.exact == Fraction(15, 2)  # (7 + 8) / 2


def test_plain_mean_keeps_every_mark():
    result = aggregate_marks({"A": D(1), "B": D(2)}, AggregationRule("mean"))
    assert result.exact == Fraction(3, 2)
    assert len(result.kept) == 2


def test_rows_share_one_denominator():
    rows = ((D(1), D(2), D(3)), (D(4), D(4), D(10)))
    agg = aggregate_rows(rows, TRIMMED)
    assert agg.denominator == 1
    assert agg.numerators == (D(2), D(4))
    assert agg.dropped == ((0, 2), (0, 2))


def test_floats_and_bad_rules_are_refused():
    with pytest.raises(TypeError):
        aggregate_marks({"A": 8.5}, TRIMMED)
    with pytest.raises(ValueError):
        AggregationRule("average")
    with pytest.raises(ValueError):
        AggregationRule("trimmed_mean", trim=0)
    with pytest.raises(ValueError):
        AggregationRule("mean", fallback="ignore")
