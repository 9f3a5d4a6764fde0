"""Blind marking: a judge reaches an entry by an opaque code that holds for one panel, never
by the id of the entry's public page; the chief's audit page names only the panel's own
members."""
import re

from sqlalchemy import func, select

from contests.models import Mark
from contests.services import audit
from contests.services.judging import access, signoff


def _links(page: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', page) + re.findall(r'action="([^"]+)"', page)


def _sheet_links(page: str, panel_id: int) -> list[str]:
    return [link for link in _links(page) if link.startswith(f"/judging/panels/{panel_id}/entries/")]


def _address(link: str) -> str:
    """What names the entry in a sheet's link."""
    return link.split("/entries/", 1)[1].split("/", 1)[0]


def _second_panel(build, venue):
    """Another panel marking the same entries (another rater group), with 外组裁判 on it
    and 甲裁判 on both."""
    group = build.rater_group(venue["component"], name="专家组")
    other = build.panel(venue["stage"], venue["event"], venue["component"], group, name="客房二组")
    build.panel_judge(other, venue["outsider"])
    build.panel_judge(other, venue["judge"])
    return other


def test_sheet_links_carry_a_code_not_the_entry_id(client, login, venue):
    panel, entries = venue["panel"], venue["entries"]
    login(venue["judge"])
    listing = client.get(f"/judging/panels/{panel.id}/").get_data(as_text=True)
    home = client.get("/judging/").get_data(as_text=True)
    links = _sheet_links(listing, panel.id) + _sheet_links(home, panel.id)
    assert len(links) == len(entries) + 1
    ids = {str(e.id) for e in entries}
    for link in links:
        assert _address(link) not in ids and len(_address(link)) >= 8
    # the sheet opens at its code; its submit form and script data use the code too
    sheet = client.get(links[0]).get_data(as_text=True)
    code = _address(links[0])
    assert f'"entry": "{code}"' in sheet
    assert f"/entries/{code}/sheet" in sheet
    # its own form, and the next entry's sheet (by its code too)
    codes = {access.entry_code(panel.id, e.id) for e in entries}
    on_sheet = [_address(link) for link in _sheet_links(sheet, panel.id)]
    assert code in on_sheet and set(on_sheet) <= codes and not set(on_sheet) & ids


def test_the_public_entry_id_in_a_sheet_url_is_not_found(client, login, venue):
    panel, entry = venue["panel"], venue["entries"][0]
    login(venue["judge"])
    assert client.get(f"/judging/panels/{panel.id}/entries/{entry.id}/").status_code == 404
    assert client.get(f"/judging/api/panels/{panel.id}/entries/{entry.id}/sheet").status_code == 404
    assert client.post(f"/judging/panels/{panel.id}/entries/{entry.id}/submit").status_code == 404
    for other in ("é" * 10, "%00" * 10, "x" * 10, "1" * 30):  # not a code: not found either
        assert client.get(f"/judging/panels/{panel.id}/entries/{other}/").status_code == 404
    code = access.entry_code(panel.id, entry.id)
    assert client.get(f"/judging/panels/{panel.id}/entries/{code}/").status_code == 200


def test_a_change_addressed_by_the_raw_entry_id_is_refused(client, login, db, venue, change):
    answer = change(venue["judge"], venue["manner"], "7", address=venue["entries"][0].id)
    assert answer.status == 404
    for address in (str(venue["entries"][0].id), "é" * 10, ["x"], {"id": 1}, 1e309):
        assert change(venue["judge"], venue["manner"], "7", address=address).status == 404
    login(venue["judge"])
    response = client.post("/judging/api/changes", json={
        "key": "raw-id-0001", "panel": venue["panel"].id, "entry": venue["entries"][0].id,
        "kind": "mark", "criterion": venue["manner"].id, "value": "7", "base_version": 0})
    assert response.status_code == 404
    assert db.session.scalar(select(func.count(Mark.id))) == 0
    assert change(venue["judge"], venue["manner"], "7").status == 200


