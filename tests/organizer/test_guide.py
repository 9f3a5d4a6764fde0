"""The set-up guide on a contest's page: each step's state moves as the contest is set up,
the next action points at the page that does it, and the dashboard shows each contest's
phase. The guide reads a fixed number of queries however large the contest."""
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from sqlalchemy import event, select

from contests.models import Contest
from contests.services import setup_guide
from contests.services.judging import opening, progress
from contests.services.results import publication


@pytest.fixture
def english(app):
    """The guide's words in English (a request asking for ?lang=en)."""
    with app.test_request_context("/?lang=en"):
        yield


def _steps(contest):
    return {step.key: step for step in setup_guide.guide(contest).steps}


def _first(step):
    action = step.actions[0]
    return action.endpoint, action.args, action.query


def test_a_new_contest_opens_on_its_guide(client, organizer, db):
    response = client.post("/organizer/contests/new", data={
        "code": "HOTEL", "name": "全国星级饭店从业人员服务技能竞赛", "year": "2026",
        "decimal_places": "2", "rounding_point": "final", "missing_group_policy": "refuse"})
    contest = db.session.scalar(select(Contest))
    assert urlsplit(response.headers["Location"]).path == f"/organizer/contests/{contest.id}/"
    page = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "Set-up guide" in page and "Add the stages" in page
    assert f'href="/organizer/contests/{contest.id}/stages"' in page


def test_steps_move_as_the_contest_is_set_up(build, db, english):
    contest = build.contest()
    steps = _steps(contest)
    assert [s.state for s in steps.values()] == ["todo"] * 10
    assert _first(steps["stages"])[0] == "organizer.rows_stages"
    assert setup_guide.guide(contest).next_step.key == "stages"

    first = build.stage(contest, name="省内选拔赛", judging_opened_at=None)
    second = build.stage(contest, name="全国总决赛", judging_opened_at=None)
    hotel = build.event(contest, name="前厅接待")
    steps = _steps(contest)
    assert steps["stages"].state == steps["events"].state == "done"
    assert steps["assessment"].state == "todo"
    assert _first(steps["assessment"]) == ("organizer.rows_components",
                                           {"contest_id": contest.id, "parent_id": first.id}, {})

    component = build.component(first, name="实操")
    steps = _steps(contest)
    assert steps["assessment"].state == "doing"
    assert "1 of 2 stages have components" in steps["assessment"].summary
    # the next action offers to copy the first stage's assessment into the second
    assert _first(steps["assessment"]) == ("organizer.stage_copy",
                                           {"contest_id": contest.id, "obj_id": first.id},
                                           {"to": second.id})
    assert _first(steps["rater_groups"]) == ("organizer.rows_rater_groups",
                                             {"contest_id": contest.id,
                                              "parent_id": component.id}, {})

    second_component = build.component(second, name="实操")
    criterion = build.criterion(component)
    steps = _steps(contest)
    assert "2 of 2 stages have components; 1 of 2 components have a rubric" in \
        steps["assessment"].summary
    assert _first(steps["assessment"]) == ("organizer.rubric_editor",
                                           {"contest_id": contest.id,
                                            "parent_id": second_component.id}, {})
    build.criterion(second_component)
    group = build.rater_group(component)
    build.rater_group(second_component)
    steps = _steps(contest)
    assert steps["assessment"].state == steps["rater_groups"].state == "done"
    assert "2 of 2 stages have components" in steps["assessment"].summary
    assert steps["people"].state == "todo"

    contestant = build.contestant(contest, delegation_id=build.delegation(contest).id)
    assert _steps(contest)["people"].state == "doing"
    entry = build.entry(contestant, hotel, first)
    steps = _steps(contest)
    assert steps["people"].state == "done"
    assert "1 delegations, 1 contestants, 1 entries." in steps["people"].summary
    assert steps["panels"].state == "todo"

    panel = build.panel(first, hotel, component, group)
    steps = _steps(contest)
    assert steps["panels"].state == "doing"
    assert "0 of 2 panels needed have judges." in steps["panels"].summary
    assert _first(steps["panels"]) == ("organizer.rows_judges",
                                       {"contest_id": contest.id, "parent_id": panel.id}, {})

    judge = build.user("judge")
    build.panel_judge(panel, judge)
    steps = _steps(contest)
    assert "1 of 2 panels needed have judges." in steps["panels"].summary
    assert _first(steps["panels"])[0] == "organizer.panels_new"  # the final's panel
    assert steps["judging"].state == "todo"
    assert "Judging open in 0 of 2 stages; 0 of 1 judges' sheets" in steps["judging"].summary
    assert steps["judging"].actions[0].label == "Open judging of 省内选拔赛"
    assert _first(steps["judging"])[0] == "organizer.judging_progress"
    assert steps["judging"].actions[0].anchor == f"stage-{first.id}-judging"
    opening.open_judging(first, None)
    steps = _steps(contest)
    assert steps["judging"].state == "doing"
    assert "Judging open in 1 of 2 stages" in steps["judging"].summary
    assert setup_guide.guide(contest).phase == "judging"

    sheet = build.marked(panel, entry, judge, criterion)
    assert _steps(contest)["judging"].state == "doing"
    sheet.status = "confirmed"
    db.session.commit()
    steps = _steps(contest)
    assert steps["judging"].state == "done"
    assert steps["results"].state == "doing"  # complete marks, but no award rule yet
    assert _first(steps["results"])[0] == "organizer.award_rules_new"
    build.award_tier(build.award_rule(contest, method="quota"), quota=1)
    assert _steps(contest)["results"].state == "done"

    version = publication.publish(contest, publicity_ends_on=date.today(), change_note=None,
                                  user=None)
    steps = _steps(contest)
    assert steps["publication"].state == "doing"
    assert "in its publicity period" in steps["publication"].summary
    publication.finalize(version, None, today=date.today() + timedelta(days=1))
    steps = _steps(contest)
    assert steps["publication"].state == "done"
    assert steps["certificates"].state in ("doing", "done")


