"""Award rules, tiers (quotas, shares, score bands with allowances) and titles."""
from decimal import Decimal

from sqlalchemy import func, select

from contests.models import AwardRule, AwardTier, TitleRule
from tests.organizer.rows import rows


def _rule(**extra):
    data = {"name": "个人奖", "scope": "individual", "method": "quota",
            "proportion_rounding": "floor", "tie_policy": "all_tied", "team_min_members": "0"}
    data.update(extra)
    return data


def test_team_rule_needs_an_aggregation(client, organizer, db, build):
    contest = build.contest()
    url = f"/organizer/contests/{contest.id}/award-rules/new?lang=en"
    page = client.post(url, data=_rule(scope="team")).get_data(as_text=True)
    assert "Say how a team's score is made from its members." in page
    assert client.post(url, data=_rule(scope="team", team_aggregation="best_n",
                                       team_best_n="3")).status_code == 302
    rule = db.session.scalar(select(AwardRule))
    assert (rule.team_aggregation, rule.team_best_n) == ("best_n", 3)


def test_union_chair_grade_bands_with_allowances(client, organizer, db, build):
    contest = build.contest()
    rule = build.award_rule(contest, name="等级", method="score_band")
    url = f"/organizer/contests/{contest.id}/award-rules/{rule.id}/tiers"
    bands = [("高级", "90", "300"), ("中级", "75", "200"), ("初级", "60", "100"),
             ("未定等级", "0", "0")]
    data = rows(*[{"position": str(i + 1), "name": n, "min_score": s, "benefit_amount": a,
                   "benefit_period": "month"} for i, (n, s, a) in enumerate(bands)])
    assert client.post(url, data=data).status_code == 302
    tiers = db.session.scalars(select(AwardTier).order_by(AwardTier.position)).all()
    assert [(t.name, t.min_score, t.benefit_amount) for t in tiers][0] == (
        "高级", Decimal(90), Decimal(300))


def test_score_bands_must_fall(client, organizer, db, build):
    contest = build.contest()
    rule = build.award_rule(contest, method="score_band")
    url = f"/organizer/contests/{contest.id}/award-rules/{rule.id}/tiers?lang=en"
    data = rows({"position": "1", "name": "高级", "min_score": "75"},
                {"position": "2", "name": "中级", "min_score": "90"})
    assert "Score bands must fall" in client.post(url, data=data).get_data(as_text=True)
    assert db.session.scalar(select(func.count(AwardTier.id))) == 0


def test_quota_tiers_need_places(client, organizer, db, build):
    contest = build.contest()
    rule = build.award_rule(contest, method="quota")
    url = f"/organizer/contests/{contest.id}/award-rules/{rule.id}/tiers?lang=en"
    data = rows({"position": "1", "name": "特等奖", "quota": "1"},
                {"position": "2", "name": "一等奖"})
    assert "Required." in client.post(url, data=data).get_data(as_text=True)
    assert db.session.scalar(select(func.count(AwardTier.id))) == 0


def test_shares_above_100_refused(client, organizer, db, build):
    contest = build.contest()
    rule = build.award_rule(contest, method="proportion")
    url = f"/organizer/contests/{contest.id}/award-rules/{rule.id}/tiers?lang=en"
    data = rows({"position": "1", "name": "一等奖", "proportion": "60"},
                {"position": "2", "name": "二等奖", "proportion": "50"})
    assert "more than 100%" in client.post(url, data=data).get_data(as_text=True)


def test_allowance_needs_a_period(client, organizer, db, build):
    contest = build.contest()
    rule = build.award_rule(contest, method="score_band")
    url = f"/organizer/contests/{contest.id}/award-rules/{rule.id}/tiers?lang=en"
    data = rows({"position": "1", "name": "高级", "min_score": "90", "benefit_amount": "300"})
    assert "Say how often the allowance is paid." in client.post(url, data=data).get_data(
        as_text=True)


def test_title_for_every_finalist_needs_its_stage(client, organizer, db, build):
    contest = build.contest()
    final = build.stage(contest, name="决赛")
    url = f"/organizer/contests/{contest.id}/title-rules/new?lang=en"
    data = {"name": "优秀班组长", "basis": "stage_finalist"}
    assert "Choose the stage this title follows." in client.post(url, data=data).get_data(
        as_text=True)
    data["stage_id"] = str(final.id)
    assert client.post(url, data=data).status_code == 302
    assert db.session.scalar(select(TitleRule.stage_id)) == final.id


def test_nomination_of_tier_holders(client, organizer, db, build):
    contest = build.contest()
    tier = build.award_tier(build.award_rule(contest), name="一等奖", quota=3)
    url = f"/organizer/contests/{contest.id}/title-rules/new?lang=en"
    data = {"name": "推荐省工人先锋号", "basis": "tier_holder", "is_nomination": "y"}
    assert "Choose the tier" in client.post(url, data=data).get_data(as_text=True)
    data["award_tier_id"] = str(tier.id)
    assert client.post(url, data=data).status_code == 302
    rule = db.session.scalar(select(TitleRule))
    assert rule.is_nomination and rule.award_tier_id == tier.id
