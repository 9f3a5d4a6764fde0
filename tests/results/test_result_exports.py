"""Published standings, awards and grades download as spreadsheets with numbers as
numbers, headers in the reader's language."""
from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from contests.services.results import publication
from tests.results.scored import scored_contest


def test_standings_export_reads_the_published_version(client, login, build, db):
    world = scored_contest(build, db.session)
    organizer = build.user("organizer")
    login(organizer)
    url = f"/organizer/contests/{world['contest'].id}/exchange/export/standings?format=xlsx&lang=en"
    empty = load_workbook(BytesIO(client.get(url).data))
    assert "No results have been published yet." in str(empty.active["A2"].value)
    publication.publish(world["contest"], publicity_ends_on=date.today(), change_note=None,
                        user=organizer)
    sheet = load_workbook(BytesIO(client.get(url).data)).active
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["Stage", "Event", "Heat", "Rank", "Bib number", "Name"]
    first = [c.value for c in sheet[2]]
    assert first[3] == 1 and first[4] == "A1" and first[8] == 92  # a number, not text
    assert sheet.cell(row=2, column=9).number_format == "0.00"


def test_awards_export_lists_tiers_and_reasons(client, login, build, db):
    world = scored_contest(build, db.session)
    organizer = build.user("organizer")
    publication.publish(world["contest"], publicity_ends_on=date.today(), change_note=None,
                        user=organizer)
    login(organizer)
    url = f"/organizer/contests/{world['contest'].id}/exchange/export/awards?format=csv"
    text = client.get(url).data.decode("utf-8-sig")
    assert "一等奖" in text and "选手A1" in text and "quota" in text
