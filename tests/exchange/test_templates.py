"""Contest templates: export → import builds an identical contest; shipped templates
import; a bad document is refused with the place and the reason of every error."""
import copy
import io
import json

import pytest

from contests.exchange.contest_template import SHIPPED, dumps, export, shipped
from contests.exchange.template_schema import parse, validate
from contests.models import Contest, Criterion
from contests.refusals import Refused
from contests.services.exchange.contest_templates import create_contest
from tests.exchange.helpers import count


def _configuration(contest) -> dict:
    document = export(contest)
    document.pop("source")
    return document


@pytest.fixture
def configured(build):
    """A contest using every part of the template: heats, a rubric tree with an
    event-specific line, rater groups, award tiers and a title for a tier's holders."""
    world = build.scored_contest()
    contest, component = world["contest"], world["component"]
    contest.name_en, contest.organizer = "", "中华全国总工会"  # forms save an empty text as ""
    parent = build.criterion(component, code="B", name="服务质量", max_points=20)
    build.criterion(component, code="B1", name="仪容仪表", max_points=8, parent_id=parent.id,
                    event_id=world["event"].id)
    rule = build.award_rule(contest, stage_id=world["stage"].id, method="quota")
    tier = build.award_tier(rule, quota=1, benefit_amount=300, benefit_period="month")
    build.title_rule(contest, basis="tier_holder", award_tier_id=tier.id, is_nomination=True)
    return contest


def test_reimported_template_builds_an_identical_contest(configured, english):
    document = json.loads(dumps(export(configured)))
    copy_ = create_contest(document, code="NEXT", name="下一届", year=2027)
    assert (copy_.code, copy_.name, copy_.year) == ("NEXT", "下一届", 2027)
    expected = _configuration(configured)
    expected["contest"]["name"] = "下一届"
    assert _configuration(copy_) == expected
    assert copy_.id != configured.id


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_templates_validate_and_import(app, name, english):
    document = shipped(name)
    assert validate(document) == []
    contest = create_contest(document, code=name.upper(), name=document["contest"]["name"],
                             year=2027)
    assert _configuration(contest) == {k: v for k, v in document.items() if k != "source"}


def test_union_chair_template_carries_the_seed_rules(app, english):
    contest = create_contest(shipped("union-chair"), code="UC27", name="2027年度考核",
                             year=2027)
    (component,) = contest.stages[0].components
    assert [(g.name, g.weight) for g in component.rater_groups] == [
        ("个人自评", 5), ("乡镇（街道）工会评价", 15), ("评审组评价", 80)]
    kinds = {c.kind for c in Criterion.query.filter_by(component_id=component.id)}
    assert kinds == {"normal", "bonus", "veto"}
    hotel = create_contest(shipped("star-hotel"), code="H27", name="2027饭店", year=2027)
    assert [s.name for s in hotel.stages] == ["省内选拔赛", "全国总决赛"]
    assert len(hotel.events) == 4


def _errors(document) -> list[str]:
    return [str(error) for error in validate(document)]


def test_schema_errors_name_the_place_and_the_reason(app, english):
    document = copy.deepcopy(shipped("star-hotel"))
    final = document["stages"][1]
    final["components"][1]["weight"] = "170"
    final["components"][0]["rater_groups"][0]["aggregation"] = "average"
    final["colour"] = "red"
    del document["contest"]["decimal_places"]
    assert _errors(document) == [
        "contest › decimal_places: is required",
        "stages[1] (全国总决赛) › colour: is not a known field",
        "stages[1] (全国总决赛) › components[0] (理论知识) › rater_groups[0] (阅卷组) › "
        "aggregation: “average” is not one of: mean, trimmed_mean, median",
        "stages[1] (全国总决赛) › components[1] (实操技能) › weight: must be a number from 0 "
        "to 100"]


def test_rule_errors_after_the_shape_is_right(app, english):
    document = copy.deepcopy(shipped("star-hotel"))
    document["stages"][1]["components"][1]["weight"] = "60"
    document["award_rules"][0]["event"] = "插花"
    document["award_rules"][0]["stage"] = 3
    assert _errors(document) == [
        "stages[1] (全国总决赛) › components: weights add up to 90, not 100",
        "award_rules[0] (前厅服务个人奖) › stage: stage 3 does not exist (the template has 2)",
        "award_rules[0] (前厅服务个人奖) › event: names no event of the template"]


@pytest.mark.parametrize("text, message", [
    ("{", "line 1, column 2: this is not JSON"),
    ('{"format": "contest"}', 'format: this is not a contest template ("format" must be '
                              '"contests-template")'),
    ('{"format": "contests-template", "version": 2}',
     "version: version 2 is newer than this service reads (1): update the service"),
])
def test_not_a_template(app, english, text, message):
    document, errors = parse(text)
    assert str(errors[0]).startswith(message)


def test_invalid_template_creates_nothing(app, english):
    document = copy.deepcopy(shipped("union-chair"))
    document["stages"] = []
    with pytest.raises(Refused, match="stages: needs at least 1 item"):
        create_contest(document, code="X", name="x", year=2027)
    assert count(Contest) == 0


def test_new_contest_page_from_shipped_template_and_copy(client, organizer, configured):
    page = client.get("/organizer/exchange/new-contest?lang=en").get_data(as_text=True)
    assert "Template: 武安市2026年度非公企业工会主席等级考核" in page
    response = client.post("/organizer/exchange/new-contest", data={
        "source": "shipped:union-chair", "code": "UNION2027", "name": "", "year": "2027"})
    assert response.status_code == 302
    union = Contest.query.filter_by(code="UNION2027").one()
    assert union.name == "武安市2026年度非公企业工会主席等级考核" and union.year == 2027
    client.post("/organizer/exchange/new-contest", data={
        "source": f"contest:{configured.id}", "code": "COPY", "name": "复制", "year": "2027"})
    copied = Contest.query.filter_by(code="COPY").one()
    assert len(copied.stages[0].components[0].rater_groups) == 1


def test_uploaded_template_with_errors_is_refused(client, organizer, english):
    document = copy.deepcopy(shipped("union-chair"))
    document["stages"][0]["components"][0]["rater_groups"][2]["weight"] = "70"
    data = {"source": "", "code": "BAD", "name": "", "year": "2027",
            "file": (io.BytesIO(json.dumps(document).encode()), "t.json")}
    page = client.post("/organizer/exchange/new-contest?lang=en", data=data,
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "No contest was created" in page
    assert "rater_groups: weights add up to 90, not 100" in page
    assert count(Contest) == 0


def test_template_download(client, organizer, configured):
    response = client.get(f"/organizer/contests/{configured.id}/exchange/template.json")
    document = json.loads(response.data)
    assert (document["format"], document["version"]) == ("contests-template", 1)
    assert response.headers["Content-Disposition"].startswith("attachment")
