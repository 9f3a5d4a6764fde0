"""Who can read and write which sheet: only a panel's own judges, never a conflicted
entry, never a locked sheet — through the services and through the pages alike."""
from sqlalchemy import func, select

from contests.models import Mark
from contests.services.judging import access, signoff


def test_judge_of_another_panel_cannot_write(db, venue, change):
    answer = change(venue["outsider"], venue["manner"], "7")
    assert answer.status == 404
    assert db.session.scalar(select(func.count(Mark.id))) == 0


def test_conflicted_entries_are_neither_listed_nor_writable(db, venue, change):
    seat = access.seat(venue["conflicted"], venue["panel"].id)
    listed = {e.id for e in access.markable_entries(seat)}
    same_unit, same_delegation = venue["entries"][1].id, venue["entries"][2].id
    assert listed == {venue["entries"][0].id}
    assert same_unit not in listed and same_delegation not in listed
    for index in (1, 2):
        answer = change(venue["conflicted"], venue["manner"], "7", entry=index)
        assert answer.status == 403
    assert db.session.scalar(select(func.count(Mark.id))) == 0


def test_locked_sheet_refuses_changes(db, venue, change):
    for criterion, value in (("manner", "8"), ("speed", "9")):
        change(venue["judge"], venue[criterion], value)
    seat = access.seat(venue["judge"], venue["panel"].id)
    signoff.submit(seat, venue["entries"][0].id)
    answer = change(venue["judge"], venue["manner"], "1", base_version=1)
    assert answer.status == 409 and answer.body["error"] == "locked"
    assert db.session.scalar(select(Mark.value).where(Mark.criterion_id == venue["manner"].id)) == 8


def _sign_in(client, login, user):
    login(user)
    return client


def test_pages_enforce_the_same_rules(client, login, venue):
    panel = venue["panel"].id
    conflicted_entry = access.entry_code(panel, venue["entries"][1].id)
    _sign_in(client, login, venue["conflicted"])
    listing = client.get(f"/judging/panels/{panel}/").get_data(as_text=True)
    assert "K2" not in listing and "Draw No. 2" not in listing and "2号" not in listing
    assert client.get(f"/judging/panels/{panel}/entries/{conflicted_entry}/").status_code == 403
    assert client.get(
        f"/judging/api/panels/{panel}/entries/{conflicted_entry}/sheet").status_code == 403
    _sign_in(client, login, venue["outsider"])
    assert client.get(f"/judging/panels/{panel}/").status_code == 404
    first = access.entry_code(panel, venue["entries"][0].id)
    assert client.get(f"/judging/panels/{panel}/entries/{first}/").status_code == 404
    response = client.post("/judging/api/changes", json={
        "key": "outsider-0001", "panel": panel, "entry": first,
        "kind": "mark", "criterion": venue["manner"].id, "value": "7", "base_version": 0})
    assert response.status_code == 404


def test_marking_is_blind_unless_names_are_revealed(client, login, venue, db):
    login(venue["judge"])
    url = f"/judging/panels/{venue['panel'].id}/"
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "Draw No. 1" in page and "选手1" not in page
    venue["panel"].reveal_names = True
    db.session.commit()
    assert "选手1" in client.get(url).get_data(as_text=True)


def test_only_the_chief_judge_opens_panel_progress(client, login, venue):
    login(venue["judge"])
    assert client.get(f"/judging/panels/{venue['panel'].id}/progress").status_code == 403
    login(venue["chief"])
    assert client.get(f"/judging/panels/{venue['panel'].id}/progress").status_code == 200
