"""The database itself refuses impossible states, whatever code writes to it."""
from decimal import Decimal

import pytest
from sqlalchemy.exc import IntegrityError

from contests.models import Contestant, Criterion, Entry, RaterGroup


def _refused(db, obj):
    db.session.add(obj)
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_duplicate_bib_in_a_contest_is_refused(db, build):
    contest = build.contest()
    build.contestant(contest, bib="A001")
    _refused(db, Contestant(contest_id=contest.id, bib="A001", name="重复"))


def test_same_bib_in_another_contest_is_fine(db, build):
    build.contestant(build.contest(), bib="A001")
    other = build.contestant(build.contest(), bib="A001")
    assert other.id is not None


def test_negative_rater_group_weight_is_refused(db, build):
    component = build.component(build.stage(build.contest()))
    _refused(db, RaterGroup(component_id=component.id, name="自评", weight=Decimal("-5")))


def test_negative_component_weight_is_refused(db, build):
    from contests.models import Component
    stage = build.stage(build.contest())
    _refused(db, Component(stage_id=stage.id, name="理论", weight=Decimal("-30")))


@pytest.mark.parametrize("maximum", ["0", "-1"])
def test_criterion_max_must_be_positive(db, build, maximum):
    component = build.component(build.stage(build.contest()))
    _refused(db, Criterion(component_id=component.id, name="服务质量",
                           max_points=Decimal(maximum)))


def test_negative_bonus_cap_is_refused(db, build):
    from contests.models import Component
    stage = build.stage(build.contest())
    _refused(db, Component(stage_id=stage.id, name="综合", weight=Decimal(100),
                           bonus_cap=Decimal("-1")))


def test_two_stages_cannot_share_a_position(db, build):
    from contests.models import Stage
    contest = build.contest()
    build.stage(contest, position=1)
    _refused(db, Stage(contest_id=contest.id, position=1, name="重复"))


def test_entry_heat_must_belong_to_its_stage(db, build):
    contest = build.contest()
    first, second = build.stage(contest), build.stage(contest)
    heat_of_second = build.heat(second)
    contestant = build.contestant(contest)
    event = build.event(contest)
    _refused(db, Entry(contestant_id=contestant.id, event_id=event.id, stage_id=first.id,
                       heat_id=heat_of_second.id))


def test_unknown_entry_status_is_refused(db, build):
    contest = build.contest()
    _refused(db, Entry(contestant_id=build.contestant(contest).id,
                       event_id=build.event(contest).id, stage_id=build.stage(contest).id,
                       status="champion"))


def test_marks_are_exact_decimals(db, build):
    world = build.scored_contest()
    db.session.expire_all()
    mark = world["sheet"].marks[0]
    db.session.refresh(mark)
    assert isinstance(mark.value, Decimal)
    assert mark.value == Decimal("8")


def test_a_mark_cannot_be_negative(db, build):
    from contests.models import Mark
    world = build.scored_contest()
    unmarked = build.criterion(world["component"])
    _refused(db, Mark(sheet_id=world["sheet"].id, criterion_id=unmarked.id,
                      value=Decimal("-1")))
