"""A deduction column in a marks file is points off: "2" and "-2" both take 2 off the
practical, never add them; beyond the item's maximum is a problem of that cell."""
from decimal import Decimal

from sqlalchemy import select

from contests.models import Mark
from contests.services.exchange import marks_import
from contests.services.results.compute import compute_contest
from tests.exchange.helpers import csv_bytes
from tests.exchange.test_import_marks import plan_for, sheet_rows, theory, where  # noqa: F401


def test_a_deduction_in_the_file_takes_points_off(theory, build, english):  # noqa: F811
    practical = theory["criteria"][0].component
    build.criterion(practical, name="超时", code="D1", max_points=Decimal(3), kind="deduction")
    data = csv_bytes(sheet_rows(
        ["A01", "pj1", "P1", "9"], ["A01", "pj1", "P2", "9"], ["A01", "pj1", "D1", "-2"],
        ["A01", "pj2", "P1", "8"], ["A01", "pj2", "P2", "8"], ["A01", "pj2", "D1", "2"]))
    plan = plan_for("sheets", data, theory, status="confirmed")
    assert plan.ok, [str(p) for p in plan.problems]
    marks_import.apply(plan, source="paper.csv")
    assert sorted(db_values()) == [Decimal(2), Decimal(2)]
    official = compute_contest(theory["contest"]).stages[0].results
    # pj1 18 - 2 = 16, pj2 16 - 2 = 14: the mean 15
    assert official["A01"].component_scores["实操"] == Decimal("15")


def test_a_deduction_beyond_its_maximum_is_a_problem(theory, build, english):  # noqa: F811
    practical = theory["criteria"][0].component
    build.criterion(practical, name="超时", code="D1", max_points=Decimal(3), kind="deduction")
    data = csv_bytes(sheet_rows(
        ["A01", "pj1", "P1", "9"], ["A01", "pj1", "P2", "9"], ["A01", "pj1", "D1", "-4"]))
    plan = plan_for("sheets", data, theory)
    assert (4, "D", "out_of_range") in where(plan)



def db_values():
    from contests.extensions import db
    return [m.value for m in db.session.scalars(select(Mark)) if m.criterion.code == "D1"]
