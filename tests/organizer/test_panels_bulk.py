"""Panels in bulk: every event × component × rater group of a stage in one POST, existing
ones skipped; and the judge grid that grows beyond three blank rows."""
import re

from sqlalchemy import func, select

from contests.models import Panel, PanelJudge
from tests.organizer.rows import rows


def _stage_with_two_events(build):
    contest = build.contest()
    stage = build.stage(contest)
    events = [build.event(contest, name="前厅接待"), build.event(contest, name="客房服务")]
    theory = build.component(stage, name="理论", weight=30)
    practice = build.component(stage, name="实操", weight=70)
    groups = [build.rater_group(theory, name="阅卷组"), build.rater_group(practice, name="评审组")]
    return contest, stage, events, (theory, practice), groups


def _url(contest, stage):
    return f"/organizer/contests/{contest.id}/stages/{stage.id}/panels/bulk?lang=en"


def _data(events, components, **extra):
    data = {"events": [str(e.id) for e in events], "components": [str(c.id) for c in components],
            "pattern": "{event}·{component}", "op": "create"}
    data.update(extra)
    return data


def test_bulk_creates_events_times_components_with_the_same_judges(client, organizer, db,
                                                                      build):
    contest, stage, events, components, _groups = _stage_with_two_events(build)
    chief, judge1, judge2 = build.user("chief_judge"), build.user("judge"), build.user("judge")
    data = _data(events, components, judges=[str(judge1.id), str(judge2.id)],
                 chief_id=str(chief.id))
    response = client.post(_url(contest, stage), data=data)
    assert response.status_code == 302
    names = sorted(db.session.scalars(select(Panel.name)))
    assert names == sorted(["前厅接待·理论", "前厅接待·实操", "客房服务·理论", "客房服务·实操"])
    for panel in db.session.scalars(select(Panel)):
        seats = {(j.user_id, j.is_chief) for j in panel.judges}
        assert seats == {(chief.id, True), (judge1.id, False), (judge2.id, False)}
        assert panel.rater_group.component_id == panel.component_id
    page = client.get(f"/organizer/contests/{contest.id}/panels/?lang=en").get_data(as_text=True)
    assert "Created 4 panels." in page


def test_bulk_skips_panels_that_exist_and_says_so(client, organizer, db, build):
    contest, stage, events, components, groups = _stage_with_two_events(build)
    build.panel(stage, events[0], components[0], groups[0], name="已有的理论组")
    response = client.post(_url(contest, stage), data=_data(events, components),
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Created 3 panels." in page
    assert "Skipped 1 that already have a panel: 已有的理论组." in page
    assert db.session.scalar(select(func.count(Panel.id))) == 4
    # run again: everything exists, nothing is added
    client.post(_url(contest, stage), data=_data(events, components))
    assert db.session.scalar(select(func.count(Panel.id))) == 4


def test_one_panel_per_heat(client, organizer, db, build):
    contest, stage, events, components, _groups = _stage_with_two_events(build)
    build.heat(stage, name="北京赛区")
    build.heat(stage, name="上海赛区")
    data = _data(events[:1], components[1:], per_heat="y",
                 pattern="{heat}-{event}-{component}")
    assert client.post(_url(contest, stage), data=data).status_code == 302
    assert sorted(db.session.scalars(select(Panel.name))) == sorted([
        "上海赛区-前厅接待-实操", "北京赛区-前厅接待-实操"])


def test_a_pattern_giving_two_panels_one_name_creates_nothing(client, organizer, db, build):
    contest, stage, events, components, _groups = _stage_with_two_events(build)
    response = client.post(_url(contest, stage), data=_data(events, components,
                                                            pattern="{component}"))
    assert response.status_code == 422
    assert "The pattern gives two panels the same name “理论”" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Panel.id))) == 0


def test_an_unknown_placeholder_is_refused(client, organizer, db, build):
    contest, stage, events, components, _groups = _stage_with_two_events(build)
    response = client.post(_url(contest, stage), data=_data(events, components,
                                                            pattern="{event}{venue}"))
    assert response.status_code == 422
    assert "unknown part {venue}" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Panel.id))) == 0


def test_preview_lists_new_and_existing_without_saving(client, organizer, db, build):
    contest, stage, events, components, groups = _stage_with_two_events(build)
    build.panel(stage, events[1], components[1], groups[1], name="客房实操组")
    page = client.post(_url(contest, stage), data=_data(events, components, op="preview"))
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert text.count("Exists: skipped") == 1 and text.count(">To be created<") == 3
    assert db.session.scalar(select(func.count(Panel.id))) == 1


def test_the_page_offers_every_event_and_component_ticked(client, organizer, build):
    contest, stage, events, components, _groups = _stage_with_two_events(build)
    page = client.get(_url(contest, stage)).get_data(as_text=True)
    for thing in (*events, *components):
        assert re.search(rf'<input checked[^>]*value="{thing.id}"|value="{thing.id}"[^>]*checked',
                         page)


def test_the_judge_grid_grows_beyond_three_rows(client, organizer, db, build):
    world = build.scored_contest()
    url = f"/organizer/contests/{world['contest'].id}/panels/{world['panel'].id}/judges?lang=en"
    page = client.get(url).get_data(as_text=True)
    assert "data-add-row" in page  # the "Add a row" button
    judges = [build.user("judge") for _ in range(4)]
    typed = rows({"id": str(world["panel_judge"].id), "user_id": str(world["judge"].id)},
                 *({"user_id": str(j.id)} for j in judges[:3]))
    grown = client.post(url, data=dict(typed, more_rows="1")).get_data(as_text=True)
    assert len(set(re.findall(r'name="rows-(\d+)-user_id"', grown))) == 7
    assert re.search(rf'<option selected value="{judges[2].id}">', grown)  # kept as typed
    assert db.session.scalar(select(func.count(PanelJudge.id))) == 1  # nothing saved yet
    five = dict(typed, **rows(*[{}] * 4, {"user_id": str(judges[3].id)}))
    assert client.post(url, data=five).status_code == 302
    assert db.session.scalar(select(func.count(PanelJudge.id))) == 5
