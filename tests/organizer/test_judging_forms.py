"""Panels, their judges and declared conflicts of interest."""
from sqlalchemy import func, select

from contests.models import Conflict, Panel, PanelJudge
from tests.organizer.rows import rows


def _panel(world, **extra):
    data = {"name": "实操评审一组", "stage_id": str(world["stage"].id),
            "event_id": str(world["event"].id), "component_id": str(world["component"].id),
            "rater_group_id": str(world["group"].id)}
    data.update(extra)
    return data


def test_panel_saved(client, organizer, db, build):
    world = build.scored_contest()
    url = f"/organizer/contests/{world['contest'].id}/panels/new"
    assert client.post(url, data=_panel(world)).status_code == 302
    assert db.session.scalar(select(func.count(Panel.id))) == 2


def test_panel_component_of_another_stage_refused(client, organizer, db, build):
    world = build.scored_contest()
    later = build.stage(world["contest"])
    other_component = build.component(later)
    url = f"/organizer/contests/{world['contest'].id}/panels/new?lang=en"
    page = client.post(url, data=_panel(world, component_id=str(other_component.id)))
    text = page.get_data(as_text=True)
    assert "This component belongs to another stage." in text
    assert "This rater group belongs to another component." in text
    assert db.session.scalar(select(func.count(Panel.id))) == 1


def test_one_chief_judge_per_panel(client, organizer, db, build):
    world = build.scored_contest()
    a, b = build.user("chief_judge"), build.user("judge")
    url = f"/organizer/contests/{world['contest'].id}/panels/{world['panel'].id}/judges?lang=en"
    data = rows({"id": str(world["panel_judge"].id), "user_id": str(world["judge"].id)},
                {"user_id": str(a.id), "is_chief": "y"}, {"user_id": str(b.id), "is_chief": "y"})
    assert "A panel has one chief judge." in client.post(url, data=data).get_data(as_text=True)
    assert db.session.scalar(select(func.count(PanelJudge.id))) == 1
    data = rows({"id": str(world["panel_judge"].id), "user_id": str(world["judge"].id)},
                {"user_id": str(a.id), "is_chief": "y"}, {"user_id": str(b.id)})
    assert client.post(url, data=data).status_code == 302
    chiefs = db.session.scalars(select(PanelJudge.user_id).where(PanelJudge.is_chief)).all()
    assert chiefs == [a.id]


def test_judge_listed_twice_refused(client, organizer, db, build):
    world = build.scored_contest()
    url = f"/organizer/contests/{world['contest'].id}/panels/{world['panel'].id}/judges?lang=en"
    data = rows({"id": str(world["panel_judge"].id), "user_id": str(world["judge"].id)},
                {"user_id": str(world["judge"].id)})
    assert "A judge is listed twice." in client.post(url, data=data).get_data(as_text=True)


def test_judge_with_marks_cannot_leave_panel(client, organizer, db, build):
    world = build.scored_contest()
    url = f"/organizer/contests/{world['contest'].id}/panels/{world['panel'].id}/judges?lang=en"
    data = rows({"id": str(world["panel_judge"].id), "user_id": str(world["judge"].id),
                 "remove": "y"})
    assert "cannot be deleted" in client.post(url, data=data).get_data(as_text=True)
    assert db.session.scalar(select(func.count(PanelJudge.id))) == 1


def test_conflict_must_name_someone(client, organizer, db, build):
    world = build.scored_contest()
    url = f"/organizer/contests/{world['contest'].id}/conflicts/new?lang=en"
    data = {"user_id": str(world["judge"].id), "reason": "亲属关系"}
    assert "Name a contestant, a delegation or a work unit." in client.post(
        url, data=data).get_data(as_text=True)
    data["contestant_id"] = str(world["contestant"].id)
    assert client.post(url, data=data).status_code == 302
    assert db.session.scalar(select(Conflict.contestant_id)) == world["contestant"].id
