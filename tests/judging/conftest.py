"""A small marking world: one panel of three judges over three entries, a rubric with a
parent item, a bonus item and a veto, and one judge who shares a unit with a contestant."""
from dataclasses import dataclass
from decimal import Decimal

import pytest


@dataclass(frozen=True)
class Answer:
    """What the tablet receives: the HTTP status and the JSON body."""

    status: int
    body: dict


@pytest.fixture
def venue(build):
    contest = build.contest(decimal_places=2)
    stage = build.stage(contest, name="决赛")
    event = build.event(contest, name="客房服务")
    component = build.component(stage, name="实操", weight=Decimal(100), max_score=Decimal(20),
                                bonus_cap=Decimal(5))
    group = build.rater_group(component, name="裁判组")
    quality = build.criterion(component, name="服务质量", max_points=Decimal(20), position=1)
    manner = build.criterion(component, name="礼仪", max_points=Decimal(10), position=1,
                             parent_id=quality.id, step=Decimal("0.5"))
    speed = build.criterion(component, name="效率", max_points=Decimal(10), position=2,
                            parent_id=quality.id, step=Decimal("0.5"))
    bonus = build.criterion(component, name="创新加分", max_points=Decimal(5), kind="bonus",
                            position=2, step=Decimal(1))
    veto = build.criterion(component, name="重大失误", max_points=Decimal(1), kind="veto",
                           position=3, step=Decimal(1))
    delegation = build.delegation(contest, name="湖北代表队")
    people = [build.contestant(contest, bib=f"K{i}", draw_number=i, name=f"选手{i}",
                               unit=("武汉楚天大酒店" if i == 2 else f"酒店{i}"),
                               delegation_id=delegation.id if i == 3 else None)
              for i in (1, 2, 3)]
    entries = [build.entry(p, event, stage) for p in people]
    panel = build.panel(stage, event, component, group, name="客房一组")
    chief = build.user("chief_judge", display_name="裁判长")
    judge = build.user("judge", display_name="甲裁判")
    conflicted = build.user("judge", display_name="乙裁判", unit="武汉楚天大酒店")
    outsider = build.user("judge", display_name="外组裁判")
    build.panel_judge(panel, chief, is_chief=True)
    build.panel_judge(panel, judge)
    build.panel_judge(panel, conflicted)
    build.conflict(contest, conflicted, delegation_id=delegation.id, reason="本省代表队")
    return dict(contest=contest, stage=stage, event=event, component=component, group=group,
                manner=manner, speed=speed, bonus=bonus, veto=veto, quality=quality,
                entries=entries, panel=panel, chief=chief, judge=judge,
                conflicted=conflicted, outsider=outsider)


@pytest.fixture
def change(app, venue):
    """change(judge, criterion, value, base_version=0, entry=0, key=None) -> Answer,
    as a tablet's request with English messages: the service's answer, or its refusal
    as the judging blueprint answers it (contests.responses.as_json). The entry is
    addressed as the tablet addresses it, by its code on the panel, unless `address`
    says otherwise."""
    from contests.refusals import Refused
    from contests.responses import as_json, status_of
    from contests.services.judging.access import entry_code
    from contests.services.judging.changes import apply_change
    counter = iter(range(1, 10_000))

    def send(judge, criterion, value, base_version=0, entry=0, key=None, kind="mark",
             address=None, **extra):
        if address is None:
            address = entry_code(venue["panel"].id, venue["entries"][entry].id)
        payload = {"key": key or f"key-{next(counter):06d}", "panel": venue["panel"].id,
                   "entry": address, "kind": kind,
                   "criterion": criterion.id if criterion is not None else None,
                   "value": value, "base_version": base_version, **extra}
        with app.test_request_context("/?lang=en"):
            try:
                return Answer(200, apply_change(judge, payload, device="test tablet"))
            except Refused as refusal:
                response, status = as_json(refusal, status_of(refusal))
                return Answer(status, response.get_json())

    return send


@pytest.fixture
def organizer(build, login):
    """An organizer of every built contest, signed in."""
    user = build.user("organizer")
    login(user)
    return user
