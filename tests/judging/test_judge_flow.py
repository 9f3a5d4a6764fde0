"""The judge's way through a panel and the chief judge's powers: on to the next entry after
a submit, the chief's reason on a reopened sheet, a chief judge who chairs without marking,
judging closed until the organizer opens it, and confirming a panel's sheets at once."""
import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from contests.models import AuditEntry, PanelJudge, ScoreSheet, Stage
from contests.services.judging import access, home, opening, progress, signoff


def _code(venue, entry: int) -> str:
    return access.entry_code(venue["panel"].id, venue["entries"][entry].id)


def _sheet_url(venue, entry: int) -> str:
    return f"/judging/panels/{venue['panel'].id}/entries/{_code(venue, entry)}/"


def _fill(change, venue, judge, entry: int, manner="8", speed="9"):
    assert change(judge, venue["manner"], manner, entry=entry).status == 200
    assert change(judge, venue["speed"], speed, entry=entry).status == 200


def _submit(client, venue, entry: int):
    return client.post(_sheet_url(venue, entry) + "submit?lang=en")


def _statuses(db, panel_id) -> dict:
    db.session.expire_all()
    return {(s.entry_id, s.judge_id): s.status for s in db.session.scalars(
        select(ScoreSheet).where(ScoreSheet.panel_id == panel_id))}


# 1. On to the next entry ------------------------------------------------------------

def test_a_submit_leads_to_the_next_entry_still_to_mark_then_to_all_done(
        client, login, venue, change):
    judge = venue["judge"]
    for entry in (0, 1, 2):
        _fill(change, venue, judge, entry)
    login(judge)
    # the second entry first: on to the third, the next one in panel order
    answer = _submit(client, venue, 1)
    assert answer.status_code == 302 and answer.location.endswith(_sheet_url(venue, 2))
    # the third: nothing after it, so back to the top, where the first is still open
    answer = _submit(client, venue, 2)
    assert answer.location.endswith(_sheet_url(venue, 0))
    page = client.get(answer.location + "?lang=en").get_data(as_text=True)
    assert "Here is the next entry to mark." in page
    # the last one: the panel page says every sheet is done
    answer = _submit(client, venue, 0)
    assert answer.location.endswith(f"/judging/panels/{venue['panel'].id}/")
    page = client.get(answer.location + "?lang=en").get_data(as_text=True)
    assert 'id="all-done"' in page and "All done" in page
    assert "Every sheet of yours on this panel is submitted." in page


def test_the_panel_page_is_not_all_done_while_a_sheet_is_open(client, login, venue, change):
    _fill(change, venue, venue["judge"], 0)
    login(venue["judge"])
    assert _submit(client, venue, 0).location.endswith(_sheet_url(venue, 1))
    page = client.get(f"/judging/panels/{venue['panel'].id}/").get_data(as_text=True)
    assert 'id="all-done"' not in page


def test_the_sheet_links_the_previous_and_next_entries(client, login, venue):
    login(venue["judge"])
    first = client.get(_sheet_url(venue, 0)).get_data(as_text=True)
    assert 'id="previous-entry"' not in first
    code, url = re.escape(_code(venue, 1)), re.escape(_sheet_url(venue, 1))
    pattern = f'id="next-entry" data-entry-code="{code}" href="[^"]*{url}"'
    assert re.search(pattern, first)
    middle = client.get(_sheet_url(venue, 1)).get_data(as_text=True)
    assert f'id="previous-entry" data-entry-code="{_code(venue, 0)}"' in middle
    assert f'id="next-entry" data-entry-code="{_code(venue, 2)}"' in middle
    last = client.get(_sheet_url(venue, 2)).get_data(as_text=True)
    assert 'id="next-entry"' not in last


def test_next_and_previous_skip_entries_the_judge_recuses_from(app, venue):
    # 乙裁判 marks only the first entry (a shared unit, a declared delegation)
    with app.test_request_context():
        found = access.seat(venue["conflicted"], venue["panel"].id)
        assert home.neighbours(found, venue["entries"][0].id) == (None, None)
        assert home.next_open(found, venue["entries"][0].id) is None


