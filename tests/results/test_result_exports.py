"""Published standings, awards and grades download as spreadsheets with numbers as
numbers, headers in the reader's language."""
from datetime import date, datetime, timedelta
from io import BytesIO

from openpyxl import load_workbook

from contests.models import TeamStanding
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
    assert "一等奖" in text and "选手A1" in text
    # the reason in the export's language, not the core's English
    assert "一等奖：该奖项1个名额中的第1个（名次1）" in text and "quota" not in text


def test_provisional_standings_export_is_marked_provisional(client, login, build, db):
    world = scored_contest(build, db.session)
    organizer = build.user("organizer")
    login(organizer)
    base = f"/organizer/contests/{world['contest'].id}/exchange/export/provisional"
    response = client.get(f"{base}?format=xlsx&lang=zh_CN")
    assert response.status_code == 200
    assert "provisional" in response.headers["Content-Disposition"]
    book = load_workbook(BytesIO(response.data))
    assert book.sheetnames[0] == "暂定成绩"
    sheet = book["暂定成绩"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["成绩性质", "计算时间", "阶段"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows and all(row[0] == "暂定" for row in rows)
    computed = rows[0][1]
    assert isinstance(computed, datetime) and abs(
        computed - publication.to_local(publication.utc_now())) < timedelta(minutes=5)
    a1 = next(row for row in rows if row[6] == "A1")
    assert a1[5] == 1 and a1[10] == 92  # rank and total, numbers; nothing was published
    text = client.get(f"{base}?format=csv&lang=en").data.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Results,Computed at,Stage")
    assert all(line.startswith("PROVISIONAL,") for line in lines[1:])
    assert any(",A1,选手A1," in line for line in lines)


def test_provisional_export_carries_team_standings(client, login, build, db):
    world = scored_contest(build, db.session)
    db.session.add(TeamStanding(contest_id=world["contest"].id, stage_id=world["first"].id,
                                name="团体总分", team_aggregation="mean", min_members=1))
    db.session.commit()
    login(build.user("organizer"))
    url = (f"/organizer/contests/{world['contest'].id}/exchange/export/provisional"
           "?format=xlsx&lang=en")
    book = load_workbook(BytesIO(client.get(url).data))
    assert book.sheetnames == ["Provisional standings", "Provisional team standings"]
    team = [[c.value for c in row] for row in book["Provisional team standings"].iter_rows()]
    assert team[1][0] == "PROVISIONAL" and team[1][3] == "团体总分"
    # mean of 92, 86, 82, 77, 72, 67 = 476 / 6 = 79.33
    assert team[1][5:8] == [1, "广州市代表队", 79.33]


def test_provisional_team_export_says_why_a_delegation_is_not_ranked(client, login, build, db):
    world = scored_contest(build, db.session)
    db.session.add(TeamStanding(contest_id=world["contest"].id, stage_id=world["first"].id,
                                name="团体总分", team_aggregation="sum", min_members=7))
    db.session.commit()
    login(build.user("organizer"))
    url = (f"/organizer/contests/{world['contest'].id}/exchange/export/provisional"
           "?format=xlsx&lang=zh_CN")
    book = load_workbook(BytesIO(client.get(url).data))
    (row,) = list(book["暂定团体成绩"].iter_rows(min_row=2, values_only=True))
    assert row[0] == "暂定" and row[5] is None and row[6] == "广州市代表队"
    assert row[9] == "计入6名成员，少于最低人数7，不参与排名"
