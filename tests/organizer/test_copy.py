"""Copy instead of retyping: a stage's assessment and panels to another stage, an event's
panels to another event, a contest into its next edition. Copies are exact, refuse a
target that already has what would be copied (changing nothing), and are only for the
contest's own organizers."""
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from contests.exchange.contest_template import export
from contests.extensions import db as database
from contests.models import (
    AuditEntry,
    AwardRule,
    AwardTier,
    Component,
    Contest,
    Contestant,
    ContestMember,
    Criterion,
    Delegation,
    Entry,
    Event,
    Heat,
    Panel,
    PanelJudge,
    RaterGroup,
    ResultVersion,
    ScoreSheet,
    Stage,
    TitleRule,
)
from contests.services import copying
from contests.services.demo.loader import load_all

COUNTED = (Contest, Stage, Heat, Component, RaterGroup, Criterion, Panel, PanelJudge,
           AwardRule, TitleRule, Contestant, Entry, ScoreSheet, AuditEntry, ContestMember)


def _counts():
    return {model.__name__: database.session.scalar(select(func.count()).select_from(model))
            for model in COUNTED}


def _criteria(nodes):
    return [(n.code, n.name, n.position, n.max_points, n.step, n.kind, n.event_id,
             _criteria(n.children)) for n in sorted(nodes, key=lambda n: (n.position, n.id))]


def _tree(stage):
    """Everything of a stage's assessment and panels an organizer sees, without ids."""
    database.session.expire_all()
    stage = database.session.get(Stage, stage.id)
    components = []
    for c in stage.components:
        roots = [n for n in c.criteria if n.parent_id is None]
        components.append((
            c.name, c.position, c.weight, c.max_score, c.pass_mark, c.bonus_cap, c.allow_over_max,
            [(g.name, g.position, g.weight, g.aggregation, g.aggregation_level, g.trim_k,
              g.trim_fallback) for g in c.rater_groups],
            _criteria(roots)))
    panels = sorted(
        (p.name, p.event_id, p.heat.name if p.heat else None, p.component.name,
         p.rater_group.name, p.reveal_names,
         sorted((j.user_id, j.is_chief, j.marks) for j in p.judges))
        for p in database.session.scalars(select(Panel).where(Panel.stage_id == stage.id)))
    return components, panels


@pytest.fixture
def hotel(build):
    """A final with a detailed assessment: components at positions 1 and 3, weighted rater
    groups, a rubric tree of normal, bonus and veto items (one line for one event only, and
    positions with gaps), and two panels with judges (one per heat)."""
    contest = build.contest(name="全国星级饭店从业人员服务技能竞赛")
    front, rooms = build.event(contest, name="前厅接待"), build.event(contest, name="客房服务")
    semi = build.stage(contest, name="省内选拔赛")
    final = build.stage(contest, name="全国总决赛")
    theory = build.component(semi, name="理论", position=1, weight=Decimal(30),
                             pass_mark=Decimal(60))
    practice = build.component(semi, name="实操", position=3, weight=Decimal(70),
                               bonus_cap=Decimal(5), allow_over_max=True)
    build.rater_group(theory, name="阅卷组", weight=Decimal(100))
    review = build.rater_group(practice, name="评审组", position=1, weight=Decimal(80),
                               aggregation="trimmed_mean", trim_k=1, trim_fallback="refuse")
    township = build.rater_group(practice, name="乡镇评价", position=2, weight=Decimal(20))
    build.criterion(theory, code="T", name="理论知识", max_points=Decimal(100), step=Decimal(1))
    service = build.criterion(practice, code="1", name="服务质量", position=2,
                              max_points=Decimal(60))
    build.criterion(practice, code="1.1", name="礼仪", parent_id=service.id, position=1,
                    max_points=Decimal("20.5"), step=Decimal("0.25"))
    build.criterion(practice, code="1.2", name="铺床", parent_id=service.id, position=7,
                    max_points=Decimal(30), event_id=rooms.id)
    build.criterion(practice, code="2", name="创新加分", position=5, max_points=Decimal(5),
                    kind="bonus")
    build.criterion(practice, code="3", name="安全事故", position=9, max_points=Decimal(1),
                    kind="veto")
    heat = build.heat(semi, name="华东赛区", venue="上海")
    judges = [build.user("judge") for _n in range(3)]
    first = build.panel(semi, front, practice, review, name="前厅接待 实操评审组",
                        heat_id=heat.id, reveal_names=True)
    build.panel_judge(first, judges[0], is_chief=True)
    build.panel_judge(first, judges[1])
    second = build.panel(semi, front, practice, township, name="前厅接待 乡镇评价")
    build.panel_judge(second, judges[2])
    return dict(contest=contest, front=front, rooms=rooms, semi=semi, final=final,
                practice=practice, service=service, judges=judges, panels=[first, second])


