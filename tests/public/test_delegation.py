"""A delegation's public page (代表队): its members' results, awards and titles, read from the
published snapshot only; linked wherever a delegation's name appears on public pages."""
import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from contests.models import Contestant, ResultVersion
from contests.services.results import publication
from tests.certificates.snapshots import award, final_version, person, snapshot, title
from tests.results.scored import scored_contest


@pytest.fixture
def world(build, db):
    """The scored contest, with A6 in a second delegation, published."""
    world = scored_contest(build, db.session)
    other = build.delegation(world["contest"], name="深圳市代表队")
    world["entries"]["A6"].contestant.delegation_id = other.id
    db.session.commit()
    publication.publish(world["contest"], publicity_ends_on=date.today() + timedelta(days=5),
                        change_note=None, user=build.user("organizer"))
    return dict(world, other=other)


def _page(client, world, delegation, lang="en"):
    return client.get(f"/contests/DEMO/delegations/{delegation.id}?lang={lang}")


def _main(response) -> str:
    return response.get_data(as_text=True).split("<main>")[1]


def test_lists_its_members_with_ranks_totals_and_awards(client, world):
    response = _page(client, world, world["delegation"])
    assert response.status_code == 200
    main = _main(response)
    assert "<h1>广州市代表队" in main
    names = re.findall(r">(选手A\d)</a>", main)
    assert names == ["选手A1", "选手A2", "选手A3", "选手A4", "选手A5"]  # not A6
    a1 = main.split("选手A1</a>")[1].split("</tr>")[0]
    assert ">1</td>" in a1 and "92.00" in a1 and "一等奖" in a1
    a2 = main.split("选手A2</a>")[1].split("</tr>")[0]
    assert "86.00" in a2 and "二等奖" in a2
    assert "5 contestants, 3 awards" in response.get_data(as_text=True)
    other = _main(_page(client, world, world["other"]))
    assert re.findall(r">(选手A\d)</a>", other) == ["选手A6"]
    assert "67.00" in other and "一等奖" not in other


def test_shows_the_published_snapshot_not_live_changes(client, world, db):
    before = _main(_page(client, world, world["delegation"]))
    a5 = world["entries"]["A5"].contestant
    a5.delegation_id = world["other"].id
    a5.name = "改名后的选手"
    world["delegation"].name = "尚未公示的新队名"
    db.session.add(Contestant(contest_id=world["contest"].id, bib="A9", name="未公示选手",
                              delegation_id=world["delegation"].id))
    db.session.commit()
    after = _main(_page(client, world, world["delegation"]))
    assert after == before
    assert "选手A5" in after and "尚未公示" not in after and "未公示选手" not in after
    assert "选手A5" not in _main(_page(client, world, world["other"]))


def test_unknown_unlisted_or_unpublished_is_not_found(client, world, build, db):
    assert client.get("/contests/DEMO/delegations/999999").status_code == 404
    assert client.get("/contests/NOPE/delegations/1").status_code == 404
    quiet = build.contest(code="QUIET", is_listed=True)
    unpublished = build.delegation(quiet, name="未公示代表队")
    assert client.get(f"/contests/QUIET/delegations/{unpublished.id}").status_code == 404
    world["contest"].is_listed = False
    db.session.commit()
    assert _page(client, world, world["delegation"]).status_code == 404


def test_linked_where_a_delegation_name_appears(client, world):
    link = f'href="/contests/DEMO/delegations/{world["delegation"].id}"'
    a1 = world["entries"]["A1"].id
    for url in ("/contests/DEMO", f"/contests/DEMO/stages/{world['first'].id}",
                f"/contests/DEMO/entries/{a1}",
                "/contests/DEMO/awards", "/contests/DEMO/search?q=A1"):
        assert link in client.get(url).get_data(as_text=True), url


def test_team_awards_titles_and_members_without_rows(client, build, db):
    contest = build.contest(code="HOTEL", name="饭店技能竞赛", is_listed=True)
    beijing, shanghai = person("李玥"), person("王彧", delegation="上海代表队", delegation_id=2)
    final_version(db.session, contest,
                  [award(beijing), award(shanghai, "二等奖", tier_position=2),
                   award(beijing, "团体一等奖", scope="team", rule_id=2, rule="团体奖")],
                  [title(beijing, "技术能手")])
    page = client.get("/contests/HOTEL/delegations/1?lang=en")
    assert page.status_code == 200
    main = _main(page)
    assert "北京代表队" in main and "Team results" in main and "团体一等奖" in main
    assert "李玥" in main and "一等奖" in main and "技术能手" in main
    assert "/entries/" not in main  # no published row: no entry page to link to
    assert "王彧" not in main and "上海代表队" not in main
    assert "王彧" in _main(client.get("/contests/HOTEL/delegations/2?lang=en"))


def test_chinese_page_speaks_chinese_and_prints(client, world):
    main = _main(_page(client, world, world["delegation"], lang="zh_CN"))
    for english in ("Members", "Rank", "Total", "Awards", "Print"):
        assert english not in main
    assert "data-print" in main  # the print button (static/js/print.js)


def test_the_contest_page_lists_every_delegation_of_the_results(client, world):
    page = client.get("/contests/DEMO?lang=en").get_data(as_text=True)
    listed = re.findall(r'href="/contests/DEMO/delegations/(\d+)">([^<]+)</a>', page)
    assert listed == [(str(world["delegation"].id), "广州市代表队"),
                      (str(world["other"].id), "深圳市代表队")]


def test_team_standings_of_their_own_are_listed_too(client, build, db):
    """Team standings configured without award tiers (Snapshot.team_tables)."""
    contest = build.contest(code="TEAMS", name="班组长技能竞赛", is_listed=True)
    data = snapshot(contest)
    data["team_standings"] = [{
        "id": 1, "name": "团体总分", "stage_id": None, "stage": "决赛", "method": "sum",
        "best_n": None, "min_members": 2, "per_event": True,
        "groups": [{"event": "电工", "rows": [
            {"delegation_id": 7, "delegation": "遵义代表队", "rank": 2, "total": "180.50",
             "members": 2},
            {"delegation_id": 8, "delegation": "六盘水代表队", "rank": None, "total": None,
             "members": 1}]}]}]
    db.session.add(ResultVersion(contest_id=contest.id, number=1, status="final",
                                 finalized_at=datetime(2026, 5, 3, tzinfo=UTC),
                                 snapshot=json.dumps(data, ensure_ascii=False)))
    db.session.commit()
    main = _main(client.get("/contests/TEAMS/delegations/7?lang=en"))
    row = main.split("团体总分")[1].split("</tr>")[0]
    assert "决赛 · 电工" in row and ">2</td>" in row and "180.50" in row
    assert "六盘水代表队" not in main
    unranked = _main(client.get("/contests/TEAMS/delegations/8?lang=en"))
    assert "团体总分" in unranked and "—" in unranked.split("团体总分")[1].split("</tr>")[0]
    listed = client.get("/contests/TEAMS?lang=en").get_data(as_text=True)
    assert 'href="/contests/TEAMS/delegations/7"' in listed
