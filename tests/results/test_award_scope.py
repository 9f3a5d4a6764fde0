"""Who an award ranks together: a new award rule follows the stage's ranking scope (per
event by default), so entrants of different events are not ranked against each other;
the form says what each choice means, and "overall" is still there when wanted."""
import pytest
from sqlalchemy import select

from contests.models import AwardRule, ScoreSheet
from contests.services.results.compute import compute_contest
from contests.services.results.loading import OFFICIAL
from tests.results.scored import scored_contest


@pytest.fixture
def world(build, db, login):
    world = scored_contest(build, db.session)
    # A4..A6 compete in a second event of the same stage, which ranks per event.
    second = build.event(world["contest"], name="团体辅导")
    panel = world["panel"]
    other = build.panel(world["first"], second, panel.component, panel.rater_group,
                        name="团体辅导评审组")
    for judge in world["judges"]:
        build.panel_judge(other, judge)
    for bib in ("A4", "A5", "A6"):
        entry = world["entries"][bib]
        entry.event_id = second.id
        for sheet in db.session.scalars(select(ScoreSheet).where(
                ScoreSheet.entry_id == entry.id)):
            sheet.panel_id = other.id
    world["first"].ranking_scope = "event"
    db.session.commit()
    world["organizer"] = build.user("organizer")
    login(world["organizer"])
    return world


def _new_rule(client, world, **fields):
    data = {"name": "单项奖", "stage_id": str(world["first"].id), "event_id": "",
            "scope": "individual", "method": "quota", "proportion_rounding": "floor",
            "tie_policy": "all_tied", "team_aggregation": "", "team_best_n": "",
            "team_min_members": "0"}
    data.update(fields)
    return client.post(f"/organizer/contests/{world['contest'].id}/award-rules/new?lang=en",
                       data=data)


def test_the_form_defaults_to_the_stage_and_explains_each_choice(client, world):
    page = client.get(f"/organizer/contests/{world['contest'].id}/award-rules/new?lang=en")
    text = page.get_data(as_text=True)
    assert '<option selected value="stage">As the stage ranks</option>' in text
    assert "Per event: each event is ranked on its own" in text
    assert "Overall: entrants of every event are ranked together" in text


def test_a_new_rule_ranks_and_awards_each_event_on_its_own(client, world, db, build):
    assert _new_rule(client, world).status_code == 302
    rule = db.session.scalar(select(AwardRule).where(AwardRule.name == "单项奖"))
    assert rule.ranked_together == "stage"
    build.award_tier(rule, name="一等奖", quota=1, position=1)
    award = next(a for a in compute_contest(world["contest"], OFFICIAL).awards
                 if a.rule.id == rule.id)
    # one first prize in each event: A1 (心理咨询) and A4 (团体辅导)
    assert sorted(a.key for a in award.outcome.awards) == ["A1", "A4"]
    assert len(award.groups) == 2
    page = client.get(f"/organizer/contests/{world['contest'].id}/awards?lang=en")
    assert "Ranked together: Per event" in page.get_data(as_text=True)


def test_overall_is_still_a_choice(client, world, db, build):
    assert _new_rule(client, world, ranked_together="overall").status_code == 302
    rule = db.session.scalar(select(AwardRule).where(AwardRule.name == "单项奖"))
    build.award_tier(rule, name="一等奖", quota=1, position=1)
    award = next(a for a in compute_contest(world["contest"], OFFICIAL).awards
                 if a.rule.id == rule.id)
    assert [a.key for a in award.outcome.awards] == ["A1"]


def test_an_unknown_choice_is_refused(client, world, db):
    response = _new_rule(client, world, ranked_together="galaxy")
    assert response.status_code == 200
    assert db.session.scalar(select(AwardRule).where(AwardRule.name == "单项奖")) is None
