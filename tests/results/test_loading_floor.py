"""Loading a stage for the scoring core reads marks as plain rows, in a fixed number of SQL
statements whatever the number of sheets (issue #14: building an object per mark was
most of a publish at national scale). Counts, not timings."""
from decimal import Decimal as D

from sqlalchemy import event

from contests.models import Mark, ScoreSheet, Stage
from contests.services.results.loading import stage_inputs

JUDGE_MARKS = ((D("3.5"), D(2), D(4)), (D(3), D("2.5"), D(1)), (D(4), D(0), D("0.5")))


def _stage(build, db, entries: int) -> tuple[int, list[str]]:
    """One stage, four judges, a rubric of a parent item with two sub-items and a plain
    item; two entries a heat; every entry has three confirmed sheets and the fourth judge's draft (not
    counted). Returns the stage id and the entries' heat names in bib order."""
    contest = build.contest()
    stage = build.stage(contest)
    ev = build.event(contest)
    component = build.component(stage)
    group = build.rater_group(component)
    parent = build.criterion(component, code="A", name="服务", max_points=D(8), position=1)
    leaves = [build.criterion(component, code="A1", name="礼仪", parent_id=parent.id,
                              max_points=D(4), position=2),
              build.criterion(component, code="A2", name="沟通", parent_id=parent.id,
                              max_points=D(4), position=3),
              build.criterion(component, code="B", name="卫生", max_points=D(4), position=4)]
    judges = [build.user("judge") for _ in range(4)]
    panel = build.panel(stage, ev, component, group)
    for judge in judges:
        build.panel_judge(panel, judge)
    heats = [build.heat(stage) for _ in range(0, entries, 2)]
    for n in range(entries):
        entry = build.entry(build.contestant(contest, bib=f"E{n:03d}"), ev, stage,
                            heat_id=heats[n // 2].id)
        for judge, values in zip(judges, JUDGE_MARKS):
            sheet = ScoreSheet(panel_id=panel.id, entry_id=entry.id, judge_id=judge.id,
                               status="confirmed")
            sheet.marks = [Mark(criterion_id=c.id, value=v) for c, v in zip(leaves, values)]
            db.session.add(sheet)
        db.session.add(ScoreSheet(panel_id=panel.id, entry_id=entry.id, judge_id=judges[3].id,
                                  status="draft", marks=[Mark(criterion_id=leaves[0].id,
                                                              value=D(0))]))
    db.session.commit()
    return stage.id, [heats[n // 2].name for n in range(entries)]


def _load(db, stage_id: int) -> tuple[list, int, int]:
    """stage_inputs on a fresh session: (its chunks, SQL statements run, mark and sheet
    objects built)."""
    db.session.remove()
    stage = db.session.get(Stage, stage_id)
    statements, objects = [], []

    def count_statement(*_args):
        statements.append(1)

    def count_object(*_args):
        objects.append(1)

    event.listen(db.engine, "before_cursor_execute", count_statement)
    event.listen(Mark, "load", count_object)
    event.listen(ScoreSheet, "load", count_object)
    try:
        chunks = stage_inputs(stage)
    finally:
        event.remove(db.engine, "before_cursor_execute", count_statement)
        event.remove(Mark, "load", count_object)
        event.remove(ScoreSheet, "load", count_object)
    return chunks, len(statements), len(objects)


def test_loading_a_stage_takes_as_many_statements_for_20_entries_as_for_2(app, db, build):
    small_stage, _ = _stage(build, db, 2)
    large_stage, heats = _stage(build, db, 20)
    small_chunks, small, small_objects = _load(db, small_stage)
    large_chunks, large, large_objects = _load(db, large_stage)

    assert large == small
    assert small_objects == large_objects == 0  # marks and sheets arrive as plain rows
    # and what was loaded is every counted sheet with its marks, by criterion label
    (chunk,) = large_chunks
    assert [e.entry_id for e in chunk.entries] == [f"E{n:03d}" for n in range(20)]
    for entry in chunk.entries:
        assert [s.judge for s in entry.sheets] == ["裁判1", "裁判2", "裁判3"]
        assert [dict(s.marks) for s in entry.sheets] == [
            {"A1 礼仪": a, "A2 沟通": b, "B 卫生": c} for a, b, c in JUDGE_MARKS]
    assert [e.heat for e in chunk.entries] == heats
    assert len(small_chunks[0].entries) == 2
    assert set(chunk.missing.values()) == {1}  # the draft is owed, not counted
