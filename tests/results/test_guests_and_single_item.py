"""An organizer marks a guest (不参与评奖) and adds a single-item prize (单项奖) on the
organizer's pages, publishes, and the public pages show both, with every prize's base.

Worked by hand. One final stage, event 维修电工, components 实操 (70%) and 理论 (30%),
one judge each. Marks (实操, 理论) -> total:
  G 特邀 (95, 95) -> 95      (a guest: ranked first, never awarded)
  A      (80, 100) -> 56 + 30 = 86
  B      (90, 60)  -> 63 + 18 = 81
  C      (85, 70)  -> 59.5 + 21 = 80.5
  D      (70, 80)  -> 49 + 24 = 73
  W withdrew.
一等奖 is 40% of the eligible entrants: 4 eligible (A B C D; not counting W withdrawn
and G the guest) x 40% = 1.6, rounded down: 1 place -> A. (Counting the guest it would
be 5 x 40% = 2.) 最佳实操奖 ranks on 实操 alone: G (95) is a guest, so B (90) takes it,
not A, the overall winner.
"""
from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from contests.models import AwardRule, Entry, Mark, ScoreSheet
from contests.services.results import publication

MARKS = {"G": (95, 95), "A": (80, 100), "B": (90, 60), "C": (85, 70), "D": (70, 80)}


@pytest.fixture
def organizer(build, login):
    user = build.user("organizer")
    login(user)
    return user


@pytest.fixture
def world(build, db):
    contest = build.contest(code="EG", name="电工技能竞赛", is_listed=True)
    final = build.stage(contest, name="决赛")
    event = build.event(contest, name="维修电工")
    judge = build.user("judge")
    criteria = {}
    for name, weight in (("实操", 70), ("理论", 30)):
        component = build.component(final, name=name, weight=D(weight))
        group = build.rater_group(component, name=f"{name}评审组")
        criteria[name] = build.criterion(component, name=f"{name}成绩", max_points=D(100),
                                         step=D(1))
        panel = build.panel(final, event, component, group, name=f"{name}裁判组")
        build.panel_judge(panel, judge)
        criteria[name].panel = panel
    entries = {}
    for bib, marks in MARKS.items():
        person = build.contestant(contest, bib=bib, name=f"选手{bib}")
        entries[bib] = entry = build.entry(person, event, final)
        for name, value in zip(("实操", "理论"), marks):
            sheet = ScoreSheet(panel_id=criteria[name].panel.id, entry_id=entry.id,
                               judge_id=judge.id, status="confirmed")
            sheet.marks.append(Mark(criterion_id=criteria[name].id, value=D(value)))
            db.session.add(sheet)
    withdrawn = build.contestant(contest, bib="W", name="选手W")
    build.entry(withdrawn, event, final, status="withdrawn", status_reason="因病退赛")
    db.session.commit()
    overall = build.award_rule(contest, name="个人奖", method="proportion")
    build.award_tier(overall, name="一等奖", proportion=D(40), position=1)
    return dict(contest=contest, final=final, event=event, entries=entries)


def _set_guest(client, world):
    contest, entry = world["contest"], world["entries"]["G"]
    data = {"contestant_id": str(entry.contestant_id), "event_id": str(world["event"].id),
            "stage_id": str(world["final"].id), "heat_id": "", "status": "registered",
            "status_reason": "", "time_taken_seconds": "", "guest": "y"}
    return client.post(f"/organizer/contests/{contest.id}/entries/{entry.id}/edit?lang=en",
                       data=data)


def _single_item_rule(client, world, **fields):
    data = {"name": "单项奖", "stage_id": "", "event_id": "", "scope": "individual",
            "method": "quota", "proportion_rounding": "floor", "tie_policy": "all_tied",
            "team_aggregation": "", "team_best_n": "", "team_min_members": "0",
            "ranked_together": "stage", "award_basis": "component", "award_basis_key": "实操"}
    data.update(fields)
    return client.post(f"/organizer/contests/{world['contest'].id}/award-rules/new?lang=en",
                       data=data)


