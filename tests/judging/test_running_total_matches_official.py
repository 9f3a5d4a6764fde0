"""The judge's running total is the official total: the tablet and the published results
read the rubric (with the component's full marks) through one adapter, so one judge's
sheet totals the same on both, and the tablet shows it at the contest's precision."""
import re
from decimal import Decimal
from itertools import count

import pytest
from sqlalchemy import select

from contests.models import ScoreSheet
from contests.services.results.compute import compute_stage

_keys = count(1)
BONUS_ONLY_SHEET = {"manner": "8.5", "speed": "9", "looks": "7", "invention": "3",
                    "advice": "2.5"}


def _world(build, *, max_score=Decimal(100), allow_over_max=False, veto=True, places=2):
    """One judge (who is also the chief) on one panel: a rubric with a parent item and its
    sub-items, a top-level item, a bonus item with sub-items (6 points under a 5-point
    maximum) and, unless veto=False, a one-vote veto item."""
    contest = build.contest(decimal_places=places)
    stage = build.stage(contest, name="决赛")
    event = build.event(contest, name="客房服务")
    component = build.component(stage, name="实操", max_score=max_score,
                                allow_over_max=allow_over_max)
    group = build.rater_group(component, name="裁判组", aggregation="mean")
    items = {}
    quality = build.criterion(component, name="服务质量", max_points=Decimal(20), position=1)
    items["manner"] = build.criterion(component, name="礼仪", max_points=Decimal(10),
                                      parent_id=quality.id, position=1, step=Decimal("0.5"))
    items["speed"] = build.criterion(component, name="效率", max_points=Decimal(10),
                                     parent_id=quality.id, position=2, step=Decimal("0.25"))
    items["looks"] = build.criterion(component, code="B", name="仪容仪表",
                                     max_points=Decimal(10), position=2, step=Decimal("0.5"))
    bonus = build.criterion(component, name="创新加分", max_points=Decimal(5), kind="bonus",
                            position=3)
    items["invention"] = build.criterion(component, name="技术革新", max_points=Decimal(3),
                                         parent_id=bonus.id, position=1, step=Decimal("0.5"))
    items["advice"] = build.criterion(component, name="合理化建议", max_points=Decimal(3),
                                      parent_id=bonus.id, position=2, step=Decimal("0.5"))
    if veto:
        items["veto"] = build.criterion(component, name="重大失误", max_points=Decimal(1),
                                        kind="veto", position=4, step=Decimal(1))
    person = build.contestant(contest, bib="K1", draw_number=1, name="选手1")
    entry = build.entry(person, event, stage)
    panel = build.panel(stage, event, component, group, name="客房一组")
    judge = build.user("judge", display_name="甲裁判")
    build.panel_judge(panel, judge, is_chief=True)
    return dict(stage=stage, component=component, entry=entry, panel=panel, judge=judge,
                items=items)


def _code(world) -> str:
    """The tablet names the entry by its code on the panel."""
    from contests.services.judging.access import entry_code
    return entry_code(world["panel"].id, world["entry"].id)


def _sheet_url(world) -> str:
    return f"/judging/panels/{world['panel'].id}/entries/{_code(world)}/"


def _mark_on_the_tablet(client, world, marks: dict, veto_reason: str = "") -> dict:
    """Send the marks as the tablet does; return the running total the tablet shows."""
    for name, value in marks.items():
        response = client.post("/judging/api/changes", json={
            "key": f"running-total-{next(_keys):06d}", "panel": world["panel"].id,
            "entry": _code(world), "kind": "mark",
            "criterion": world["items"][name].id, "value": value, "base_version": 0})
        assert response.status_code == 200, response.get_json()
    if veto_reason:
        response = client.post("/judging/api/changes", json={
            "key": f"running-total-{next(_keys):06d}", "panel": world["panel"].id,
            "entry": _code(world), "kind": "veto_reason", "value": veto_reason,
            "base_text": ""})
        assert response.status_code == 200, response.get_json()
    state = client.get(f"/judging/api/panels/{world['panel'].id}/entries/"
                       f"{_code(world)}/sheet").get_json()
    return state["total"]


def _official(client, db, world):
    """Submit and confirm the sheet, then score the stage as the published results do."""
    assert client.post(_sheet_url(world) + "submit").status_code == 302
    sheet = db.session.scalar(select(ScoreSheet.id).where(
        ScoreSheet.entry_id == world["entry"].id))
    confirmed = client.post(f"/judging/panels/{world['panel'].id}/sheets/{sheet}/confirm")
    assert confirmed.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(ScoreSheet.status)) == "confirmed"
    return compute_stage(world["stage"]).results["K1"]


