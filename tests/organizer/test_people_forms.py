"""Delegations, contestants and entries."""
from datetime import date

from sqlalchemy import func, select

from contests.models import Contestant, Delegation, Entry, Heat


def test_contestant_saved_with_delegation(client, organizer, db, build):
    contest = build.contest()
    delegation = build.delegation(contest, name="北京市代表队")
    data = {"bib": "A001", "name": "王喆", "unit": "北京饭店", "gender": "男",
            "delegation_id": str(delegation.id), "draw_number": "7"}
    assert client.post(f"/organizer/contests/{contest.id}/contestants/new",
                       data=data).status_code == 302
    person = db.session.scalar(select(Contestant))
    assert (person.name, person.delegation_id, person.draw_number) == (
        "王喆", delegation.id, 7)


def test_duplicate_bib_and_draw_refused(client, organizer, db, build):
    contest = build.contest()
    build.contestant(contest, bib="A001", draw_number=7)
    data = {"bib": "A001", "name": "李玥", "draw_number": "7"}
    page = client.post(f"/organizer/contests/{contest.id}/contestants/new?lang=en",
                       data=data).get_data(as_text=True)
    assert "Another contestant already has this bib." in page
    assert "Another contestant already drew this number." in page
    assert db.session.scalar(select(func.count(Contestant.id))) == 1


def test_delegation_of_another_contest_not_offered(client, organizer, db, build):
    contest, other = build.contest(), build.contest()
    foreign = build.delegation(other)
    data = {"bib": "A002", "name": "张堃", "delegation_id": str(foreign.id)}
    page = client.post(f"/organizer/contests/{contest.id}/contestants/new?lang=en", data=data)
    assert "Not a valid choice" in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Contestant.id))) == 0


def test_delegation_with_marked_members_cannot_be_deleted(client, organizer, db, build):
    world = build.scored_contest()
    url = (f"/organizer/contests/{world['contest'].id}/delegations/"
           f"{world['delegation'].id}/delete?lang=en")
    assert "cannot be deleted" in client.post(url, follow_redirects=True).get_data(as_text=True)
    assert db.session.get(Delegation, world["delegation"].id) is not None


def _entry(world, **extra):
    data = {"contestant_id": str(world["contestant"].id), "event_id": str(world["event"].id),
            "stage_id": str(world["stage"].id), "status": "registered"}
    data.update(extra)
    return data


def test_entry_in_a_heat_of_another_stage_refused(client, organizer, db, build):
    contest = build.contest()
    first, second = build.stage(contest), build.stage(contest)
    world = {"contestant": build.contestant(contest), "event": build.event(contest),
             "stage": first}
    heat = build.heat(second, name="第二阶段赛区")
    page = client.post(f"/organizer/contests/{contest.id}/entries/new?lang=en",
                       data=_entry(world, heat_id=str(heat.id))).get_data(as_text=True)
    assert "This heat belongs to another stage" in page
    assert db.session.scalar(select(func.count(Entry.id))) == 0


def test_withdrawal_needs_a_reason(client, organizer, db, build):
    contest = build.contest()
    world = {"contestant": build.contestant(contest), "event": build.event(contest),
             "stage": build.stage(contest)}
    url = f"/organizer/contests/{contest.id}/entries/new?lang=en"
    page = client.post(url, data=_entry(world, status="withdrawn")).get_data(as_text=True)
    assert "Say why the entry is withdrawn or disqualified." in page
    ok = client.post(url, data=_entry(world, status="withdrawn", status_reason="因病退赛"))
    assert ok.status_code == 302


def test_same_entry_twice_refused(client, organizer, db, build):
    world = build.scored_contest()
    page = client.post(f"/organizer/contests/{world['contest'].id}/entries/new?lang=en",
                       data=_entry(world)).get_data(as_text=True)
    assert "already entered in this event and stage" in page
    assert db.session.scalar(select(func.count(Entry.id))) == 1


def test_heat_date_outside_its_stage_refused(client, organizer, db, build):
    contest = build.contest()
    stage = build.stage(contest, starts_on=date(2026, 5, 1), ends_on=date(2026, 5, 3))
    data = {"stage_id": str(stage.id), "name": "广东赛区", "held_on": "2026-06-01"}
    page = client.post(f"/organizer/contests/{contest.id}/heats/new?lang=en", data=data)
    assert "The date lies outside its stage" in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Heat.id))) == 0
    data["held_on"] = "2026-05-02"
    assert client.post(f"/organizer/contests/{contest.id}/heats/new",
                       data=data).status_code == 302
