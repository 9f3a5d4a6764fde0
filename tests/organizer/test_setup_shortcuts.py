"""Set-up in few saves: all events of a contest in one grid, and a new component arrives
with one rater group holding all the weight, so panels can be formed at once."""
from decimal import Decimal

from sqlalchemy import func, select

from contests.models import Component, Event, RaterGroup
from tests.organizer.rows import rows


def test_events_are_entered_in_one_grid(client, organizer, db, build):
    contest = build.contest()
    url = f"/organizer/contests/{contest.id}/events/grid"
    page = client.get(url)
    assert page.status_code == 200
    data = rows({"code": "FD", "name": "前厅服务"}, {"code": "HK", "name": "客房服务"})
    assert client.post(url, data=data).status_code == 302
    events = db.session.execute(select(Event.position, Event.code, Event.name)
                                .order_by(Event.position)).all()
    assert [tuple(e) for e in events] == [(1, "FD", "前厅服务"), (2, "HK", "客房服务")]


def test_an_event_named_twice_saves_nothing(client, organizer, db, build):
    contest = build.contest()
    url = f"/organizer/contests/{contest.id}/events/grid?lang=en"
    page = client.post(url, data=rows({"name": "前厅服务"}, {"name": "前厅服务"}))
    assert "The name “前厅服务” is used twice." in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Event.id))) == 0


def test_a_new_component_comes_with_one_rater_group(client, organizer, db, build):
    stage = build.stage(build.contest())
    url = f"/organizer/contests/{stage.contest_id}/stages/{stage.id}/components"
    data = rows({"name": "理论", "position": "1", "weight": "30", "max_score": "100"},
                {"name": "实操", "position": "2", "weight": "70", "max_score": "100"})
    assert client.post(url, data=data).status_code == 302
    groups = db.session.execute(
        select(Component.name, RaterGroup.name, RaterGroup.weight)
        .join(RaterGroup, RaterGroup.component_id == Component.id).order_by(Component.position)).all()
    assert [tuple(g) for g in groups] == [("理论", "评委组", Decimal(100)),
                                          ("实操", "评委组", Decimal(100))]


def _new_contest(**extra):
    data = {"code": "HOTEL2027", "name": "2027年饭店服务技能竞赛", "year": "2027",
            "decimal_places": "2", "rounding_point": "final", "missing_group_policy": "refuse"}
    data.update(extra)
    return data


def test_a_new_contest_is_created_with_its_events_and_stages(client, organizer, db):
    from contests.models import Contest, Stage

    page = client.post("/organizer/contests/new", data=_new_contest(
        event_names="前厅服务\n\n 客房服务 \n", stage_names="初赛\n决赛"))
    contest = db.session.scalar(select(Contest))
    assert page.status_code == 302
    assert page.headers["Location"].endswith(f"/organizer/contests/{contest.id}/")
    assert [(e.position, e.name) for e in contest.events] == [(1, "前厅服务"), (2, "客房服务")]
    stages = db.session.execute(select(Stage.position, Stage.name, Stage.judging_opened_at)
                                .order_by(Stage.position)).all()
    assert [tuple(s) for s in stages] == [(1, "初赛", None), (2, "决赛", None)]


def test_a_name_given_twice_creates_nothing(client, organizer, db):
    from contests.models import Contest

    page = client.post("/organizer/contests/new?lang=en",
                       data=_new_contest(event_names="前厅服务\n前厅服务"))
    assert "A name appears twice." in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Contest.id))) == 0
