"""One refusal model on the organizer's pages: a clash the form could not see (another
organizer saved the same name a moment earlier) is refused in words a person reads,
nothing is saved, and the database's own text never reaches the page."""
from decimal import Decimal

import pytest
from sqlalchemy import func, insert, select

from contests.models import Event, Stage
from contests.refusals import Conflict
from contests.services import organizer as writes

RAW_DATABASE_TEXT = ("UNIQUE constraint", "duplicate key", "IntegrityError", "psycopg",
                     "sqlite3")


def _count(db, model, **where):
    query = select(func.count()).select_from(model)
    for column, value in where.items():
        query = query.where(getattr(model, column) == value)
    return db.session.scalar(query)


def test_a_duplicate_name_saved_meanwhile_is_refused_in_words(client, organizer, db, build,
                                                              monkeypatch):
    contest = build.contest()
    really_save = writes.save

    def another_organizer_was_quicker(obj, values, *, contest_id):
        # after this form was checked, another organizer saves an event of the same name
        with db.engine.begin() as connection:
            connection.execute(insert(Event).values(contest_id=contest.id,
                                                    name=values["name"], position=9))
        return really_save(obj, values, contest_id=contest_id)

    monkeypatch.setattr(writes, "save", another_organizer_was_quicker)
    response = client.post(f"/organizer/contests/{contest.id}/events/new?lang=en",
                           data={"name": "前厅服务", "position": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200  # the form again, with the reason
    assert "Another record already has the same name; nothing was saved." in page
    assert not [text for text in RAW_DATABASE_TEXT if text in page]
    assert _count(db, Event, contest_id=contest.id) == 1  # only the other organizer's


def test_a_multi_row_save_that_clashes_saves_no_row(app, db, build):
    """save_rows is all-or-nothing: the clash of its second row undoes its first."""
    contest = build.contest()
    build.stage(contest, name="初赛", position=1)
    make = lambda: Stage(contest_id=contest.id)  # noqa: E731
    rows = [writes.RowChange(None, {"name": "复赛", "position": 2}),
            writes.RowChange(None, {"name": "决赛", "position": 1})]  # 1 is 初赛's
    with app.test_request_context("/?lang=en"), pytest.raises(Conflict) as refused:
        writes.save_rows(rows, make=make, contest_id=contest.id)
    assert str(refused.value) == "Another record already has the same order; nothing was saved."
    assert refused.value.code == "integrity"
    assert not [text for text in RAW_DATABASE_TEXT if text in str(refused.value)]
    assert [s.name for s in db.session.scalars(select(Stage).where(
        Stage.contest_id == contest.id))] == ["初赛"]


def test_deleting_what_has_marks_is_refused_on_the_page_it_came_from(client, organizer, db,
                                                                     build):
    from contests.models import Mark, ScoreSheet
    contest = build.contest()
    stage = build.stage(contest)
    event = build.event(contest, name="客房服务")
    component = build.component(stage, name="实操", weight=Decimal(100))
    group = build.rater_group(component, name="裁判组")
    criterion = build.criterion(component, name="服务质量", max_points=Decimal(10))
    panel = build.panel(stage, event, component, group, name="一组")
    judge = build.user("judge")
    entry = build.entry(build.contestant(contest, bib="K1", name="选手1"), event, stage)
    sheet = ScoreSheet(panel_id=panel.id, entry_id=entry.id, judge_id=judge.id)
    sheet.marks.append(Mark(criterion_id=criterion.id, value=Decimal(8)))
    db.session.add(sheet)
    db.session.commit()
    response = client.post(f"/organizer/contests/{contest.id}/events/{event.id}/delete"
                           "?lang=en", follow_redirects=True)
    assert response.status_code == 200
    assert "cannot be deleted: 1 marks have been entered" in response.get_data(as_text=True)
    assert _count(db, Event, id=event.id) == 1
