"""Deduction items (扣分项) and a criterion's tolerance on the judges' spread (#15).

A deduction is marked as the points taken off (0..its maximum) and subtracted after the
bonus cap and the full-marks bound; the total never goes below zero and says so."""
from decimal import Decimal as D

import pytest

from contests.scoring import (
    AggregationRule,
    Component,
    Criterion,
    EntryMarks,
    Rubric,
    Sheet,
    StageConfig,
    render,
    score_stage,
)
from contests.scoring.consistency import (
    CriterionMark,
    SheetMark,
    deviations,
    flag_threshold,
    spread_breaches,
)

# A practical task worth 10, an unsafe operation taking off up to 5, overtime up to 3.
PRACTICAL = Rubric((
    Criterion("task", D(10)),
    Criterion("unsafe", D(5), kind="deduction"),
    Criterion("overtime", D(3), kind="deduction"),
), max_points=D(10))


def test_deductions_take_points_off_within_their_maximum():
    # 8 - 2 - 1 = 5
    total = PRACTICAL.sheet_total({"task": D(8), "unsafe": D(2), "overtime": D(1)})
    assert total.total == D(5)
    assert total.deduction == D(3)
    assert total.notes == ()
    with pytest.raises(ValueError, match="unsafe mark 6 is outside 0..5"):
        PRACTICAL.sheet_total({"task": D(8), "unsafe": D(6), "overtime": D(0)})


def test_a_deduction_never_pushes_the_total_below_zero_and_the_explanation_says_so():
    # 3 - 4 - 2 = -3 -> the total is 0, and the note says the deductions (6) exceeded 3.
    total = PRACTICAL.sheet_total({"task": D(3), "unsafe": D(4), "overtime": D(2)})
    assert total.total == D(0)
    (line,) = total.notes
    assert line.code == "sheet.deduction_floored"
    assert line.text == ("deductions of 6 exceed the total 3: the total is 0 "
                         "(it never goes below zero)")


def test_deductions_come_off_after_the_bonus_cap_and_the_full_marks_bound():
    rubric = Rubric((
        Criterion("work", D(100)),
        Criterion("extra", D(6), kind="bonus"),
        Criterion("overtime", D(5), kind="deduction"),
    ), max_points=D(100), bonus_cap=D(4))
    # 98 + bonus 6 capped at 4 = 102, bounded at 100, minus 3 overtime = 97.
    total = rubric.sheet_total({"work": D(98), "extra": D(6), "overtime": D(3)})
    assert total.total == D(97)
    assert [n.code for n in total.notes] == ["sheet.bonus_capped", "sheet.total_capped"]


def test_the_stage_floors_each_sheet_or_the_mean_as_the_organizer_chose():
    entry = EntryMarks("E1", (
        Sheet("J1", {"task": D(2), "unsafe": D(5), "overtime": D(0)}),
        Sheet("J2", {"task": D(4), "unsafe": D(3), "overtime": D(0)}),
    ))
    mean = AggregationRule("mean")
    # Criterion by criterion: task (2 + 4) / 2 = 3, unsafe (5 + 3) / 2 = 4: 3 - 4 -> 0.
    (by_criterion,) = score_stage(StageConfig((Component("main", PRACTICAL),),
                                              aggregation=mean), [entry])
    assert by_criterion.total == D("0.00")
    assert "deductions of 4 exceed the total 3: the total is 0" in render(by_criterion.trace)
    # Sheet by sheet: J1 2 - 5 -> 0 (floored), J2 4 - 3 = 1; mean 0.5.
    (by_sheet,) = score_stage(StageConfig((Component("main", PRACTICAL),), aggregation=mean,
                                          aggregation_level="sheet"), [entry])
    assert by_sheet.total == D("0.50")
    assert "deductions of 5 exceed the total 2" in render(by_sheet.trace)


def test_sub_items_of_a_deduction_are_deductions_bounded_by_its_maximum():
    rubric = Rubric((
        Criterion("task", D(20)),
        Criterion("safety", D(5), kind="deduction", children=(
            Criterion("gloves", D(3)), Criterion("goggles", D(3)))),
    ), max_points=D(20))
    # gloves 3 + goggles 3 = 6, bounded by its maximum 5: 18 - 5 = 13.
    total = rubric.sheet_total({"task": D(18), "gloves": D(3), "goggles": D(3)})
    assert total.total == D(13)
    assert total.deduction == D(5)


def test_a_spread_beyond_the_tolerance_is_a_breach():
    marks = [CriterionMark("E1", "J1", "finish", D(1)), CriterionMark("E1", "J2", "finish", D(3)),
             CriterionMark("E1", "J3", "finish", D("2.5")),
             CriterionMark("E2", "J1", "finish", D(2)), CriterionMark("E2", "J2", "finish", D(3)),
             CriterionMark("E1", "J1", "length", D(9)), CriterionMark("E1", "J2", "length", D(1))]
    # E1 finish: 3 - 1 = 2 > 1; E2 finish: 3 - 2 = 1, not more than 1; length has none.
    (breach,) = spread_breaches(marks, {"finish": D(1), "length": None})
    assert (breach.entry, breach.criterion, breach.spread) == ("E1", "finish", D(2))
    assert breach.judges == ("J1", "J2", "J3")
    assert spread_breaches(marks, {"finish": D(2)}) == ()


def test_the_flag_threshold_is_a_share_of_full_marks_set_per_panel():
    assert flag_threshold(D(80), None) == D(8)       # 10% by default
    assert flag_threshold(D(80), D(15)) == D(12)
    # Totals 70, 80, 81 on full marks 80: J1 is 10.5 below the others' mean 80.5.
    marks = [SheetMark("E1", "J1", D(70)), SheetMark("E1", "J2", D(80)),
             SheetMark("E1", "J3", D(81))]
    flagged = {r.judge for r in deviations(marks, flag_threshold(D(80), None))[0] if r.flagged}
    assert flagged == {"J1"}
    flagged = {r.judge for r in deviations(marks, flag_threshold(D(80), D(15)))[0] if r.flagged}
    assert flagged == set()