def test_the_next_event_without_panels_is_offered_a_copy(build):
    data = build.scored_contest()
    contest = data["contest"]
    other = build.event(contest, name="客房服务")
    build.entry(build.contestant(contest), other, data["stage"])
    steps = _steps(contest)
    assert _first(steps["panels"]) == ("organizer.event_copy",
                                       {"contest_id": contest.id, "obj_id": data["event"].id},
                                       {"to": other.id})


def test_the_page_shows_states_and_links_to_the_next_action(client, build, organizer):
    contest = build.contest()
    first = build.stage(contest, name="预赛")
    second = build.stage(contest, name="决赛")
    build.component(first)
    page = client.get(f"/organizer/contests/{contest.id}/?lang=en").get_data(as_text=True)
    assert "Next:" in page and "Not started" in page and "In progress" in page
    assert "Done" in page  # the stages
    assert (f'href="/organizer/contests/{contest.id}/stages/{first.id}/copy?to={second.id}"'
            in page)
    # the contest's other pages stay reachable
    for path in ("edit", "exchange/", "certificates/", "events/", "judging"):
        assert f'href="/organizer/contests/{contest.id}/{path}' in page
    chinese = client.get(f"/organizer/contests/{contest.id}/?lang=zh_CN").get_data(as_text=True)
    assert "设置向导" in chinese and "下一步：" in chinese and "Set-up guide" not in chinese


def test_dashboard_shows_each_contests_phase(client, build, db, organizer):
    idle = build.contest(name="未开始的竞赛")
    data = build.scored_contest()
    contest = data["contest"]
    phases = setup_guide.phases([idle.id, contest.id])
    assert phases == {idle.id: "setting_up", contest.id: "judging"}
    data["sheet"].status = "confirmed"
    db.session.commit()
    assert setup_guide.phases([contest.id])[contest.id] == "provisional"
    version = publication.publish(contest, publicity_ends_on=date.today(), change_note=None,
                                  user=None)
    assert setup_guide.phases([contest.id])[contest.id] == "publicity"
    page = client.get("/organizer/?lang=en").get_data(as_text=True)
    assert "In publicity" in page and "Setting up" in page
    assert f'href="/organizer/contests/{contest.id}/next-edition"' in page
    publication.finalize(version, None, today=date.today() + timedelta(days=1))
    assert setup_guide.phases([contest.id])[contest.id] == "final"


def test_judging_counts_agree_with_the_progress_page(build, db):
    data = build.scored_contest()
    contest, panel = data["contest"], data["panel"]
    second_judge = build.user("judge", unit="某公司")
    build.panel_judge(panel, second_judge)
    for _n in range(3):
        entry = build.entry(build.contestant(contest), data["event"], data["stage"],
                            heat_id=data["heat"].id)
    build.contestant(contest, unit="某公司")  # not entered: changes nothing
    kept_off = build.contestant(contest, unit="某公司")  # the second judge's own unit
    build.entry(kept_off, data["event"], data["stage"], heat_id=data["heat"].id)
    build.conflict(contest, data["judge"], contestant_id=entry.contestant_id)
    build.marked(panel, entry, second_judge, data["criterion"]).status = "submitted"
    db.session.commit()
    expected = progress.contest_progress(contest.id)[0]
    tally = setup_guide.judging_tallies([contest.id])[contest.id][None]
    assert tally.expected == expected.expected == 8  # 5 entries × 2 judges, 2 recused
    assert (tally.draft, tally.submitted, tally.confirmed) == (
        expected.counts["draft"], expected.counts["submitted"], expected.counts["confirmed"])


def _statements(db, work) -> int:
    seen = []

    def count(*_args):
        seen.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        work()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


def test_the_guide_reads_a_fixed_number_of_queries(build, db):
    small = build.scored_contest()
    large = build.scored_contest()
    contest = large["contest"]
    for _n in range(3):
        stage = build.stage(contest)
        component = build.component(stage, weight=Decimal(100))
        build.criterion(component)
        group = build.rater_group(component)
        event_ = build.event(contest)
        panel = build.panel(stage, event_, component, group)
        for _judge in range(2):
            build.panel_judge(panel, build.user("judge"))
        for _entrant in range(3):
            build.entry(build.contestant(contest), event_, stage)
    db.session.expire_all()
    few = _statements(db, lambda: setup_guide.guide(db.session.get(Contest, small["contest"].id)))
    db.session.expire_all()
    many = _statements(db, lambda: setup_guide.guide(db.session.get(Contest, contest.id)))
    assert few == many