def _url(contest, what, obj):
    return f"/organizer/contests/{contest.id}/{what}/{obj.id}/copy?lang=en"


def test_copying_a_stage_copies_rubric_and_panels_exactly(client, organizer, hotel):
    contest, semi, final = hotel["contest"], hotel["semi"], hotel["final"]
    page = client.get(_url(contest, "stages", semi).replace("?", f"?to={final.id}&"))
    assert f'<option selected value="{final.id}">' in page.get_data(as_text=True)
    response = client.post(_url(contest, "stages", semi),
                           data={"target": final.id, "with_panels": "y"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/organizer/contests/{contest.id}/")
    assert _tree(final) == _tree(semi)
    components, panels = _tree(final)
    assert [c[1] for c in components] == [1, 3] and len(panels) == 2
    assert database.session.scalar(select(Heat.venue).where(Heat.stage_id == final.id)) == "上海"
    audit = database.session.scalar(select(AuditEntry).where(AuditEntry.action == "copy_stage"))
    assert audit.entity_id == final.id and audit.user_id == organizer.id
    assert '"criteria": 6' in audit.new and '"judges": 3' in audit.new
    flashed = client.get(f"/organizer/contests/{contest.id}/?lang=en").get_data(as_text=True)
    assert "2 panels with 3 judges" in flashed


def test_copying_a_stage_without_its_panels(client, organizer, hotel):
    client.post(_url(hotel["contest"], "stages", hotel["semi"]),
                data={"target": hotel["final"].id})  # the box left unticked
    components, panels = _tree(hotel["final"])
    assert components == _tree(hotel["semi"])[0] and panels == []


def test_copying_refuses_a_stage_with_components_and_changes_nothing(client, organizer, build,
                                                                      hotel):
    build.component(hotel["final"], name="已有模块")
    before = _counts()
    response = client.post(_url(hotel["contest"], "stages", hotel["semi"]),
                           data={"target": hotel["final"].id, "with_panels": "y"})
    assert response.status_code == 409
    assert "already has 1 components: nothing was copied" in response.get_data(as_text=True)
    assert _counts() == before
    # nor into the stage itself (not offered)
    response = client.post(_url(hotel["contest"], "stages", hotel["semi"]),
                           data={"target": hotel["semi"].id, "with_panels": "y"})
    assert "Not a valid choice" in response.get_data(as_text=True) and _counts() == before
    with pytest.raises(copying.Invalid):
        copying.copy_stage(hotel["semi"], hotel["semi"])
    assert _counts() == before


def test_a_failed_copy_leaves_no_half(client, organizer, build, hotel, monkeypatch):
    """All or nothing: a failure while copying the judges undoes the components too."""
    def broken(*_args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(copying, "_copy_judges", broken)
    before = _counts()
    with pytest.raises(RuntimeError):
        copying.copy_stage(hotel["semi"], hotel["final"])
    assert _counts() == before


def test_copying_an_event_copies_its_panels_and_own_lines(client, organizer, build, hotel):
    contest, front, rooms = hotel["contest"], hotel["front"], hotel["rooms"]
    chinese, western = build.event(contest, name="中餐服务"), build.event(contest, name="西餐服务")
    # 铺床 is a line for 客房服务 only (客房服务 has no panels)
    response = client.post(_url(contest, "events", rooms), data={"target": chinese.id})
    assert response.status_code == 302
    lines = database.session.scalars(select(Criterion).where(
        Criterion.event_id == chinese.id)).all()
    assert [(c.code, c.parent_id, c.position, c.max_points, c.step) for c in lines] == [
        ("1.2", hotel["service"].id, 7, Decimal(30), Decimal("0.5"))]

    before = _counts()
    response = client.post(_url(contest, "events", front), data={"target": rooms.id})
    assert response.status_code == 409  # 客房服务 has a line of its own
    assert "nothing was copied" in response.get_data(as_text=True)
    assert _counts() == before

    response = client.post(_url(contest, "events", front), data={"target": western.id})
    assert response.status_code == 302
    after = _counts()
    assert after["Panel"] == before["Panel"] + 2 and after["PanelJudge"] == before["PanelJudge"] + 3
    assert after["Criterion"] == before["Criterion"]  # 前厅接待 has no lines of its own
    copies = database.session.scalars(select(Panel).where(Panel.event_id == western.id)
                                      .order_by(Panel.name)).all()
    originals = sorted(hotel["panels"], key=lambda p: p.name)
    assert [p.name for p in copies] == ["西餐服务 乡镇评价", "西餐服务 实操评审组"]
    for copy, original in zip(copies, originals, strict=True):
        assert (copy.stage_id, copy.heat_id, copy.component_id, copy.rater_group_id,
                copy.reveal_names) == (original.stage_id, original.heat_id,
                                       original.component_id, original.rater_group_id,
                                       original.reveal_names)
        assert sorted((j.user_id, j.is_chief) for j in copy.judges) == sorted(
            (j.user_id, j.is_chief) for j in original.judges)
    assert database.session.scalars(select(AuditEntry.entity_id).where(
        AuditEntry.action == "copy_event").order_by(AuditEntry.id)).all() == [chinese.id,
                                                                              western.id]

    response = client.post(_url(contest, "events", front), data={"target": western.id})
    assert response.status_code == 409
    assert "already has 2 panels" in response.get_data(as_text=True)
    assert _counts() == after


def test_a_copied_panel_name_never_clashes(build, hotel):
    contest = hotel["contest"]
    third = build.event(contest, name="中餐服务")
    build.panel(hotel["semi"], third, hotel["practice"], hotel["panels"][1].rater_group,
                name="中餐服务 乡镇评价")  # the name the copy would take
    database.session.execute(Panel.__table__.delete().where(Panel.event_id == third.id))
    database.session.commit()
    build.panel(hotel["semi"], hotel["rooms"], hotel["practice"],
                hotel["panels"][1].rater_group, name="中餐服务 实操评审组")
    before = _counts()
    with pytest.raises(copying.Conflict) as refused:
        copying.copy_event(hotel["front"], third)
    assert "中餐服务 实操评审组" in str(refused.value)
    assert _counts() == before


def test_next_edition_copies_the_configuration_and_nothing_else(client, organizer, build, db):
    data = build.scored_contest()
    old = data["contest"]
    old.organizer, old.decimal_places = "中华全国总工会", 1
    data["stage"].ranking_metrics = "total,time"
    rule = build.award_rule(old, method="quota", stage_id=data["stage"].id)
    tier = build.award_tier(rule, quota=3, benefit_amount=Decimal(300), benefit_period="month")
    build.title_rule(old, basis="tier_holder", award_tier_id=tier.id)
    db.session.commit()
    page = client.get(f"/organizer/contests/{old.id}/next-edition?lang=en")
    assert 'value="2027"' in page.get_data(as_text=True)
    before = _counts()
    response = client.post(f"/organizer/contests/{old.id}/next-edition",
                           data={"code": "HOTEL-2027", "name": "2027年饭店技能竞赛",
                                 "year": "2027"})
    new = db.session.scalar(select(Contest).where(Contest.code == "HOTEL-2027"))
    assert response.headers["Location"].endswith(f"/organizer/contests/{new.id}/")
    assert (new.name, new.year, new.organizer, new.starts_on) == (
        "2027年饭店技能竞赛", 2027, "中华全国总工会", None)
    first, second = export(old), export(new)
    for document in (first, second):
        document.pop("source")
        document["contest"].pop("name")
    assert first == second
    assert second["stages"][0]["ranking_metrics"] == "total,time"
    assert second["award_rules"][0]["tiers"][0]["benefit_amount"] == "300"
    for model in (Delegation, Contestant, Panel, ResultVersion):
        assert db.session.scalar(select(func.count()).select_from(model).where(
            model.contest_id == new.id) if hasattr(model, "contest_id") else select(
            func.count(Panel.id)).join(Stage).where(Stage.contest_id == new.id)) == 0
    assert db.session.scalar(select(func.count(Entry.id)).join(Stage).where(
        Stage.contest_id == new.id)) == 0
    after = _counts()
    for name in ("Contestant", "Entry", "ScoreSheet", "Panel", "PanelJudge"):
        assert after[name] == before[name]
    assert db.session.get(ContestMember, (new.id, organizer.id)) is not None
    # the code is now taken: a second try is refused with the reason, nothing created
    again = client.post(f"/organizer/contests/{old.id}/next-edition?lang=en",
                        data={"code": "HOTEL-2027", "name": "又一个", "year": "2027"})
    assert "Another contest already uses this code" in again.get_data(as_text=True)
    assert _counts() == after


#: Columns that belong to one edition, not to its configuration: never copied.
EDITION = {"contests": {"code", "name", "year", "starts_on", "ends_on", "is_listed"},
           "stages": {"starts_on", "ends_on", "judging_opened_at"}, "heats": {"held_on"}}
CONFIGURATION = (Contest, Stage, Heat, Event, Component, RaterGroup, Criterion, AwardRule,
                 AwardTier, TitleRule)


def _columns(model, contest_id: int) -> list:
    """Every configuration value of `model`'s rows in a contest (no ids, no references:
    those are compared through the template above), in a stable order."""
    table = model.__table__
    kept = [c for c in table.columns if not c.primary_key and not c.foreign_keys
            and c.name not in EDITION.get(table.name, ()) and c.name != "contest_id"]
    rows = [obj for obj in database.session.scalars(select(model)) if _contest_of(obj) == contest_id]
    return sorted((tuple((c.name, getattr(obj, c.key)) for c in kept) for obj in rows), key=repr)


def _contest_of(obj) -> int:
    for path in ("contest_id", "stage.contest_id", "component.stage.contest_id",
                 "rule.contest_id", "id"):
        value = obj
        for part in path.split("."):
            value = getattr(value, part, None)
        if value is not None:
            return value
    raise AssertionError(obj)


def test_next_edition_copies_every_configuration_column(client, organizer, db):
    """Column by column: a configuration column added later must reach the next edition
    (through the contest template), or be declared above as belonging to one edition."""
    load_all(play=False)  # the demo's four contests: every kind of rule configured
    sources = db.session.scalars(select(Contest)).all()
    assert sources, "the demo should have loaded contests"
    for source in sources:
        new = copying.next_edition(source, code=f"{source.code}-NEXT", name=source.name,
                                   year=source.year + 1, member=organizer)
        for model in CONFIGURATION:
            assert _columns(model, new.id) == _columns(model, source.id), (
                f"{model.__tablename__} of {source.name} differs in its next edition")


def test_the_template_carries_every_configuration_column(build):
    """What the next edition copies is what the contest template carries: each column of
    a configuration table (but ids, references, positions, which the order carries, and
    what belongs to one edition) must be a field of the template."""
    contest = build.contest()
    stage = build.stage(contest)
    build.event(contest)
    build.heat(stage)
    component = build.component(stage)
    build.rater_group(component)
    build.criterion(component)
    build.award_tier(build.award_rule(contest))
    build.title_rule(contest, stage_id=stage.id)
    document = export(contest)
    stage_doc = document["stages"][0]
    component_doc = stage_doc["components"][0]
    fields = {"contests": document["contest"], "stages": stage_doc, "heats": stage_doc["heats"][0],
              "events": document["events"][0], "components": component_doc,
              "rater_groups": component_doc["rater_groups"][0],
              "criteria": component_doc["criteria"][0],
              "award_rules": document["award_rules"][0],
              "award_tiers": document["award_rules"][0]["tiers"][0],
              "title_rules": document["title_rules"][0]}
    forgotten = {}
    for model in CONFIGURATION:
        table = model.__table__
        columns = {c.name for c in table.columns if not c.primary_key and not c.foreign_keys
                   and c.name not in EDITION.get(table.name, set()) | {"contest_id", "position"}}
        if columns - set(fields[table.name]):
            forgotten[table.name] = sorted(columns - set(fields[table.name]))
    assert forgotten == {}, "columns a next edition would lose (add them to the template)"


def test_another_organizer_can_copy_nothing(client, login, build, hotel):
    login(build.user("organizer", runs_contests=False))
    contest = hotel["contest"]
    before = _counts()
    for url, data in (
            (_url(contest, "stages", hotel["semi"]), {"target": hotel["final"].id}),
            (_url(contest, "events", hotel["front"]), {"target": hotel["rooms"].id}),
            (f"/organizer/contests/{contest.id}/next-edition",
             {"code": "X-2027", "name": "偷来的竞赛", "year": "2027"})):
        assert client.get(url).status_code == 404
        assert client.post(url, data=data).status_code == 404
    assert _counts() == before


def test_a_target_of_another_contest_is_not_found(client, organizer, build, hotel):
    elsewhere = build.stage(build.contest())
    before = _counts()
    response = client.post(_url(hotel["contest"], "stages", hotel["semi"]),
                           data={"target": elsewhere.id, "with_panels": "y"})
    assert response.status_code in (200, 404) and _counts() == before


def test_every_foreign_key_of_a_copied_table_is_accounted_for():
    """A column pointing at another record, added later to a copied table, must be
    declared: pointed at the copy (REMAPPED) or kept as it is (KEPT)."""
    for table in copying.REMAPPED:
        keys = {fk.parent.name for fk in database.metadata.tables[table].foreign_keys}
        declared = copying.REMAPPED[table] | copying.KEPT.get(table, set())
        assert keys <= declared, f"{table}: {keys - declared} neither remapped nor kept"
