"""The ranking order is chosen, not typed: the stage's "Ranking order" page offers the
registry's metrics and the stage's own components and criteria; a bad item is refused at
save with its name and nothing saved; a component tie-break really separates a tie; an
order stored before these checks (or written around them) is refused by name on the
standings page instead of failing."""
import copy
from decimal import Decimal as D

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from contests.exchange.contest_template import shipped
from contests.exchange.template_schema import validate
from contests.models import AuditEntry, Mark, ScoreSheet, Stage
from contests.refusals import Invalid
from contests.services.exchange.contest_templates import create_contest
from contests.services.results import ranking_order
from contests.services.results.compute import compute_stage
from contests.services.results.loading import PROVISIONAL
from tests.organizer.rows import rows


@pytest.fixture
def tied(build, db):
    """Two contestants tied on the total (85 each) who differ on both components."""
    contest = build.contest()
    stage = build.stage(contest, name="决赛")
    event = build.event(contest, name="客房服务")
    judge = build.user("judge")
    parts = {}
    for position, name in enumerate(("理论知识", "实操技能"), start=1):
        component = build.component(stage, name=name, weight=D(50), position=position)
        group = build.rater_group(component, name="裁判组")
        criterion = build.criterion(component, code=f"A{position}", name=f"{name}得分",
                                    max_points=D(100), step=D(1))
        panel = build.panel(stage, event, component, group, name=f"{name}评审组")
        build.panel_judge(panel, judge)
        parts[name] = (panel, criterion)
    marks = {"T01": {"理论知识": 90, "实操技能": 80}, "T02": {"理论知识": 80, "实操技能": 90}}
    for bib, by_component in marks.items():
        entry = build.entry(build.contestant(contest, bib=bib, name=f"选手{bib}"), event, stage)
        for name, value in by_component.items():
            panel, criterion = parts[name]
            sheet = ScoreSheet(panel_id=panel.id, entry_id=entry.id, judge_id=judge.id,
                               status="confirmed")
            sheet.marks.append(Mark(criterion_id=criterion.id, value=D(value)))
            db.session.add(sheet)
    db.session.commit()
    return dict(contest=contest, stage=stage)


def _url(world) -> str:
    return (f"/organizer/contests/{world['contest'].id}/stages/{world['stage'].id}"
            "/ranking-order?lang=en")


def _choose(*items) -> dict:
    return {f"items-{index}": item for index, item in enumerate(items)}


def _stored(db, world) -> str:
    db.session.expire_all()
    return db.session.get(Stage, world["stage"].id).ranking_metrics


def _updates(db) -> int:
    return len(db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "update", AuditEntry.entity == "stages")).all())


def test_chooser_offers_the_stages_components_and_criteria(client, organizer, tied):
    page = client.get(_url(tied)).get_data(as_text=True)
    for value, label in (("total", "Total"), ("component:理论知识", "Component: 理论知识"),
                         ("component:实操技能", "Component: 实操技能"),
                         ("criterion:A1 理论知识得分", "Criterion: A1 理论知识得分"),
                         ("criterion:A2 实操技能得分", "Criterion: A2 实操技能得分"),
                         ("time", "Time taken (less is better)")):
        assert f'value="{value}"' in page and label in page
    assert "<select" in page and 'type="text"' not in page  # chosen, not typed
    chinese = client.get(_url(tied).replace("lang=en", "lang=zh_CN")).get_data(as_text=True)
    assert "考核模块: 实操技能" in chinese or "考核模块：实操技能" in chinese


@pytest.mark.parametrize("items, named", [
    (("totl",), "“totl” is not a ranking item"),
    (("total", "component:实炒技能"), "“component:实炒技能” names no component of this stage"),
    (("total", "criterion:Z9"), "“criterion:Z9” names no criterion of this stage"),
    (("total", "component:实操技能", "component:实操技能"), "is in the ranking order twice"),
])
def test_a_bad_item_is_refused_by_name_and_nothing_saved(client, organizer, db, tied, items,
                                                         named):
    page = client.post(_url(tied), data=_choose(*items)).get_data(as_text=True)
    assert "Nothing was saved" in page and named in page
    assert _stored(db, tied) == "total"
    assert _updates(db) == 0


def test_a_valid_order_is_saved_in_canonical_form_and_audited(client, organizer, db, tied):
    response = client.post(_url(tied), data=_choose("total", "", "component:实操技能",
                                                    "criterion:A1 理论知识得分"))
    assert response.status_code == 302
    assert _stored(db, tied) == "total,component:实操技能,criterion:A1 理论知识得分"
    assert _updates(db) == 1
    page = client.get(_url(tied)).get_data(as_text=True)
    assert "Total › Component: 实操技能 › Criterion: A1 理论知识得分" in page


