"""A judge who signs in reaches every panel from the home page, sees how far they are,
and is led to the next entry not yet submitted."""
import re

from contests.services.judging import signoff
from contests.services.judging.access import Seat, entry_code


def _links(page: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', page)


def test_home_links_each_panel_and_the_next_entry(client, login, venue):
    login(venue["judge"])
    page = client.get("/judging/").get_data(as_text=True)
    panel = venue["panel"]
    assert f"/judging/panels/{panel.id}/" in _links(page)
    first = venue["entries"][0]
    assert f"/judging/panels/{panel.id}/entries/{entry_code(panel.id, first.id)}/" in _links(page)
    assert "0 of 3 sheets submitted" in client.get("/judging/?lang=en").get_data(as_text=True)
    # the panel link is followed to a page listing the entries
    assert client.get(f"/judging/panels/{panel.id}/").status_code == 200


def test_next_entry_moves_on_after_a_submit(app, client, login, venue, change):
    judge, entries, panel = venue["judge"], venue["entries"], venue["panel"]
    for criterion, value in ((venue["manner"], "8"), (venue["speed"], "9"),
                             (venue["bonus"], "1"), (venue["veto"], "0")):
        change(judge, criterion, value, entry=0)
    with app.test_request_context("/?lang=en"):
        signoff.submit(Seat(panel, judge, False), entries[0].id, device="test")
    login(judge)
    page = client.get("/judging/?lang=en").get_data(as_text=True)
    assert "1 of 3 sheets submitted" in page
    assert f"/judging/panels/{panel.id}/entries/{entry_code(panel.id, entries[1].id)}/" \
        in _links(page)
    assert f"/judging/panels/{panel.id}/entries/{entry_code(panel.id, entries[0].id)}/" \
        not in _links(page)


def test_a_judge_sees_only_their_own_panels_and_the_conflicted_count(client, login, venue):
    login(venue["outsider"])
    page = client.get("/judging/?lang=en").get_data(as_text=True)
    assert venue["panel"].name not in page
    assert "You are not assigned to any panel yet." in page
    # 乙裁判 shares a unit with 选手2 and declared 选手3's delegation: one entry to mark
    login(venue["conflicted"])
    page = client.get("/judging/?lang=en").get_data(as_text=True)
    assert "0 of 1 sheets submitted" in page


def test_chief_home_links_the_panel_progress(client, login, venue):
    login(venue["chief"])
    page = client.get("/judging/").get_data(as_text=True)
    assert f"/judging/panels/{venue['panel'].id}/progress" in _links(page)
