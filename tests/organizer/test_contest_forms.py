"""Contest, event and stage pages: good input saved, each kind of bad input refused with
the reason beside the field, and nothing saved."""
from decimal import Decimal

from sqlalchemy import func, select

from contests.models import AuditEntry, Contest, Event, Stage
from tests.organizer.rows import rows


def _count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


CONTEST = {"code": "HOTEL", "name": "全国星级饭店从业人员服务技能竞赛", "year": "2026",
           "decimal_places": "2", "rounding_point": "final", "missing_group_policy": "refuse"}


def test_create_contest(client, organizer, db):
    response = client.post("/organizer/contests/new", data=CONTEST)
    assert response.status_code == 302
    contest = db.session.scalar(select(Contest))
    assert contest.name == CONTEST["name"] and contest.decimal_places == 2
    audit = db.session.scalar(select(AuditEntry))
    assert audit.action == "create" and audit.entity == "contests"
    assert audit.user_id == organizer.id


def test_contest_refuses_end_before_start_and_duplicate_code(client, organizer, db, build):
    build.contest(code="HOTEL")
    data = dict(CONTEST, starts_on="2026-05-03", ends_on="2026-05-01")
    page = client.post("/organizer/contests/new?lang=en", data=data).get_data(as_text=True)
    assert "Another contest already uses this code" in page
    assert "The end date is before the start date" in page
    assert _count(db, Contest) == 1


def test_contest_refuses_implausible_decimal_places(client, organizer, db):
    data = dict(CONTEST, decimal_places="9")
    response = client.post("/organizer/contests/new?lang=en", data=data)
    assert "Between 0 and 4 places." in response.get_data(as_text=True)
    assert _count(db, Contest) == 0


def test_edit_contest_records_old_and_new(client, organizer, db, build):
    contest = build.contest(name="旧名称")
    client.post(f"/organizer/contests/{contest.id}/edit", data=dict(CONTEST, name="新名称"))
    db.session.expire_all()
    assert db.session.get(Contest, contest.id).name == "新名称"
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "update"))
    assert "旧名称" in audit.old and "新名称" in audit.new


def test_event_names_are_unique_within_a_contest(client, organizer, db, build):
    contest = build.contest()
    url = f"/organizer/contests/{contest.id}/events/new?lang=en"
    assert client.post(url, data={"name": "前厅服务", "position": "1"}).status_code == 302
    page = client.post(url, data={"name": "前厅服务", "position": "2"}).get_data(as_text=True)
    assert "already has an event of this name" in page
    assert _count(db, Event) == 1


def _stage_rows(*items):
    return rows(*items)


def _stage(position, name, **extra):
    row = {"position": str(position), "name": name, "carry_over_percent": "0",
           "advancement_rule": "none", "cut_tie_policy": "all_tied",
           "ranking_metrics": "total", "ranking_scope": "event"}
    row.update(extra)
    return row


def test_stages_saved_together(client, organizer, db, build):
    contest = build.contest()
    data = _stage_rows(_stage(1, "预赛", advancement_rule="top_n", advancement_value="20"),
                       _stage(2, "复赛", advancement_rule="top_n", advancement_value="10"),
                       _stage(3, "决赛", carry_over_percent="30"))
    response = client.post(f"/organizer/contests/{contest.id}/stages", data=data)
    assert response.status_code == 302
    stages = db.session.scalars(select(Stage).order_by(Stage.position)).all()
    assert [s.name for s in stages] == ["预赛", "复赛", "决赛"]
    assert stages[2].carry_over_percent == Decimal(30)


def test_stage_order_with_a_gap_saves_nothing(client, organizer, db, build):
    contest = build.contest()
    data = _stage_rows(_stage(1, "预赛"), _stage(3, "决赛"))
    page = client.post(f"/organizer/contests/{contest.id}/stages?lang=en",
                       data=data).get_data(as_text=True)
    assert "without gaps or repeats" in page
    assert _count(db, Stage) == 0


def test_first_stage_cannot_carry_over(client, organizer, db, build):
    contest = build.contest()
    data = _stage_rows(_stage(1, "预赛", carry_over_percent="30"))
    page = client.post(f"/organizer/contests/{contest.id}/stages?lang=en",
                       data=data).get_data(as_text=True)
    assert "no earlier stage to carry over" in page
    assert _count(db, Stage) == 0


def test_stages_can_swap_order(client, organizer, db, build):
    contest = build.contest()
    first = build.stage(contest, position=1, name="甲")
    second = build.stage(contest, position=2, name="乙")
    data = _stage_rows(dict(_stage(2, "甲"), id=str(first.id)),
                       dict(_stage(1, "乙"), id=str(second.id)))
    assert client.post(f"/organizer/contests/{contest.id}/stages",
                       data=data).status_code == 302
    db.session.expire_all()
    assert [s.name for s in db.session.get(Contest, contest.id).stages] == ["乙", "甲"]


def test_a_stage_with_marks_cannot_be_removed(client, organizer, db, build):
    world = build.scored_contest()
    stage = world["stage"]
    data = _stage_rows(dict(_stage(1, stage.name), id=str(stage.id), remove="y"))
    page = client.post(f"/organizer/contests/{world['contest'].id}/stages?lang=en",
                       data=data).get_data(as_text=True)
    assert "cannot be deleted: 1 marks have been entered" in page
    assert db.session.get(Stage, stage.id) is not None


def test_row_of_another_contest_is_refused(client, organizer, db, build):
    mine, other = build.contest(), build.contest()
    foreign = build.stage(other, name="别人的")
    data = _stage_rows(dict(_stage(1, "改名"), id=str(foreign.id)))
    assert client.post(f"/organizer/contests/{mine.id}/stages", data=data).status_code == 400
    db.session.expire_all()
    assert db.session.get(Stage, foreign.id).name == "别人的"


def test_delete_contest_with_marks_is_refused(client, organizer, db, build):
    world = build.scored_contest()
    response = client.post(f"/organizer/contests/{world['contest'].id}/delete?lang=en",
                           follow_redirects=True)
    assert "cannot be deleted" in response.get_data(as_text=True)
    assert db.session.get(Contest, world["contest"].id) is not None


def test_delete_empty_contest(client, organizer, db, build):
    contest = build.contest()
    build.event(contest)
    assert client.post(f"/organizer/contests/{contest.id}/delete").status_code == 302
    assert _count(db, Contest) == 0 and _count(db, Event) == 0
