"""Judges' fees: sessions counted from panel seats (payroll.py), money to the cent."""
from decimal import Decimal as D

import pytest

from contests.scoring.payroll import PanelSeat, judge_fees


def test_sessions_are_panels_sat_and_fees_are_to_the_cent():
    seats = [
        PanelSeat("王", "theory", True, own_sheets=20, panel_sheets=60),
        PanelSeat("王", "practical", True, own_sheets=20, panel_sheets=60),
        PanelSeat("李", "theory", True, own_sheets=20, panel_sheets=60),
        PanelSeat("李", "practical", True, own_sheets=0, panel_sheets=60),  # absent: unpaid
        PanelSeat("张", "theory", False, own_sheets=0, panel_sheets=60),  # chairs: paid
        PanelSeat("张", "theory", True, own_sheets=3, panel_sheets=60),  # same panel: once
        PanelSeat("赵", "heat B", True, own_sheets=0, panel_sheets=0),  # never sat
    ]
    # 王: 2 × 333.33 = 666.66; 李: 1 × 333.33; 张: 1 × 333.33; 赵: nothing.
    assert [(f.judge, f.sessions, f.amount) for f in judge_fees(seats, D("333.33"))] == [
        ("张", 1, D("333.33")), ("李", 1, D("333.33")), ("王", 2, D("666.66"))]


def test_a_fee_must_be_a_non_negative_decimal():
    with pytest.raises(ValueError):
        judge_fees([], 300.0)
    with pytest.raises(ValueError):
        judge_fees([], D("-1"))