def test_organizer_sets_a_guest_and_a_single_item_prize_and_the_public_sees_both(
        client, world, db, build, organizer):
    assert _set_guest(client, world).status_code == 302
    db.session.expire_all()
    assert db.session.get(Entry, world["entries"]["G"].id).guest is True
    assert _single_item_rule(client, world).status_code == 302
    rule = db.session.scalar(select(AwardRule).where(AwardRule.name == "单项奖"))
    assert (rule.award_basis, rule.award_basis_key) == ("component", "实操")
    build.award_tier(rule, name="最佳实操奖", quota=1, position=1)
    publication.publish(world["contest"], publicity_ends_on=date.today(), change_note=None,
                        user=organizer)

    stage = client.get(f"/contests/EG/stages/{world['final'].id}?lang=zh_CN")
    text = stage.get_data(as_text=True)
    # The guest keeps its rank 1 and carries the tag.
    assert text.index("选手G") < text.index("选手A") < text.index("选手B")
    assert "特邀·不参与评奖" in text[text.index("选手G"):text.index("选手A")]

    awards = client.get("/contests/EG/awards?lang=zh_CN").get_data(as_text=True)
    overall = awards[awards.index("个人奖"):awards.index("单项奖")]
    assert "选手A" in overall and "选手G" not in overall and "选手B" not in overall
    single = awards[awards.index("单项奖"):]
    assert "最佳实操奖" in single and "选手B" in single and "选手A" not in single
    assert "单项奖：只按实操成绩评定，不按总成绩。" in single
    assert "90.00" in single  # B's 实操 score beside the total 81.00

    a = client.get(f"/contests/EG/entries/{world['entries']['A'].id}?lang=zh_CN")
    assert ("一等奖占参赛有效人数40%：有效人数4人（不含退赛1、不参与评奖1），"
            "4×40%=1.6，向下取整为1名") in a.get_data(as_text=True)
    b = client.get(f"/contests/EG/entries/{world['entries']['B'].id}?lang=zh_CN")
    assert "最佳实操奖：单项奖，按实操成绩（90.00）评定，不按总成绩" in b.get_data(as_text=True)
    g = client.get(f"/contests/EG/entries/{world['entries']['G'].id}?lang=en")
    g_text = g.get_data(as_text=True)
    assert "Guest, not competing for awards" in g_text
    assert "never awarded, not counted in any prize" in g_text


def test_a_single_item_prize_must_name_a_component_of_its_stage(client, world, db, organizer):
    page = _single_item_rule(client, world, award_basis_key="")
    assert "Choose the component or criterion the prize is for." in page.get_data(as_text=True)
    page = _single_item_rule(client, world, award_basis="criterion", award_basis_key="实操")
    assert "“实操” is not a criterion of the stage 决赛." in page.get_data(as_text=True)
    assert db.session.scalar(select(AwardRule).where(AwardRule.name == "单项奖")) is None


def test_the_next_edition_keeps_the_single_item_prize(world, db, build, organizer):
    from contests.services.copying import next_edition

    rule = build.award_rule(world["contest"], name="单项奖", award_basis="component",
                            award_basis_key="实操")
    build.award_tier(rule, name="最佳实操奖", quota=1, position=1)
    copy = next_edition(world["contest"], code="EG27", name="2027电工技能竞赛", year=2027,
                        member=organizer)
    copied = db.session.scalar(select(AwardRule).where(AwardRule.contest_id == copy.id,
                                                       AwardRule.name == "单项奖"))
    assert (copied.award_basis, copied.award_basis_key) == ("component", "实操")
    assert [t.name for t in copied.tiers] == ["最佳实操奖"]


def test_a_guest_ranked_first_receives_no_title_nor_nomination(client, world, db, build,
                                                               organizer):
    # G (95), the guest, keeps rank 1. Title rules name by rank: the top 2 are G and A, so
    # A alone is 技术能手; the top-1 nomination names G alone, so nobody is nominated;
    # every finalist but G is an 优秀选手.
    world["entries"]["G"].guest = True
    db.session.commit()
    final = world["final"]
    build.title_rule(world["contest"], name="优秀选手", basis="stage_finalist",
                     stage_id=final.id)
    build.title_rule(world["contest"], name="技术能手", basis="top_n", top_n=2,
                     stage_id=final.id)
    build.title_rule(world["contest"], name="推荐省五一劳动奖章", basis="top_n", top_n=1,
                     stage_id=final.id, is_nomination=True)
    preview = client.get(f"/organizer/contests/{world['contest'].id}/awards?lang=zh_CN")
    assert preview.status_code == 200
    assert "选手G" not in preview.get_data(as_text=True).split("优秀选手", 1)[1]
    publication.publish(world["contest"], publicity_ends_on=date.today(), change_note=None,
                        user=organizer)
    text = client.get("/contests/EG/titles?lang=zh_CN").get_data(as_text=True)
    assert "选手A" in text.split("技术能手", 1)[1]
    assert "选手G" not in text and "推荐省五一劳动奖章" not in text
    g = client.get(f"/contests/EG/entries/{world['entries']['G'].id}?lang=zh_CN")
    g_text = g.get_data(as_text=True)
    assert "优秀选手" not in g_text and "技术能手" not in g_text
