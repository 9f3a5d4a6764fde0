"""Rubric totals: criterion tree, parent maximum, bonus cap, exceeding the max, veto."""
from decimal import Decimal as D

import pytest

from contests.scoring import Criterion, Rubric, Sheet
from contests.scoring.rubric import CRITERION_KINDS


def _rubric(allow_exceed: bool = False) -> Rubric:
    return Rubric((
        # Sub-items can reach 12 but the item is worth 10: its total is bounded at 10.
        Criterion("organizing", D(10), children=(Criterion("plan", D(6)), Criterion("run", D(6)))),
        Criterion("execution", D(90)),
        Criterion("bonus", kind="bonus", children=(Criterion("award", D(3)), Criterion("paper", D(3)))),
        Criterion("veto", kind="veto", children=(Criterion("violation"), Criterion("fraud"))),
    ), max_points=D(100), bonus_cap=D(4), allow_exceed_max=allow_exceed)


def test_tree_is_compiled_depth_first_with_parents_after_leaves():
    r = _rubric()
    assert r.leaf_keys == ("plan", "run", "execution", "award", "paper")
    assert r.node_keys == r.leaf_keys + ("organizing", "bonus")
    assert r.veto_keys == {"veto", "violation", "fraud"}
    assert CRITERION_KINDS == ("normal", "bonus", "deduction", "veto")


def test_parent_total_is_bounded_by_its_own_maximum():
    # plan 6 + run 5 = 11 > 10 -> organizing 10; execution 80; base 90; bonus 0.
    total = _rubric().sheet_total({"plan": D(6), "run": D(5), "execution": D(80),
                                   "award": D(0), "paper": D(0)})
    assert total.total == D(90)
    assert total.node_values[-2] == D(10)
    assert total.notes[0].code == "sheet.parent_capped"
    assert "bounded by its maximum 10" in total.notes[0].text


def test_bonus_is_capped_and_the_total_may_not_exceed_the_maximum_unless_allowed():
    marks = {"plan": D(5), "run": D(5), "execution": D(88), "award": D(3), "paper": D(3)}
    # base 10 + 88 = 98; bonus 3 + 3 = 6 capped at 4; 98 + 4 = 102 -> bounded at 100.
    strict = _rubric().sheet_total(marks)
    assert (strict.base, strict.bonus, strict.total) == (D(98), D(4), D(100))
    assert [n.code for n in strict.notes] == ["sheet.bonus_capped", "sheet.total_capped"]
    # If the organizer allows exceeding the maximum, the bonus counts in full (up to its cap).
    assert _rubric(allow_exceed=True).sheet_total(marks).total == D(102)


def test_marks_must_cover_exactly_the_marked_criteria_within_range():
    r = _rubric()
    good = {"plan": D(5), "run": D(5), "execution": D(80), "award": D(0), "paper": D(0)}
    with pytest.raises(ValueError, match="criterion execution mark 91 is outside 0..90"):
        r.sheet_total({**good, "execution": D(91)})
    with pytest.raises(ValueError, match="outside"):
        r.sheet_total({**good, "plan": D(-1)})
    with pytest.raises(ValueError, match=r"missing criteria \['paper'\]"):
        r.sheet_total({k: v for k, v in good.items() if k != "paper"})
    with pytest.raises(ValueError, match=r"unknown criteria \['speed'\]"):
        r.sheet_total({**good, "speed": D(1)})


def test_veto_needs_a_reason_and_a_veto_criterion():
    with pytest.raises(ValueError, match="needs a reason"):
        Sheet("J1", {"plan": D(1)}, vetoes={"fraud": "  "})
    with pytest.raises(ValueError, match="not veto criteria"):
        _rubric().check_vetoes({"execution": "late"})
    _rubric().check_vetoes({"fraud": "forged certificate"})  # accepted


def test_bad_trees_and_numbers_are_refused():
    with pytest.raises(ValueError, match="needs max_points"):
        Rubric((Criterion("x"),))
    with pytest.raises(ValueError, match="kind"):
        Rubric((Criterion("b", kind="bonus", children=(Criterion("v", kind="veto"),)),))
    with pytest.raises(ValueError, match="more than once"):
        Rubric((Criterion("a", D(1)), Criterion("a", D(2))))
    with pytest.raises(TypeError):
        Criterion("x", 2.5)
    with pytest.raises(TypeError, match="marks must be Decimal"):
        Sheet("J1", {"plan": 5.5})
    with pytest.raises(ValueError, match="finite"):
        Sheet("J1", {"plan": D("NaN")})


def test_parent_values_are_bounded_the_same_way_when_read_one_by_one():
    r = _rubric()
    row = (D(6), D(5), D(80), D(1), D(2))
    values = r.evaluate(row).node_values
    assert [r.node_value(row, i) for i in range(len(r.node_keys))] == list(values)
    assert r.node_value(row, r.node_keys.index("organizing")) == D(10)  # 11 bounded at 10
    flat = Rubric((Criterion("p", children=(Criterion("p1", D(5)), Criterion("p2", D(5)))),))
    assert flat.node_value((D(2), D(3)), 2) == D(5)