# 2. The chief's reason on a reopened sheet -------------------------------------------

def test_a_reopened_sheet_shows_the_chief_judges_reason(client, login, db, venue, change):
    _fill(change, venue, venue["judge"], 0)
    login(venue["judge"])
    _submit(client, venue, 0)
    sheet = db.session.scalar(select(ScoreSheet).where(
        ScoreSheet.judge_id == venue["judge"].id))
    login(venue["chief"])
    answer = client.post(f"/judging/panels/{venue['panel'].id}/sheets/{sheet.id}/reopen",
                         data={"reason": "礼仪分与录像不符"})
    assert answer.status_code == 302
    login(venue["judge"])
    page = client.get(_sheet_url(venue, 0) + "?lang=en").get_data(as_text=True)
    block = re.search(r'<div id="reopen-reason".*?</div>', page, re.S)
    assert block and "礼仪分与录像不符" in block.group(0)
    assert "The chief judge reopened this sheet." in block.group(0)
    listing = client.get(f"/judging/panels/{venue['panel'].id}/?lang=en").get_data(as_text=True)
    code = re.escape(_code(venue, 0))
    pattern = f'<li data-entry-code="{code}" data-status="reopened">.*?</li>'
    item = re.search(pattern, listing, re.S)
    assert item and "Reopened" in item.group(0) and "礼仪分与录像不符" in item.group(0)
    # once submitted again the note is gone: the sheet is no longer reopened
    _submit(client, venue, 0)
    page = client.get(_sheet_url(venue, 0)).get_data(as_text=True)
    assert 'id="reopen-reason"' not in page
    listing = client.get(f"/judging/panels/{venue['panel'].id}/").get_data(as_text=True)
    assert 'data-status="reopened"' not in listing


def test_another_judges_reopened_sheet_is_not_shown(client, login, db, venue, change):
    chief = access.chief_seat(venue["chief"], venue["panel"].id)
    _fill(change, venue, venue["conflicted"], 0)
    signoff.submit(access.seat(venue["conflicted"], venue["panel"].id), venue["entries"][0].id)
    sheet = db.session.scalar(select(ScoreSheet))
    signoff.reopen(chief, sheet.id, "重新核对")
    login(venue["judge"])
    assert "重新核对" not in client.get(_sheet_url(venue, 0)).get_data(as_text=True)
    assert signoff.reopen_notes(venue["panel"].id, venue["conflicted"].id)[
        venue["entries"][0].id].reason == "重新核对"


# 4. A chief judge who chairs without marking -----------------------------------------

@pytest.fixture
def non_marking_chief(db, venue):
    seat = db.session.scalar(select(PanelJudge).where(PanelJudge.user_id == venue["chief"].id))
    seat.marks = False
    db.session.commit()
    return venue["chief"]


def test_a_non_marking_chief_is_not_counted_as_not_started(
        app, client, login, db, venue, change, non_marking_chief, organizer):
    for entry in (0, 1, 2):
        _fill(change, venue, venue["judge"], entry)
    _fill(change, venue, venue["conflicted"], 0)
    shown = progress.panel_progress(venue["panel"])
    # 甲 marks three entries, 乙 one: four sheets, every one in draft, none missing
    assert shown.expected == 4 and shown.counts["missing"] == 0
    assert non_marking_chief.id not in {j.id for j in shown.judges}
    assert [j.id for j in shown.non_marking] == [non_marking_chief.id]
    expected = access.expected_sheets(venue["stage"], venue["event"])
    assert expected == {venue["entries"][0].id: 2, venue["entries"][1].id: 1,
                        venue["entries"][2].id: 1}
    page = client.get(f"/organizer/contests/{venue['contest'].id}/judging?lang=en")
    text = page.get_data(as_text=True)
    assert "0 not started, of 4 sheets" in text and "Chairs without marking: 裁判长." in text
    login(non_marking_chief)
    home_page = client.get("/judging/?lang=en").get_data(as_text=True)
    assert "You chair this panel without marking." in home_page
    assert "sheets submitted" not in home_page