def _shown_total(client, world) -> str:
    page = client.get(_sheet_url(world)).get_data(as_text=True)
    return re.search(r'<strong id="total">([^<]*)</strong>', page).group(1)


@pytest.mark.parametrize(("settings", "expected"), [
    # 8.5 + 9 + 7 = 24.5 base; the bonus sub-items give 5.5, held at the bonus item's 5.
    ({}, "29.50"),
    # Full marks 25 bind although the rubric reaches 30: the total stops at full marks.
    ({"max_score": Decimal(25)}, "25.00"),
    # ... unless the organizer lets bonus pass full marks.
    ({"max_score": Decimal(25), "allow_over_max": True}, "29.50"),
    # Full marks below the normal items: a sheet above full marks counts full marks.
    ({"max_score": Decimal(20)}, "20.00"),
    # No veto item on the rubric, and one decimal place.
    ({"veto": False, "places": 1}, "29.5"),
])
def test_the_judges_running_total_is_the_official_total(client, login, db, build,
                                                        settings, expected):
    world = _world(build, **settings)
    login(world["judge"])
    running = _mark_on_the_tablet(client, world, BONUS_ONLY_SHEET)
    assert running["total_text"] == expected and running["complete"] is True
    assert running["vetoed"] is False
    assert _shown_total(client, world) == expected
    official = _official(client, db, world)
    assert official.total == Decimal(running["total"])
    assert str(official.total) == expected and not official.vetoed


def test_a_precision_the_marks_do_not_fit_is_rounded_alike(client, login, db, build):
    world = _world(build, places=1)
    login(world["judge"])
    marks = dict(BONUS_ONLY_SHEET, speed="9.25")  # 24.75 + 5 = 29.75 -> 29.8 (half up)
    running = _mark_on_the_tablet(client, world, marks)
    assert Decimal(running["total"]) == Decimal("29.75") and running["total_text"] == "29.8"
    assert _shown_total(client, world) == "29.8"
    assert str(_official(client, db, world).total) == "29.8"


def test_a_veto_on_the_tablet_is_a_veto_in_the_results(client, login, db, build):
    world = _world(build)
    login(world["judge"])
    running = _mark_on_the_tablet(client, world, dict(BONUS_ONLY_SHEET, veto="1"),
                                  veto_reason="操作失误")
    assert running["vetoed"] is True and running["total_text"] == "29.50"
    official = _official(client, db, world)
    assert official.vetoed and not official.rankable
    assert any("操作失误" in finding.reason for finding in official.vetoes)


def _veto_tag(page: str) -> str:
    return re.search(r'<span id="vetoed"[^>]*>', page).group(0)


@pytest.mark.parametrize("veto", [True, False])
def test_the_veto_tag_shows_only_when_a_veto_is_marked(client, login, build, veto):
    world = _world(build, veto=veto)
    login(world["judge"])
    fresh = client.get(_sheet_url(world)).get_data(as_text=True)
    assert " hidden" in _veto_tag(fresh)
    assert '<strong id="total">0.00</strong>' in fresh
    _mark_on_the_tablet(client, world, BONUS_ONLY_SHEET)
    assert " hidden" in _veto_tag(client.get(_sheet_url(world)).get_data(as_text=True))
    if veto:
        _mark_on_the_tablet(client, world, {"veto": "1"})
        page = client.get(_sheet_url(world)).get_data(as_text=True)
        assert "hidden" not in _veto_tag(page)


def test_an_item_whose_parent_is_for_another_event_counts_at_the_top(client, login, db, build):
    # A parent line kept for another event leaves its sub-item at the top of this event's
    # sheet: the tablet shows it there, and both totals count it there.
    world = _world(build)
    other = build.event(world["stage"].contest, name="前厅服务")
    parent = build.criterion(world["component"], name="前厅礼仪", max_points=Decimal(10),
                             event_id=other.id, position=5)
    world["items"]["extra"] = build.criterion(world["component"], name="微笑服务",
                                              max_points=Decimal(4), parent_id=parent.id,
                                              position=1, step=Decimal(1))
    login(world["judge"])
    running = _mark_on_the_tablet(client, world, dict(BONUS_ONLY_SHEET, extra="3"))
    assert running["total_text"] == "32.50"
    assert str(_official(client, db, world).total) == "32.50"
