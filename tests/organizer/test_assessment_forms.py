"""Components, rater groups and rubric criteria: weights must sum to 100, caps and maxima
must make sense, and a refused edit saves nothing."""
from decimal import Decimal

from sqlalchemy import func, select

from contests.models import Component, Criterion, RaterGroup
from tests.organizer.rows import rows


def _component(name, weight, **extra):
    row = {"name": name, "position": "1", "weight": weight, "max_score": "100"}
    row.update(extra)
    return row


def _group(name, weight, **extra):
    row = {"name": name, "position": "1", "weight": weight, "aggregation": "mean",
           "aggregation_level": "sheet", "trim_k": "0", "trim_fallback": "mean"}
    row.update(extra)
    return row


def test_theory_30_practical_70_saved(client, organizer, db, build):
    stage = build.stage(build.contest())
    url = f"/organizer/contests/{stage.contest_id}/stages/{stage.id}/components"
    data = rows(_component("理论", "30", pass_mark="60"), _component("实操", "70", pass_mark="60"))
    assert client.post(url, data=data).status_code == 302
    weights = db.session.scalars(select(Component.weight).order_by(Component.name)).all()
    assert sorted(weights) == [Decimal(30), Decimal(70)]


def test_component_weights_not_100_save_nothing(client, organizer, db, build):
    stage = build.stage(build.contest())
    url = f"/organizer/contests/{stage.contest_id}/stages/{stage.id}/components?lang=en"
    page = client.post(url, data=rows(_component("理论", "30"), _component("实操", "60")))
    assert "The weights add up to 90%, not 100%." in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Component.id))) == 0


def test_negative_bonus_cap_refused_beside_its_field(client, organizer, db, build):
    stage = build.stage(build.contest())
    url = f"/organizer/contests/{stage.contest_id}/stages/{stage.id}/components?lang=en"
    page = client.post(url, data=rows(_component("综合", "100", bonus_cap="-5")))
    assert "Must be at least 0." in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Component.id))) == 0


def test_pass_mark_above_full_marks_refused(client, organizer, db, build):
    stage = build.stage(build.contest())
    url = f"/organizer/contests/{stage.contest_id}/stages/{stage.id}/components?lang=en"
    page = client.post(url, data=rows(_component("理论", "100", pass_mark="120")))
    assert "The pass mark is above full marks." in page.get_data(as_text=True)


def test_union_chair_rater_groups_5_15_80(client, organizer, db, build):
    component = build.component(build.stage(build.contest()))
    url = (f"/organizer/contests/{component.stage.contest_id}/components/"
           f"{component.id}/rater-groups")
    data = rows(_group("个人自评", "5"), _group("乡镇工会评价", "15"),
                _group("评审组评价", "80", aggregation="trimmed_mean", trim_k="1"))
    assert client.post(url, data=data).status_code == 302
    groups = db.session.scalars(select(RaterGroup).order_by(RaterGroup.weight)).all()
    assert [(g.name, g.weight) for g in groups] == [
        ("个人自评", Decimal(5)), ("乡镇工会评价", Decimal(15)), ("评审组评价", Decimal(80))]
    assert groups[2].trim_k == 1


def test_rater_group_weights_not_100_save_nothing(client, organizer, db, build):
    component = build.component(build.stage(build.contest()))
    url = (f"/organizer/contests/{component.stage.contest_id}/components/"
           f"{component.id}/rater-groups?lang=en")
    page = client.post(url, data=rows(_group("自评", "5"), _group("评审组", "80")))
    assert "The weights add up to 85%, not 100%." in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count(RaterGroup.id))) == 0


def test_trimming_needs_a_trimmed_mean(client, organizer, db, build):
    component = build.component(build.stage(build.contest()))
    url = (f"/organizer/contests/{component.stage.contest_id}/components/"
           f"{component.id}/rater-groups?lang=en")
    page = client.post(url, data=rows(_group("评审组", "100", trim_k="1")))
    assert "Only a trimmed mean drops marks." in page.get_data(as_text=True)


def test_blank_spare_rows_are_ignored(client, organizer, db, build):
    component = build.component(build.stage(build.contest()))
    url = (f"/organizer/contests/{component.stage.contest_id}/components/"
           f"{component.id}/rater-groups")
    data = rows(_group("评审组", "100"), {"name": "", "weight": ""}, {"name": ""})
    assert client.post(url, data=data).status_code == 302
    assert db.session.scalar(select(func.count(RaterGroup.id))) == 1


def _criterion(component, **extra):
    data = {"component_id": str(component.id), "name": "服务质量", "position": "1",
            "max_points": "20", "step": "0.5", "kind": "normal"}
    data.update(extra)
    return data


def test_criterion_tree(client, organizer, db, build):
    component = build.component(build.stage(build.contest()))
    url = f"/organizer/contests/{component.stage.contest_id}/criteria/new"
    assert client.post(url, data=_criterion(component)).status_code == 302
    parent = db.session.scalar(select(Criterion))
    child = _criterion(component, name="礼貌用语", parent_id=str(parent.id), max_points="5")
    assert client.post(url, data=child).status_code == 302
    db.session.expire_all()
    assert [c.name for c in db.session.get(Criterion, parent.id).children] == ["礼貌用语"]


def test_criterion_max_not_positive_refused(client, organizer, db, build):
    component = build.component(build.stage(build.contest()))
    url = f"/organizer/contests/{component.stage.contest_id}/criteria/new?lang=en"
    page = client.post(url, data=_criterion(component, max_points="0")).get_data(as_text=True)
    assert "Maximum points must be above zero." in page
    assert db.session.scalar(select(func.count(Criterion.id))) == 0


def test_child_criterion_above_parent_max_refused(client, organizer, db, build):
    component = build.component(build.stage(build.contest()))
    parent = build.criterion(component, max_points=Decimal(10))
    url = f"/organizer/contests/{component.stage.contest_id}/criteria/new?lang=en"
    data = _criterion(component, parent_id=str(parent.id), max_points="12")
    assert "More than its parent's maximum (10" in client.post(url, data=data).get_data(
        as_text=True)
    assert db.session.scalar(select(func.count(Criterion.id))) == 1


def test_criterion_with_marks_cannot_be_deleted(client, organizer, db, build):
    world = build.scored_contest()
    url = (f"/organizer/contests/{world['contest'].id}/criteria/"
           f"{world['criterion'].id}/delete?lang=en")
    page = client.post(url, follow_redirects=True).get_data(as_text=True)
    assert "cannot be deleted: 1 marks have been entered" in page
    assert db.session.get(Criterion, world["criterion"].id) is not None


def test_criterion_of_another_contest_is_404(client, organizer, build):
    world = build.scored_contest()
    other = build.contest()
    url = f"/organizer/contests/{other.id}/criteria/{world['criterion'].id}/edit"
    assert client.get(url).status_code == 404