def test_a_non_marking_chief_is_refused_a_sheet_but_keeps_the_chiefs_powers(
        client, login, db, venue, change, non_marking_chief):
    login(non_marking_chief)
    page = client.get(_sheet_url(venue, 0) + "?lang=en")
    assert page.status_code == 403
    assert "You chair this panel without marking" in page.get_data(as_text=True)
    listing = client.get(f"/judging/panels/{venue['panel'].id}/?lang=en").get_data(as_text=True)
    assert 'id="not-marking"' in listing and _code(venue, 0) not in listing
    answer = change(non_marking_chief, venue["manner"], "8")
    assert answer.status == 403 and answer.body["error"] == "not_marking"
    assert db.session.scalar(select(func.count(ScoreSheet.id))) == 0
    # still the chief: confirms and reopens the judges' sheets
    _fill(change, venue, venue["judge"], 0)
    signoff.submit(access.seat(venue["judge"], venue["panel"].id), venue["entries"][0].id)
    sheet = db.session.scalar(select(ScoreSheet))
    base = f"/judging/panels/{venue['panel'].id}/sheets/{sheet.id}"
    assert client.post(base + "/confirm").status_code == 302
    assert _statuses(db, venue["panel"].id)[(sheet.entry_id, sheet.judge_id)] == "confirmed"
    assert client.post(base + "/reopen", data={"reason": "复核"}).status_code == 302
    assert _statuses(db, venue["panel"].id)[(sheet.entry_id, sheet.judge_id)] == "draft"


def test_the_organizer_sets_a_non_marking_chief_only(client, organizer, db, venue):
    members = {m.user_id: m for m in venue["panel"].judges}
    url = (f"/organizer/contests/{venue['contest'].id}/panels/{venue['panel'].id}/judges"
           "?lang=en")
    from tests.organizer.rows import rows

    def row(user, **extra):
        return dict({"id": str(members[user.id].id), "user_id": str(user.id)}, **extra)

    page = client.post(url, data=rows(row(venue["chief"], is_chief="y"),
                                      row(venue["judge"], non_marking="y"),
                                      row(venue["conflicted"])))
    assert "Only the chief judge may chair without marking." in page.get_data(as_text=True)
    db.session.expire_all()
    assert all(m.marks for m in db.session.scalars(select(PanelJudge)))
    answer = client.post(url, data=rows(row(venue["chief"], is_chief="y", non_marking="y"),
                                        row(venue["judge"]), row(venue["conflicted"])))
    assert answer.status_code == 302
    db.session.expire_all()
    assert {m.user_id: m.marks for m in db.session.scalars(select(PanelJudge))} == {
        venue["chief"].id: False, venue["judge"].id: True, venue["conflicted"].id: True}
    grid = client.get(url).get_data(as_text=True)
    assert "Chairs without marking" in grid


def test_a_chief_who_has_marked_stays_a_marking_judge(client, organizer, db, venue, change):
    _fill(change, venue, venue["chief"], 0)
    members = {m.user_id: m for m in venue["panel"].judges}
    url = (f"/organizer/contests/{venue['contest'].id}/panels/{venue['panel'].id}/judges"
           "?lang=en")
    from tests.organizer.rows import rows
    data = rows(*({"id": str(members[u.id].id), "user_id": str(u.id), **extra} for u, extra in (
        (venue["chief"], {"is_chief": "y", "non_marking": "y"}), (venue["judge"], {}),
        (venue["conflicted"], {}))))
    page = client.post(url, data=data).get_data(as_text=True)
    assert "This judge has already marked on this panel." in page
    db.session.expire_all()
    assert all(m.marks for m in db.session.scalars(select(PanelJudge)))


# 5. Judging closed until the organizer opens it --------------------------------------

@pytest.fixture
def closed(db, venue):
    stage = db.session.get(Stage, venue["stage"].id)
    stage.judging_opened_at = None
    db.session.commit()
    return stage