def test_a_code_from_another_panel_is_refused(client, login, db, build, venue, change):
    other = _second_panel(build, venue)
    entry = venue["entries"][0]
    theirs = access.entry_code(other.id, entry.id)
    assert theirs != access.entry_code(venue["panel"].id, entry.id)
    answer = change(venue["judge"], venue["manner"], "7", address=theirs)
    assert answer.status == 404
    assert db.session.scalar(select(func.count(Mark.id))) == 0
    login(venue["judge"])
    assert client.get(f"/judging/panels/{venue['panel'].id}/entries/{theirs}/").status_code == 404
    assert client.get(f"/judging/panels/{other.id}/entries/{theirs}/").status_code == 200


def test_the_audit_page_names_only_members_of_the_panel(client, login, db, build, venue,
                                                         change):
    organizer = build.user("organizer", display_name="王主办")
    _second_panel(build, venue)
    change(venue["judge"], venue["manner"], "7")
    sheet_id = change(venue["judge"], venue["speed"], "8").body["state"]["sheet"]
    for who, action in ((organizer, "reopen"), (venue["outsider"], "comment")):
        audit.record(action, entity="score_sheets", entity_id=sheet_id,
                     contest_id=venue["contest"].id, old={}, new={}, user=who)
    db.session.commit()
    login(venue["chief"])
    base = f"/judging/panels/{venue['panel'].id}/audit?lang=en"
    page = client.get(base).get_data(as_text=True)
    assert "甲裁判" in page  # a member of the panel is named
    assert "王主办" not in page and "外组裁判" not in page
    assert "Organizer" in page and "Judge" in page
    assert f"#{venue['entries'][0].id}" not in page and "Draw No. 1" in page
    # an account's id in the judge filter does not print its name
    for stranger in (organizer, venue["outsider"]):
        response = client.get(f"{base}&judge={stranger.id}")
        assert response.status_code == 404
        assert stranger.display_name not in response.get_data(as_text=True)
    # the entry filter takes the panel's code, not the entry id
    code = access.entry_code(venue["panel"].id, venue["entries"][0].id)
    assert client.get(f"{base}&entry={code}").status_code == 200
    assert client.get(f"{base}&entry={venue['entries'][0].id}").status_code == 404


def test_the_chiefs_pages_link_the_trail_by_code(client, login, venue, change):
    change(venue["judge"], venue["manner"], "7")
    panel, entry = venue["panel"], venue["entries"][0]
    login(venue["chief"])
    progress = client.get(f"/judging/panels/{panel.id}/progress").get_data(as_text=True)
    trail = [link for link in _links(progress) if "/audit?" in link]
    assert trail and all(f"entry={entry.id}&" not in link + "&" for link in trail)
    history = next(link for link in trail if access.entry_code(panel.id, entry.id) in link)
    page = client.get(history.replace("&amp;", "&") + "&lang=en").get_data(as_text=True)
    assert "Draw No. 1" in page and "甲裁判" in page
    assert client.get(f"/judging/panels/{panel.id}/consistency").status_code == 200


def test_flagged_sheets_show_the_draw_number_and_link_by_code(client, login, venue, change):
    panel, entry = venue["panel"], venue["entries"][0]
    for judge, (a, b) in ((venue["judge"], ("8", "8")), (venue["chief"], ("8.5", "8")),
                          (venue["conflicted"], ("2", "1"))):
        change(judge, venue["manner"], a)
        change(judge, venue["speed"], b)
        signoff.submit(access.seat(judge, panel.id), entry.id)
    login(venue["chief"])
    page = client.get(f"/judging/panels/{panel.id}/consistency?lang=en").get_data(as_text=True)
    assert 'class="flagged"' in page and "Draw No. 1" in page
    assert f"#{entry.id}<" not in page
    assert f"entry={access.entry_code(panel.id, entry.id)}" in page