def test_a_component_tie_break_separates_the_tie_in_the_standings(client, organizer, db,
                                                                  tied):
    standings = f"/organizer/contests/{tied['contest'].id}/results?lang=en"

    def ranks() -> list[tuple[int, str]]:
        db.session.expire_all()
        stage = db.session.get(Stage, tied["stage"].id)
        (ranking,) = compute_stage(stage, PROVISIONAL).rankings.values()
        return [(p.rank, p.key) for p in ranking.placings]

    assert ranks() == [(1, "T01"), (1, "T02")]  # equal on the total: one shared rank
    assert client.post(_url(tied), data=_choose("total", "component:实操技能")).status_code == 302
    assert ranks() == [(1, "T02"), (2, "T01")]  # the better practical score goes first
    page = client.get(standings).get_data(as_text=True)
    assert page.index("T02") < page.index("T01")


def test_an_invalid_stored_order_is_refused_by_name_on_the_standings_page(client, organizer,
                                                                         db, tied):
    stage = db.session.get(Stage, tied["stage"].id)
    stage.ranking_metrics = "total,totl"  # written before these checks, or around them
    db.session.commit()
    response = client.get(f"/organizer/contests/{tied['contest'].id}/results?lang=en")
    page = response.get_data(as_text=True)
    assert response.status_code != 500
    assert "“totl” is not a ranking item" in page and "决赛" in page
    chooser = client.get(_url(tied)).get_data(as_text=True)  # shows why, offers a new choice
    assert "does not fit this stage any more" in chooser and "“totl”" in chooser


def test_the_stages_grid_shows_the_order_and_never_writes_it(client, organizer, db, tied):
    contest, stage = tied["contest"], tied["stage"]
    stage.ranking_metrics = "total,component:实操技能"
    db.session.commit()
    grid = client.get(f"/organizer/contests/{contest.id}/stages?lang=en").get_data(as_text=True)
    assert "Total › Component: 实操技能" in grid
    assert f"/stages/{stage.id}/ranking-order" in grid
    row = {"id": str(stage.id), "position": "1", "name": "决赛", "carry_over_percent": "0",
           "advancement_rule": "none", "cut_tie_policy": "all_tied", "ranking_scope": "event",
           "ranking_metrics": "totl"}
    assert client.post(f"/organizer/contests/{contest.id}/stages",
                       data=rows(row)).status_code == 302
    assert _stored(db, tied) == "total,component:实操技能"


def test_renaming_a_component_the_order_uses_is_refused(client, organizer, db, tied):
    contest, stage = tied["contest"], tied["stage"]
    stage.ranking_metrics = "total,component:实操技能"
    db.session.commit()
    theory, practice = stage.components
    data = rows({"id": str(theory.id), "name": "理论知识", "weight": "50", "max_score": "100"},
                {"id": str(practice.id), "name": "实际操作", "weight": "50", "max_score": "100"})
    page = client.post(f"/organizer/contests/{contest.id}/stages/{stage.id}/components?lang=en",
                       data=data).get_data(as_text=True)
    assert "Nothing was saved" in page and "“实操技能”" in page
    db.session.expire_all()
    assert [c.name for c in db.session.get(Stage, stage.id).components] == ["理论知识", "实操技能"]


def test_an_order_naming_a_criterion_by_code_alone_is_read_and_stored_in_full(app, tied):
    targets = ranking_order.targets_of(tied["stage"])
    assert ranking_order.canonical(" total , criterion:A2 ", targets) == \
        "total,criterion:A2 实操技能得分"
    with force_locale("en"), pytest.raises(Invalid) as refused:
        ranking_order.canonical([], targets)
    assert "at least one" in str(refused.value)


def test_templates_are_checked_and_stored_the_same_way(app):
    document = shipped("star-hotel")
    document["stages"][0]["ranking_metrics"] = "total,component:实炒技能"
    with force_locale("en"):
        errors = [str(e) for e in validate(document)]
    assert any("ranking_metrics" in e and "“component:实炒技能”" in e for e in errors)
    document = copy.deepcopy(shipped("star-hotel"))
    document["stages"][0]["ranking_metrics"] = " total , component:实操技能 "
    contest = create_contest(document, code="HOTEL27", name="2027年赛", year=2027)
    assert contest.stages[0].ranking_metrics == "total,component:实操技能"


def test_every_demo_stage_holds_a_valid_canonical_order(app, db):
    from contests.services.demo.loader import load_all

    load_all(play=False)
    for stage in db.session.scalars(select(Stage)):
        targets = ranking_order.targets_of(stage)
        assert ranking_order.canonical(stage.ranking_metrics, targets) == stage.ranking_metrics
