"""A deduction item (扣分项) on the judge's tablet: shown as a deduction, entered as the
points taken off, and the running total is the official total, floored at zero.

The world of test_running_total_matches_official: 服务质量 (礼仪 10 + 效率 10), 仪容仪表
10, 创新加分 (bonus, at most 5), 重大失误 (veto); here with 安全操作 added, a deduction
of at most 30 points (a measurement) and 超时 (at most 5)."""
import re
from decimal import Decimal

from tests.judging.test_running_total_matches_official import (
    _mark_on_the_tablet,
    _official,
    _sheet_url,
    _world,
)


def _with_deductions(build):
    world = _world(build)
    world["items"]["unsafe"] = build.criterion(
        world["component"], name="安全操作", max_points=Decimal(30), kind="deduction",
        aspect="measurement", position=5, step=Decimal(1))
    world["items"]["overtime"] = build.criterion(
        world["component"], name="超时", max_points=Decimal(5), kind="deduction",
        position=6, step=Decimal("0.5"))
    return world


def test_the_sheet_shows_deductions_and_the_running_total_takes_them_off(
        client, login, db, build):
    world = _with_deductions(build)
    login(world["judge"])
    page = client.get(_sheet_url(world) + "?lang=en").get_data(as_text=True)
    row = re.search(r'<tr class="depth-0 kind-deduction">.*?安全操作.*?</tr>', page, re.S).group(0)
    assert '<span class="tag deduction">Deduction</span>' in row
    assert 'data-aspect="measurement">Measurement</span>' in row
    assert "Enter the points to take off (0 to 30)." in row
    assert 'data-kind="deduction"' in row and 'data-max="30"' in row
    # 24.5 base + 5 bonus = 29.5, minus 3 for overtime and 2 for unsafe operation = 24.5
    running = _mark_on_the_tablet(client, world, {
        "manner": "8.5", "speed": "9", "looks": "7", "invention": "3", "advice": "2.5",
        "unsafe": "2", "overtime": "3"})
    assert running["total_text"] == "24.50" and running["deduction_text"] == "5.00"
    page = client.get(_sheet_url(world) + "?lang=en").get_data(as_text=True)
    assert '<strong id="total">24.50</strong>' in page
    assert '<b id="deduction">5.00</b>' in page
    assert str(_official(client, db, world).total) == "24.50"


def test_a_deduction_larger_than_the_total_leaves_zero_on_both(app, client, login, db, build):
    world = _with_deductions(build)
    login(world["judge"])
    # 4 + 5 + 3 = 12 base, no bonus; 30 off for an unsafe operation: 12 - 30 -> 0
    running = _mark_on_the_tablet(client, world, {
        "manner": "4", "speed": "5", "looks": "3", "invention": "0", "advice": "0",
        "unsafe": "30", "overtime": "0"})
    assert running["total_text"] == "0.00"
    official = _official(client, db, world)
    assert official.total == Decimal("0.00")
    lines = [line for line in official.trace if line.code == "sheet.deduction_floored"]
    assert lines and dict(lines[0].params)["deduction"] == Decimal(30)
    assert "the total is 0 (it never goes below zero)" in lines[0].text
    # the per-entry explanation, in the reader's language
    from contests.public.explain import line_text
    with app.test_request_context("/?lang=en"):
        assert line_text(lines[0], 2) == ("deductions of 30 exceed the total 12: the "
                                          "total is 0 (it never goes below zero)")


def test_a_deduction_beyond_its_maximum_is_refused(client, login, build):
    world = _with_deductions(build)
    login(world["judge"])
    code = re.search(r"/entries/([^/]+)/", _sheet_url(world)).group(1)
    response = client.post("/judging/api/changes?lang=en", json={
        "key": "deduction-over-max", "panel": world["panel"].id, "entry": code,
        "kind": "mark", "criterion": world["items"]["overtime"].id, "value": "6",
        "base_version": 0})
    assert response.status_code == 422
    assert "between 0 and 5" in response.get_json()["message"]
