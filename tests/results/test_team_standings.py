"""Team (delegation) standings configured on their own, without award tiers: set on an
organizer page, shown on the provisional standings, frozen into the published version and
shown on the public stage page, a delegation with too few members listed as not ranked."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from contests.models import TeamStanding
from contests.services.results import publication
from contests.services.results.published import read
from tests.results.scored import scored_contest


@pytest.fixture
def world(build, db, login):
    world = scored_contest(build, db.session)
    # A5 (72.00) and A6 (67.00) form a second delegation of two.
    second = build.delegation(world["contest"], name="深圳市代表队")
    for bib in ("A5", "A6"):
        world["entries"][bib].contestant.delegation_id = second.id
    db.session.commit()
    world["organizer"] = build.user("organizer")
    login(world["organizer"])
    return world


def _configure(client, world, **fields):
    data = {"name": "团体总分", "stage_id": str(world["first"].id), "team_aggregation": "sum",
            "best_n": "", "min_members": "3"}
    data.update(fields)
    url = f"/organizer/contests/{world['contest'].id}/team-standings/new"
    return client.post(url, data=data)


def test_organizer_configures_team_standings_and_sees_them_provisionally(client, world, db):
    response = _configure(client, world)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    standing = db.session.scalar(select(TeamStanding))
    assert (standing.team_aggregation, standing.min_members, standing.per_event) == (
        "sum", 3, False)
    page = client.get(f"/organizer/contests/{world['contest'].id}/results?lang=en")
    text = page.get_data(as_text=True)
    assert "团体总分" in text
    # 广州: A1..A4 = 92 + 86 + 82 + 77 = 337.00; 深圳 has two members, fewer than three.
    assert "337.00" in text
    assert "2 members counted, fewer than the minimum 3: not ranked" in text
    chinese = client.get(f"/organizer/contests/{world['contest'].id}/results?lang=zh_CN").get_data(
        as_text=True)
    assert "Not ranked because" not in chinese and "fewer than the minimum" not in chinese


def test_best_n_needs_n_and_a_bad_choice_changes_nothing(client, world, db):
    response = _configure(client, world, team_aggregation="best_n", best_n="")
    assert response.status_code == 200 and db.session.scalar(select(TeamStanding)) is None
    response = _configure(client, world, team_aggregation="median")
    assert response.status_code == 200 and db.session.scalar(select(TeamStanding)) is None
    assert _configure(client, world, team_aggregation="best_n", best_n="2").status_code == 302
    page = client.get(f"/organizer/contests/{world['contest'].id}/results?lang=en")
    # best 2 of 广州: 92 + 86 = 178.00; 深圳 has two members but the minimum is 3.
    assert "178.00" in page.get_data(as_text=True)


def test_published_version_carries_team_standings_without_tiers(client, world, db):
    _configure(client, world, min_members="2", per_event="y")
    version = publication.publish(world["contest"], publicity_ends_on=date.today()
                                  + timedelta(days=3), change_note=None,
                                  user=world["organizer"])
    snap = read(version)
    (table,) = snap.team_tables
    assert table.per_event and table.min_members == 2 and table.stage == "复赛"
    (group,) = table.groups
    assert group.event == "心理咨询"
    assert [(r.delegation, r.rank, str(r.total)) for r in group.rows] == [
        ("广州市代表队", 1, "337.00"), ("深圳市代表队", 2, "139.00")]
    assert not any(a.scope == "team" for a in snap.awards)  # no award tiers for teams
    stage = client.get(f"/contests/DEMO/stages/{world['first'].id}?lang=en").get_data(
        as_text=True)
    assert "团体总分" in stage and "337.00" in stage and "139.00" in stage
    assert "Members counted" in stage
