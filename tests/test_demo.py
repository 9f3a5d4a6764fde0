"""`flask demo load`: the five demo contests and the demo sign-ins, loaded idempotently.

Tests of the contests' configuration set them up without playing them through (no marks,
advancement or results: `load_all(play=False)`, fast); the command itself, with the marks
and published results, is run where that is what is tested. The results themselves are
tested in tests/results/test_demo_results.py."""
import json
from collections import Counter

import pytest
from sqlalchemy import func, select

from contests.models import (
    AwardRule,
    Conflict,
    Contest,
    Contestant,
    Criterion,
    Delegation,
    Entry,
    Mark,
    Panel,
    PanelJudge,
    ResultVersion,
    ScoreSheet,
    Stage,
    TitleRule,
    User,
)
from contests.services.demo.accounts import ACCOUNTS, DEMO_PASSWORD
from contests.services.demo.loader import load_all
from contests.services.demo.names import NameMaker

CODES = ("HOTEL2026", "UNION2026", "TEAMLEAD2026", "MENTAL2026", "STUDIO2026")


@pytest.fixture
def loaded(runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def configured(app):
    """Every demo contest set up, none played through."""
    return load_all(play=False)


def contest(db, code) -> Contest:
    return db.session.scalar(select(Contest).where(Contest.code == code))


def count(db, model, *conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def top_level(db, component):
    return db.session.scalars(select(Criterion).where(
        Criterion.component_id == component.id, Criterion.parent_id.is_(None))).all()


def test_cli_loads_four_listed_contests_with_results(db, loaded):
    for code in CODES:
        assert code in loaded
        found = contest(db, code)
        assert found.is_listed and found.year == 2026
        assert found.name_en and found.organizer and found.description
    assert "demo-organizer" in loaded
    assert loaded.count("results v1 final") == 4
    assert "results v1 in publicity until" in loaded


def test_hotel_final_has_31_delegations_and_123_finalists(db, configured):
    hotel = contest(db, "HOTEL2026")
    assert [s.name for s in hotel.stages] == ["省内选拔赛", "全国总决赛"]
    assert [e.name for e in hotel.events] == ["前厅服务", "客房服务", "中式餐厅服务",
                                              "西式餐厅服务"]
    assert count(db, Delegation, Delegation.contest_id == hotel.id) == 31
    heats, final = hotel.stages
    # Set up, not yet played: the heats hold every entrant; the final fills by advancement.
    entries = db.session.scalars(select(Entry).where(Entry.stage_id == heats.id)).all()
    assert len(entries) == 369 and all(e.heat_id for e in entries)
    assert len(heats.heats) == 31
    assert len(Counter(e.event_id for e in entries)) == 4
    contestants = [e.contestant for e in entries]
    assert len({c.bib for c in contestants}) == 369
    assert all(c.delegation_id and c.unit for c in contestants)
    # the 123 who go on to the final drew their numbers for it
    drawn = [c for c in contestants if c.draw_number is not None]
    assert len(drawn) == len({c.draw_number for c in drawn}) == 123
    assert hotel.stages[0].advancement_rule == "top_n_per_delegation"
    assert final.advancement_rule == "none"
    assert {c.name: c.weight for c in final.components} == {"理论知识": 30, "实操技能": 70}
    practice = next(c for c in final.components if c.name == "实操技能")
    assert practice.rater_groups[0].aggregation == "trimmed_mean"
    assert practice.rater_groups[0].trim_k == 1
    assert {c.name for c in top_level(db, practice)} == {"业务知识", "服务质量", "沟通协调",
                                                          "突发情况应对"}
    rules = db.session.scalars(select(AwardRule).where(AwardRule.contest_id == hotel.id)).all()
    firsts = Counter()
    for rule in rules:
        firsts[rule.scope] += sum(t.quota for t in rule.tiers if t.name == "一等奖")
    assert firsts == {"individual": 4, "team": 3}
    team = next(r for r in rules if r.scope == "team")
    assert team.team_aggregation in ("sum", "best_n")


def test_union_chair_groups_rubric_and_bands(db, configured):
    union = contest(db, "UNION2026")
    (stage,) = union.stages
    (component,) = stage.components
    assert component.name == "综合考核" and component.weight == 100
    assert component.max_score == 100 and component.bonus_cap == 10
    assert [(g.name, g.weight) for g in component.rater_groups] == [
        ("个人自评", 5), ("乡镇（街道）工会评价", 15), ("评审组评价", 80)]
    items = top_level(db, component)
    assert len(items) == 7
    assert Counter(c.kind for c in items) == {"normal": 5, "bonus": 1, "veto": 1}
    assert sum(c.max_points for c in items if c.kind == "normal") == 100
    assert all(len(c.children) >= 2 for c in items)
    veto = next(c for c in items if c.kind == "veto")
    assert all(child.max_points == 1 and child.kind == "veto" for child in veto.children)
    (rule,) = db.session.scalars(select(AwardRule).where(AwardRule.contest_id == union.id))
    assert rule.method == "score_band"
    assert [(t.name, t.min_score, t.benefit_amount, t.benefit_period) for t in rule.tiers] == [
        ("高级", 90, 300, "month"), ("中级", 75, 200, "month"), ("初级", 60, 100, "month"),
        ("未定等级", 0, 0, "month")]
    assert count(db, Contestant, Contestant.contest_id == union.id) == 20
    # One person keys in the self-assessment forms, another the township forms (one sheet
    # per chair each); the chief judge and three judges review.
    members = {p.name: sorted((j.user.username, j.is_chief) for j in p.judges)
               for p in db.session.scalars(select(Panel).where(Panel.stage_id == stage.id))}
    assert members == {
        "自评表录入": [("demo-judge5", False)],
        "乡镇（街道）工会评价录入": [("demo-judge4", False)],
        "市总工会等级考核评审组": [("demo-chief", True), ("demo-judge1", False),
                                   ("demo-judge2", False), ("demo-judge3", False)]}


def test_team_leader_stages_titles_and_nomination(db, configured):
    lead = contest(db, "TEAMLEAD2026")
    assert [(s.position, s.name) for s in lead.stages] == [(1, "预赛"), (2, "复赛"), (3, "决赛")]
    preliminary, semi, final = lead.stages
    assert count(db, Delegation, Delegation.contest_id == lead.id) == 15
    assert count(db, Contestant, Contestant.contest_id == lead.id) == 37
    assert count(db, Entry, Entry.stage_id == preliminary.id) == 37
    assert (semi.advancement_rule, semi.advancement_value) == ("top_n", 10)
    assert final.carry_over_percent == 30
    assert [c.name for c in semi.components] == ["情景模拟", "管理实务"]
    titles = {t.name: t for t in db.session.scalars(
        select(TitleRule).where(TitleRule.contest_id == lead.id))}
    finalists = titles["优秀班组长"]
    assert (finalists.basis, finalists.stage_id) == ("stage_finalist", final.id)
    pioneer = titles["推荐申报省工人先锋号"]
    assert pioneer.basis == "tier_holder" and pioneer.is_nomination
    assert pioneer.award_tier.name == "一等奖" and pioneer.award_tier.rule.stage_id == final.id
    assert sum(t.quota for t in pioneer.award_tier.rule.tiers) <= 10


def test_mental_health_rounds_delegations_and_quotas(db, configured):
    mental = contest(db, "MENTAL2026")
    assert [(s.position, s.name) for s in mental.stages] == [(1, "复赛"), (2, "决赛")]
    semi, final = mental.stages
    assert count(db, Delegation, Delegation.contest_id == mental.id) == 31
    people = db.session.scalars(select(Contestant).where(
        Contestant.contest_id == mental.id)).all()
    sizes = Counter(p.delegation_id for p in people)
    assert len(sizes) == 31 and set(sizes.values()) <= {2, 3, 4}
    assert count(db, Entry, Entry.stage_id == semi.id) == len(people) == 106
    assert count(db, Entry, Entry.stage_id == final.id) == 0  # filled by advancement
    assert (semi.advancement_rule, semi.advancement_value) == ("top_n_per_delegation", 3)
    for stage in (semi, final):
        assert stage.ranking_metrics == "total,component:实操技能"
        assert {c.name: c.weight for c in stage.components} == {"理论知识": 30, "实操技能": 70}
        practice = stage.components[1]
        (group,) = practice.rater_groups
        assert (group.aggregation, group.trim_k) == ("trimmed_mean", 1)
        (panel,) = db.session.scalars(select(Panel).where(
            Panel.stage_id == stage.id, Panel.component_id == practice.id))
        assert len(panel.judges) == 5
        assert Counter(c.kind for c in top_level(db, practice)) == {"normal": 5, "veto": 1}
    rules = {r.scope: r for r in db.session.scalars(
        select(AwardRule).where(AwardRule.contest_id == mental.id))}
    assert [(t.name, t.quota) for t in rules["individual"].tiers] == [
        ("特等奖", 1), ("一等奖", 3), ("二等奖", 6), ("三等奖", 12)]
    assert [(t.name, t.quota) for t in rules["team"].tiers] == [
        ("特等奖", 1), ("一等奖", 2), ("二等奖", 3), ("三等奖", 4)]
    assert {r.stage_id for r in rules.values()} == {final.id}
    assert {r.tie_policy for r in rules.values()} == {"tie_break"}
    assert rules["team"].team_aggregation == "mean" and rules["team"].team_min_members >= 2


def test_weights_sum_to_100_and_children_fit_parents(db, configured):
    stages = db.session.scalars(select(Stage)).all()
    assert len(stages) == 9
    for stage in stages:
        assert sum(c.weight for c in stage.components) == 100, stage.name
        for component in stage.components:
            assert sum(g.weight for g in component.rater_groups) == 100, component.name
    criteria = db.session.scalars(select(Criterion)).all()
    assert criteria
    for criterion in criteria:
        if criterion.children:
            assert sum(c.max_points for c in criterion.children) <= criterion.max_points


def test_panels_judges_and_conflict(db, configured):
    chiefs = db.session.scalars(select(PanelJudge).where(PanelJudge.is_chief)).all()
    assert chiefs and {p.user.username for p in chiefs} == {"demo-chief"}
    for found in db.session.scalars(select(Contest)):
        stage_ids = [s.id for s in found.stages]
        assert count(db, Panel, Panel.stage_id.in_(stage_ids)) >= 1, found.code
    (conflict,) = db.session.scalars(select(Conflict)).all()
    assert conflict.contestant.unit == conflict.user.unit == conflict.unit
    assert conflict.contestant.contest_id == conflict.contest_id


def test_loading_twice_changes_nothing(db, runner, loaded):
    def snapshot():
        return {table.name: db.session.scalar(select(func.count()).select_from(table))
                for table in db.metadata.sorted_tables}

    def contestants():
        return db.session.execute(select(Contestant.bib, Contestant.name, Contestant.unit,
                                         Contestant.draw_number).order_by(Contestant.bib)).all()

    def marking():
        return (db.session.execute(select(ScoreSheet.id, ScoreSheet.status, ScoreSheet.version,
                                          ScoreSheet.veto_reason).order_by(ScoreSheet.id)).all(),
                db.session.execute(select(Mark.id, Mark.value).order_by(Mark.id)).all(),
                db.session.execute(select(Entry.id, Entry.status, Entry.carried_total)
                                   .order_by(Entry.id)).all())

    def versions():
        return db.session.execute(select(
            ResultVersion.id, ResultVersion.status, ResultVersion.publicity_ends_at,
            ResultVersion.snapshot).order_by(ResultVersion.id)).all()

    before, people, marks, published, hashes = (
        snapshot(), contestants(), marking(), versions(),
        db.session.scalars(select(User.password_hash).order_by(User.username)).all())
    assert before["score_sheets"] and before["marks"] and before["result_versions"] == 5
    db.session.expire_all()
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "created" not in result.output and "updated" not in result.output
    assert result.output.count("unchanged)") == 6  # the accounts and five contests
    db.session.expire_all()
    assert snapshot() == before  # sheets, marks, versions, audit rows and all
    assert contestants() == people
    assert marking() == marks
    assert versions() == published
    assert [json.loads(v.snapshot)["version"]["status"] for v in published] == [
        "publicity", "final", "final", "final", "final"]
    assert db.session.scalars(select(User.password_hash).order_by(User.username)).all() == hashes


def test_names_are_deterministic_and_varied():
    first, second = NameMaker(7), NameMaker(7)
    names = [first.person()[0] for _ in range(300)]
    assert names == [second.person()[0] for _ in range(300)]
    assert len(set(names)) == 300
    assert any(ch in name for name in names for ch in "喆堃镕玥珺翀瑄燚垚犇昇彧")


@pytest.fixture
def accounts_loaded(app):
    return load_all(only=())


@pytest.mark.parametrize("username, home", [(a[0], {"organizer": "/organizer/", "admin": "/admin/",
                                                    "clerk": "/clerk/",
                                                    "delegation_leader": "/delegation/"}.get(
                                                        a[2], "/judging/"))
                                             for a in ACCOUNTS])
def test_demo_accounts_sign_in(client, accounts_loaded, username, home):
    response = client.post("/auth/login", data={"username": username,
                                                "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(home)


def test_organizer_lands_on_organizer_index(client, configured):
    response = client.post("/auth/login", data={"username": "demo-organizer",
                                                "password": DEMO_PASSWORD},
                           follow_redirects=True)
    assert response.status_code == 200
    assert response.request.path == "/organizer/"
    assert "2026年全国星级饭店从业人员服务技能竞赛" in response.get_data(as_text=True)



def test_reload_restores_demo_rows_in_place(db, runner, loaded):
    hotel = contest(db, "HOTEL2026")
    hotel.name = "改过的名字"
    # every rubric line of the demo carries marks now (the heats are marked too), so the
    # row taken away is the judge's declared conflict of interest
    db.session.delete(db.session.scalars(select(Conflict)).one())
    db.session.commit()
    contest_count = count(db, Contest)
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "1 rows created, 1 updated" in result.output
    db.session.expire_all()
    assert contest(db, "HOTEL2026").name == "2026年全国星级饭店从业人员服务技能竞赛"
    (conflict,) = db.session.scalars(select(Conflict)).all()
    assert conflict.reason == "与该选手同一工作单位，执裁回避"
    assert count(db, Contest) == contest_count


def test_a_failing_contest_leaves_nothing_behind(db, app, monkeypatch):
    from contests.services.demo import loader, team_leader

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(team_leader, "put_award_rule", broken)
    with pytest.raises(RuntimeError):
        loader.load_all()
    assert contest(db, "HOTEL2026") is not None  # committed before the failure
    assert contest(db, "TEAMLEAD2026") is None
    assert count(db, Delegation) == 31 + 7
