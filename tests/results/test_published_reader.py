"""The typed reader of published snapshots, and the one standings table.

The reader reads what the real writer wrote (decimals as Decimal, ranks, awards,
exclusions) and refuses a document of another shape, naming the place that is wrong. Every
standings table is the macro's, so the public stage page and the organizer's provisional
standings show a total the same way: at the contest's precision."""
import json
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from contests.services.results import publication
from contests.services.results.published import Award, MalformedSnapshot, Snapshot, Standing, read
from tests.results.scored import scored_contest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.fixture
def world(build, db):
    world = scored_contest(build, db.session)
    a6 = world["entries"]["A6"]
    a6.status, a6.status_reason = "disqualified", "冒名顶替"
    db.session.commit()
    build.title_rule(world["contest"], name="技术能手", basis="top_n", top_n=1,
                     stage_id=world["first"].id)
    build.title_rule(world["contest"], name="推荐省五一劳动奖章", basis="top_n", top_n=2,
                     stage_id=world["first"].id, is_nomination=True)
    teams = build.award_rule(world["contest"], name="团体奖", scope="team",
                             stage_id=world["first"].id, team_aggregation="mean")
    build.award_tier(teams, name="团体一等奖", quota=1, position=1)
    return world


@pytest.fixture
def organizer(build):
    return build.user("organizer")


def _publish(world, organizer):
    return publication.publish(world["contest"], publicity_ends_on=date.today(),
                               change_note=None, user=organizer)


def test_reader_round_trips_what_the_writer_published(world, organizer):
    version = _publish(world, organizer)
    snapshot = read(version)
    assert snapshot.contest.code == "DEMO" and snapshot.places == 2
    assert snapshot.version.number == 1 and snapshot.version.status == "publicity"
    assert snapshot.version.publicity_ends_at == version.publicity_ends_at
    assert snapshot.version.publicity_ends_on == (version.publicity_ends_local
                                                  - timedelta(seconds=1)).date()
    first = snapshot.stage(world["first"].id)
    rows = {row.bib: row for row in first.rows}
    assert all(isinstance(row, Standing) for row in rows.values())
    # A1: trimmed mean of 91, 92, 93; A2 drops 60 and 88 → 85, 86, 87
    assert rows["A1"].total == Decimal("92.00") and isinstance(rows["A1"].total, Decimal)
    assert rows["A2"].total == Decimal("86.00")
    assert all(isinstance(v, Decimal) for v in rows["A1"].components.values())
    assert [rows[b].rank for b in ("A1", "A2", "A3", "A4", "A5")] == [1, 2, 3, 4, 5]
    assert rows["A1"].advanced and not rows["A4"].advanced
    excluded = rows["A6"]
    assert excluded.rank is None and not excluded.ranked and excluded.excluded
    assert excluded.status == "disqualified" and "冒名顶替" in excluded.exclusion
    assert excluded.explanation and excluded.explanation[0].code
    awards = {a.name: a for a in snapshot.awards}
    assert isinstance(awards["选手A1"], Award) and awards["选手A1"].tier == "一等奖"
    assert awards["选手A1"].total == Decimal("92.00")
    assert {a.tier for a in snapshot.awards} == {"一等奖", "二等奖", "团体一等奖"}
    assert "选手A6" not in awards  # disqualified: never awarded
    (team,) = first.teams
    assert team.delegation == "广州市代表队" and team.rank == 1
    assert team.total == Decimal("81.80")  # mean of the five ranked: 92, 86, 82, 77, 72
    assert awards["广州市代表队"].is_team and awards["广州市代表队"].tier == "团体一等奖"
    titles = {(t.title, t.name): t for t in snapshot.titles}
    assert titles[("技术能手", "选手A1")].conferred
    nominated = {t.name for t in snapshot.nominations}
    assert nominated == {"选手A1", "选手A2"}
    assert all(t.state == "to_confirm" and not t.conferred for t in snapshot.nominations)


def test_reader_takes_text_or_parsed_json_alike(world, organizer):
    version = _publish(world, organizer)
    assert Snapshot.from_json(version.snapshot) == Snapshot.from_json(
        json.loads(version.snapshot)) == read(version)


