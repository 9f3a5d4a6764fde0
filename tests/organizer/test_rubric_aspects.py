"""The rubric editor offers deduction items (扣分项), the measurement / judgement aspect
and a tolerance on the judges' spread, and saves them with the tree."""
from decimal import Decimal

from sqlalchemy import select

from contests.models import Criterion
from tests.organizer.rows import rows
from tests.organizer.test_rubric_editor import _row, _url


def test_the_editor_saves_kind_aspect_and_tolerance(client, organizer, db, build):
    component = build.component(build.stage(build.contest()))
    page = client.get(_url(component)).get_data(as_text=True)
    assert '<option value="deduction">Deduction</option>' in page
    assert '<option value="measurement">Measurement</option>' in page
    data = rows(_row("A", "操作规范", "60", aspect="judgement", tolerance="1"),
                _row("B", "尺寸精度", "40", aspect="measurement", tolerance=""),
                _row("C", "安全操作", "10", kind="deduction"),
                _row("C1", "未戴护目镜", "10", depth=1, kind="normal", tolerance="0"))
    assert client.post(_url(component), data=data).status_code == 302
    db.session.expire_all()
    saved = {c.code: (c.kind, c.aspect, c.tolerance) for c in db.session.scalars(
        select(Criterion).where(Criterion.component_id == component.id))}
    assert saved == {"A": ("normal", "judgement", Decimal(1)),
                     "B": ("normal", "measurement", None),
                     "C": ("deduction", "judgement", None),
                     "C1": ("deduction", "judgement", Decimal(0))}  # sub-items take the kind
    page = client.get(_url(component)).get_data(as_text=True)
    assert '<option selected value="measurement">' in page \
        or '<option value="measurement" selected>' in page


def test_a_tolerance_above_the_maximum_or_an_unknown_aspect_saves_nothing(
        client, organizer, db, build):
    component = build.component(build.stage(build.contest()))
    bad_tolerance = rows(_row("A", "操作规范", "3", tolerance="4"))
    response = client.post(_url(component), data=bad_tolerance)
    assert response.status_code == 422
    assert "The tolerance is larger than the maximum." in response.get_data(as_text=True)
    response = client.post(_url(component), data=rows(_row("A", "操作规范", "3",
                                                            aspect="opinion")))
    assert response.status_code == 422
    assert db.session.scalar(select(Criterion)) is None


def test_pasted_rows_may_say_deduction_in_chinese(client, organizer, build):
    component = build.component(build.stage(build.contest()))
    response = client.post(_url(component, "zh_CN"), data={
        "op": "paste", "paste": "1\t操作\t80\n2\t超时\t5\t0.5\t扣分项"})
    page = response.get_data(as_text=True)
    assert page.count('<option selected value="deduction">') == 1 \
        or page.count('<option value="deduction" selected>') == 1


def test_copies_and_the_next_edition_keep_kind_aspect_tolerance_and_threshold(
        organizer, db, build):
    from contests.models import Contest, Panel
    from contests.services import copying
    contest = build.contest(code="SKILL2026")
    semi, final = build.stage(contest, name="复赛"), build.stage(contest, name="决赛")
    event = build.event(contest)
    practice = build.component(semi, name="实操")
    group = build.rater_group(practice)
    build.criterion(practice, code="M", name="尺寸精度", max_points=Decimal(10),
                    aspect="measurement", tolerance=Decimal("0.5"))
    build.criterion(practice, code="D", name="超时", max_points=Decimal(5), kind="deduction")
    build.panel(semi, event, practice, group, name="实操组", flag_percent=Decimal(15))
    copying.copy_stage(semi, final)
    copied = {(c.component.stage.name, c.code): (c.kind, c.aspect, c.tolerance)
              for c in db.session.scalars(select(Criterion))}
    assert copied[("决赛", "M")] == ("normal", "measurement", Decimal("0.5"))
    assert copied[("决赛", "D")] == ("deduction", "judgement", None)
    assert {p.flag_percent for p in db.session.scalars(select(Panel))} == {Decimal(15)}
    new = copying.next_edition(contest, code="SKILL2027", name="技能大赛", year=2027,
                               member=organizer)
    found = {c.code: (c.kind, c.aspect, c.tolerance) for c in db.session.scalars(
        select(Criterion).join(Criterion.component).where(
            Criterion.component_id.in_([x.id for s in db.session.get(Contest, new.id).stages
                                        for x in s.components])))}
    assert found["M"] == ("normal", "measurement", Decimal("0.5"))
    assert found["D"] == ("deduction", "judgement", None)