def test_before_judging_is_opened_judges_see_their_panel_but_cannot_mark(
        client, login, db, venue, change, closed):
    assert not opening.is_open(closed)
    login(venue["judge"])
    home_page = client.get("/judging/?lang=en").get_data(as_text=True)
    assert venue["panel"].name in home_page and "Judging not opened yet" in home_page
    listing = client.get(f"/judging/panels/{venue['panel'].id}/?lang=en")
    text = listing.get_data(as_text=True)
    assert listing.status_code == 200 and 'id="judging-closed"' in text
    assert "Judging of this stage has not been opened yet" in text
    assert f'href="{_sheet_url(venue, 0)}"' not in text  # nothing to open yet
    # a sheet's address leads back to the panel page, which says why
    answer = client.get(_sheet_url(venue, 0))
    assert answer.status_code == 302
    assert answer.location.endswith(f"/judging/panels/{venue['panel'].id}/")
    # the tablet's API refuses a mark with the same reason, and nothing is written
    refused = change(venue["judge"], venue["manner"], "8")
    assert refused.status == 409 and refused.body["error"] == "judging_closed"
    assert "not been opened yet" in refused.body["message"]
    api = client.get(f"/judging/api/panels/{venue['panel'].id}/entries/{_code(venue, 0)}/sheet"
                     "?lang=en")
    assert api.status_code == 409 and api.get_json()["error"] == "judging_closed"
    assert _submit(client, venue, 0).status_code == 302
    assert db.session.scalar(select(func.count(ScoreSheet.id))) == 0


def test_the_organizer_opens_judging_and_judges_mark(
        client, login, db, venue, change, closed, organizer):
    contest_id = venue["contest"].id
    page = client.get(f"/organizer/contests/{contest_id}/judging?lang=en").get_data(as_text=True)
    assert f'id="open-judging-{closed.id}"' in page and "Judging not opened yet" in page
    url = f"/organizer/contests/{contest_id}/judging/stages/{closed.id}/open"
    assert client.get(url).status_code == 405  # a POST only
    answer = client.post(url)
    assert answer.status_code == 302
    db.session.expire_all()
    stage = db.session.get(Stage, closed.id)
    assert opening.is_open(stage)
    row = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "open_judging"))
    assert row.entity == "stages" and row.entity_id == stage.id and row.user_id == organizer.id
    page = client.get(f"/organizer/contests/{contest_id}/judging?lang=en").get_data(as_text=True)
    assert f'id="open-judging-{closed.id}"' not in page and "Judging open since" in page
    # opening twice changes nothing
    opened_at = stage.judging_opened_at
    assert client.post(url + "?lang=en").status_code == 302
    db.session.expire_all()
    assert db.session.get(Stage, closed.id).judging_opened_at == opened_at
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "open_judging")) == 1
    assert change(venue["judge"], venue["manner"], "8").status == 200


def test_an_organizer_of_another_contest_cannot_open_judging(client, login, db, build, venue,
                                                             closed):
    outsider = build.user("organizer", runs_contests=False)
    login(outsider)
    url = f"/organizer/contests/{venue['contest'].id}/judging/stages/{closed.id}/open"
    assert client.post(url).status_code == 404
    other = build.contest()
    member = build.user("organizer")
    login(member)
    # a stage of another contest through this contest's address: not found
    assert client.post(f"/organizer/contests/{other.id}/judging/stages/{closed.id}/open"
                       ).status_code == 404
    db.session.expire_all()
    assert not opening.is_open(db.session.get(Stage, closed.id))


# 6. Confirming a panel's submitted sheets at once ------------------------------------

