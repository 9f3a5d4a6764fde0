"""The appeal rules without an app: the tracking number, the window, the path."""
from datetime import UTC, datetime, timedelta

import pytest

from contests.scoring.appeals import Window, may_step, tracking_number

PUBLISHED = datetime(2026, 5, 3, 10, 0, tzinfo=UTC)


def test_tracking_number_names_the_contest_and_counts_from_one():
    assert tracking_number("union2026", 3) == "SS-UNION2026-0003"
    assert tracking_number("HOTEL-2026", 12) == "SS-HOTEL-2026-0012"
    with pytest.raises(ValueError):
        tracking_number("union2026", 0)


def test_a_two_hour_window_after_publication():
    window = Window(PUBLISHED, 2)
    assert window.closes == datetime(2026, 5, 3, 12, 0, tzinfo=UTC)
    assert window.state(PUBLISHED - timedelta(minutes=1)) == "not_open"
    assert window.state(PUBLISHED + timedelta(hours=1, minutes=59)) == "open"
    assert window.state(PUBLISHED + timedelta(hours=2)) == "closed"  # 12:00 is already late


def test_no_window_before_publication_or_without_hours():
    assert Window(None, 2).state(PUBLISHED) == "not_open"
    assert Window(PUBLISHED, None).state(PUBLISHED) == "not_taken"


def test_reconsideration_comes_before_arbitration():
    assert may_step("filed", "under_reconsideration")
    assert not may_step("filed", "appealed")  # no arbitration without reconsideration
    assert not may_step("filed", "decided")
    assert may_step("reconsidered", "appealed")
    assert not may_step("decided", "appealed")  # arbitration is final