@pytest.mark.parametrize("spoil, where", [
    (lambda d: d.update(format=2), "format"),
    (lambda d: d.pop("stages"), "stages: missing"),
    (lambda d: d["stages"][0]["groups"][0]["rows"][0].update(total="92,00"),
     "stages[0].groups[0].rows[0].total: '92,00' is not a decimal"),
    (lambda d: d["stages"][0]["groups"][0]["rows"][0].update(rank="1"),
     "stages[0].groups[0].rows[0].rank: expected a whole number, found text"),
    (lambda d: d["stages"][0]["groups"][0]["rows"][0].update(status="won"),
     "stages[0].groups[0].rows[0].status: 'won' is not one of"),
    (lambda d: d["awards"][0].update(total=92.0),
     "awards[0].total: expected text, found a binary number"),
    (lambda d: d["awards"][0].pop("rule_id"), "awards[0].rule_id: missing"),
    (lambda d: d.update(contest=[]), "contest: expected an object"),
])
def test_reader_refuses_a_malformed_snapshot(world, organizer, spoil, where):
    document = json.loads(_publish(world, organizer).snapshot)
    spoil(document)
    with pytest.raises(MalformedSnapshot, match=re.escape(where)) as refused:
        Snapshot.from_json(document)
    assert str(refused.value).startswith("published snapshot, ")


def test_reader_refuses_text_that_is_not_json():
    with pytest.raises(MalformedSnapshot, match="not JSON"):
        Snapshot.from_json("{stages: ")


def _rows(page: str, text: str) -> list[list[str]]:
    """The text of the cells of each table row that has a cell `text`."""
    rows = [[re.sub(r"<[^>]+>", "", cell).strip()
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", page, re.S) if f">{text}<" in row]
    assert rows, f"no row for {text}"
    return rows


def _cells(page: str, bib: str) -> list[str]:
    (row,) = _rows(page, bib)
    return row


def test_public_and_organizer_standings_show_totals_alike(client, login, world, organizer):
    _publish(world, organizer)
    public = client.get(f"/contests/DEMO/stages/{world['first'].id}?lang=en")
    login(organizer)
    private = client.get(f"/organizer/contests/{world['contest'].id}/results?lang=en")
    advancing = client.get(f"/organizer/contests/{world['contest'].id}/stages/"
                           f"{world['first'].id}/advancement?lang=en")
    for response in (public, private, advancing):
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert 'class="standings"' in page
        assert "86.00" in _cells(page, "A2") and "92.00" in _cells(page, "A1")
        assert "86" not in _cells(page, "A2")  # never 86 on one page and 86.00 on another
    teams = [r for r in _rows(public.get_data(as_text=True), "广州市代表队") if len(r) == 3]
    assert teams == [["1", "广州市代表队", "81.80"]]  # the delegations' table: 81.80, not 81.8
    public_row = _cells(public.get_data(as_text=True), "A6")
    private_row = _cells(private.get_data(as_text=True), "A6")
    assert public_row[0] == private_row[0] == "—"  # disqualified: not ranked
    assert "冒名顶替" in private_row[-1]


def test_every_standings_table_is_the_macro():
    """A table headed by a rank is written in macros/standings.html and nowhere else."""
    writers = [path.relative_to(TEMPLATES).as_posix() for path in TEMPLATES.rglob("*.html")
               if "<table" in path.read_text(encoding="utf-8")
               and re.search(r"_\('Rank'\)|名次", path.read_text(encoding="utf-8"))]
    # the delegation page lists one delegation's members, each with the rank they reached
    # in each stage: a record of people, not a standings table
    assert writers == ["macros/standings.html", "public/delegation.html"]
    users = {path.relative_to(TEMPLATES).as_posix() for path in TEMPLATES.rglob("*.html")
             if 'import standings' in path.read_text(encoding="utf-8")}
    assert {"public/stage.html", "public/bulletin.html", "organizer/results/standings.html",
            "organizer/results/advancement.html"} <= users


def test_no_snapshot_is_walked_as_a_dict_outside_the_reader():
    code = Path(__file__).resolve().parents[2] / "contests"
    walkers = [path.relative_to(code).as_posix() for path in code.rglob("*.py")
               if re.search(r"""\[["'](stages|groups|rows|awards|titles)["']\]|"""
                            r"""json\.loads\([^)]*\.snapshot\)""", path.read_text("utf-8"))]
    # the contest template importer, and the next edition built from a contest template,
    # read their own document (a "stages" list), not results
    assert set(walkers) <= {"services/exchange/contest_templates.py",
                            "exchange/template_rules.py", "services/copying.py"}