@pytest.fixture
def four_sheets(db, build, venue, change):
    """A fourth judge on the panel; on the first entry the chief, 甲 and 乙 submit 17 and
    丁 strays to 13 (the threshold is 2 points: 10% of 20); on the second 甲 and 丁 submit
    alike; 甲's third stays a draft."""
    fourth = build.user("judge", display_name="丁裁判")
    build.panel_judge(venue["panel"], fourth)
    panel_id = venue["panel"].id
    for judge, entry, manner, speed in ((venue["chief"], 0, "8.5", "8.5"),
                                        (venue["judge"], 0, "8", "9"),
                                        (venue["conflicted"], 0, "8.5", "8.5"),
                                        (fourth, 0, "6.5", "6.5"),
                                        (venue["judge"], 1, "7", "7"),
                                        (fourth, 1, "7", "7.5")):
        _fill(change, venue, judge, entry, manner, speed)
        signoff.submit(access.seat(judge, panel_id), venue["entries"][entry].id)
    _fill(change, venue, venue["judge"], 2)
    return fourth


def test_confirm_all_skips_flagged_sheets_and_confirms_the_rest(
        client, login, db, venue, four_sheets):
    panel_id = venue["panel"].id
    login(venue["chief"])
    progress_page = client.get(f"/judging/panels/{panel_id}/progress?lang=en")
    assert 'id="confirm-all"' in progress_page.get_data(as_text=True)
    page = client.post(f"/judging/panels/{panel_id}/confirm-all?lang=en")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    first, second, third = (e.id for e in venue["entries"])
    judge, conflicted, chief = venue["judge"].id, venue["conflicted"].id, venue["chief"].id
    # 丁 on the first entry: 13 against the others' mean of 17
    assert _statuses(db, panel_id) == {
        (first, chief): "confirmed",
        (first, judge): "confirmed", (first, conflicted): "confirmed",
        (first, four_sheets.id): "submitted",
        (second, judge): "confirmed", (second, four_sheets.id): "confirmed",
        (third, judge): "draft"}
    assert "5 sheets confirmed, 1 left submitted." in text
    skipped = re.search(r'<ul id="skipped-list">.*?</ul>', text, re.S).group(0)
    assert "丁裁判" in skipped and "flagged by the consistency check" in skipped
    assert "13.00" in skipped and "17.00" in skipped and "-4.00" in skipped
    confirmed = re.search(r'<ul id="confirmed-list">.*?</ul>', text, re.S).group(0)
    assert confirmed.count("<li data-sheet=") == 5 and "丁裁判" in confirmed  # second entry
    rows = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "confirm")).all()
    assert len(rows) == 5 and all(r.user_id == venue["chief"].id for r in rows)
    # again: nothing left to confirm but the flagged sheet, still explained
    text = client.post(f"/judging/panels/{panel_id}/confirm-all?lang=en").get_data(as_text=True)
    assert "0 sheets confirmed, 1 left submitted." in text
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "confirm")) == 5


def test_confirm_all_changes_nothing_on_a_panel_the_chief_does_not_chair(
        client, login, db, build, venue, four_sheets):
    panel_id = venue["panel"].id
    before = _statuses(db, panel_id)
    login(venue["judge"])  # on the panel, not its chief
    assert client.post(f"/judging/panels/{panel_id}/confirm-all").status_code == 403
    other_chief = build.user("chief_judge")
    group = build.rater_group(venue["component"], name="专家组")
    other = build.panel(venue["stage"], venue["event"], venue["component"], group, name="二组")
    build.panel_judge(other, other_chief, is_chief=True)
    login(other_chief)  # the chief of another panel
    assert client.post(f"/judging/panels/{panel_id}/confirm-all").status_code == 404
    assert _statuses(db, panel_id) == before
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "confirm")) == 0


def test_flagged_sheets_are_those_the_consistency_page_flags(venue, four_sheets):
    from contests.services.judging import consistency
    flags, threshold = consistency.flagged_sheets(venue["panel"])
    assert threshold == Decimal(2)
    assert set(flags) == {(venue["entries"][0].id, four_sheets.id)}


def test_the_demo_opens_judging_of_the_stages_it_marks(db):
    from contests.services.demo.loader import load_all
    from contests.services.demo.marking import stage_has_sheets

    load_all(only=("UNION2026",))
    stages = db.session.scalars(select(Stage)).all()
    assert stages and all(stage_has_sheets(s) for s in stages)
    assert all(opening.is_open(s) for s in stages)
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "open_judging")) == len(stages)
