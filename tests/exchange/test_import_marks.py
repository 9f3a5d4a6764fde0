"""Marks imports: a theory exam's scores per entrant, and marks per criterion per judge.
The preview names every bad cell by row and column and nothing is applied while one
remains; a good file becomes sheets the provisional results count; the same file twice
changes nothing."""
import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from contests.exchange.marks_samples import exam_csv
from contests.exchange.plan_marks import MARK_KINDS, build_marks_plan
from contests.exchange.readers import read_table
from contests.extensions import db
from contests.models import AuditEntry, Mark, PanelJudge, ScoreSheet
from contests.services.exchange import marks_import
from contests.services.marks_entry import exam_username
from contests.services.results.compute import compute_contest
from contests.services.results.loading import PROVISIONAL
from tests.exchange.helpers import csv_bytes, xlsx_bytes


@pytest.fixture
def theory(build):
    """A stage of two components: a theory exam (one item, 0–100 in steps of 0.5) marked
    by an empty panel, and a practical marked by two judges on two criteria."""
    contest = build.contest(decimal_places=2)
    stage = build.stage(contest)
    event = build.event(contest)
    exam = build.component(stage, name="理论考试", weight=Decimal(30))
    practical = build.component(stage, name="实操", weight=Decimal(70))
    exam_panel = build.panel(stage, event, exam, build.rater_group(exam), name="机考")
    build.criterion(exam, name="理论成绩", code="T", max_points=Decimal(100))
    a = build.criterion(practical, name="礼仪", code="P1", max_points=Decimal(10))
    b = build.criterion(practical, name="操作", code="P2", max_points=Decimal(10))
    panel = build.panel(stage, event, practical, build.rater_group(practical), name="实操组")
    judges = [build.user("judge", username=f"pj{i}") for i in (1, 2)]
    for judge in judges:
        build.panel_judge(panel, judge)
    people = [build.contestant(contest, bib=bib, name=name)
              for bib, name in (("A01", "张三"), ("A02", "李四"))]
    entries = [build.entry(p, event, stage) for p in people]
    return dict(contest=contest, stage=stage, exam=exam, exam_panel=exam_panel, panel=panel,
                judges=judges, entries=entries, criteria=(a, b))


def plan_for(kind, data, world, status="submitted"):
    table = read_table(data, MARK_KINDS[kind])
    from contests.exchange.fields import recognise

    target = world["exam"] if kind == "exam" else world["stage"]
    return build_marks_plan(kind, table, recognise(MARK_KINDS[kind], table.headers),
                            world["contest"], target, status)


def where(plan) -> set:
    return {(p.row, p.column, p.code) for p in plan.problems}


def sheets() -> int:
    return db.session.scalar(select(func.count(ScoreSheet.id)))


def totals(contest) -> dict:
    stage = compute_contest(contest, PROVISIONAL).stages[0]
    return {bib: result.total for bib, result in stage.results.items()}


def test_exam_preview_names_each_bad_cell_and_applies_nothing(theory, english):
    data = csv_bytes([["参赛编号", "姓名", "成绩"],
                      ["A01", "张三", "120"],     # row 2: above the maximum
                      ["A02", "李四", "85.25"],   # row 3: not in steps of 0.5
                      ["Z99", "无名", "60"],      # row 4: nobody has this bib
                      ["A02", "李四", "80"],      # row 5: A02 again
                      ["A01", "张三", "-1"]])     # row 6: below 0, and A01 again
    plan = plan_for("exam", data, theory)
    assert where(plan) >= {(2, "C", "out_of_range"), (3, "C", "wrong_step"),
                           (4, "A", "unknown_entrant"), (5, "A", "row_repeated"),
                           (6, "C", "out_of_range")}
    assert "120 is outside 0 to 100." in [p.reason for p in plan.problems]
    with pytest.raises(Exception, match="problems"):
        marks_import.apply(plan, source="exam.csv")
    assert sheets() == 0


def practical_marked(build, world):
    """Both judges mark both entrants 8 and 8 on the practical, submitted."""
    for judge in world["judges"]:
        for entry in world["entries"]:
            sheet = ScoreSheet(panel_id=world["panel"].id, entry_id=entry.id,
                               judge_id=judge.id, status="submitted")
            sheet.marks.extend(Mark(criterion_id=c.id, value=Decimal(8))
                               for c in world["criteria"])
            build.session.add(sheet)
    build.session.commit()


def test_exam_file_makes_sheets_the_results_count_and_twice_changes_nothing(theory, build,
                                                                            english):
    contest = theory["contest"]
    practical_marked(build, theory)
    before = totals(contest)
    assert before == {"A01": None, "A02": None}  # the exam is missing: no total yet
    data = exam_csv(theory["exam"], {"A01": "90", "A02": "70.5"})
    plan = plan_for("exam", data, theory)
    assert plan.ok, [str(p) for p in plan.problems]
    outcome = marks_import.apply(plan, source="理论成绩.csv")
    assert (outcome.created, outcome.updated) == (2, 0)
    account = db.session.scalar(select(PanelJudge).where(
        PanelJudge.panel_id == theory["exam_panel"].id)).user
    assert account.username == exam_username(contest.id) and not account.active
    stored = db.session.scalars(select(ScoreSheet).where(
        ScoreSheet.panel_id == theory["exam_panel"].id)).all()
    assert {s.status for s in stored} == {"submitted"} and len(stored) == 2
    after = totals(contest)
    # 30% of the exam score + 70% of the practical's 16 points
    assert after == {"A01": Decimal("38.20"), "A02": Decimal("32.35")}
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "import")).all()
    assert [a.reason for a in audit if a.entity_id is None] == ["理论成绩.csv"]
    versions = [(s.id, s.version) for s in stored]
    marks = db.session.scalar(select(func.count(Mark.id)))
    audit_rows = db.session.scalar(select(func.count(AuditEntry.id)))

    again = plan_for("exam", data, theory)
    assert again.ok and again.changes == []
    assert marks_import.apply(again, source="理论成绩.csv").changed is False
    db.session.expire_all()
    assert [(s.id, s.version) for s in db.session.scalars(select(ScoreSheet).where(
        ScoreSheet.panel_id == theory["exam_panel"].id))] == versions
    assert db.session.scalar(select(func.count(Mark.id))) == marks
    assert db.session.scalar(select(func.count(AuditEntry.id))) == audit_rows
    assert totals(contest) == after


def test_a_corrected_exam_score_updates_the_sheet(theory, english):
    marks_import.apply(plan_for("exam", exam_csv(theory["exam"], {"A01": "90"}), theory),
                       source="a.csv")
    plan = plan_for("exam", exam_csv(theory["exam"], {"A01": "91"}), theory)
    assert [a.verb for a in plan.actions] == ["update", "skip"]  # A02 has no score
    assert marks_import.apply(plan, source="b.csv").updated == 1
    sheet = db.session.scalar(select(ScoreSheet).where(
        ScoreSheet.panel_id == theory["exam_panel"].id))
    assert [m.value for m in sheet.marks] == [Decimal(91)] and sheet.version == 2


def sheet_rows(*marks):
    return [["参赛编号", "裁判", "评分项", "分数"], *marks]


def test_marks_per_judge_preview_lists_bad_rows(theory, english):
    data = csv_bytes(sheet_rows(
        ["A01", "pj1", "P1", "8"],
        ["A01", "pj1", "P2", "11"],       # row 3: above 10
        ["A01", "nobody", "P1", "5"],     # row 4: unknown judge
        ["A01", "pj2", "P9", "5"],        # row 5: unknown criterion
        ["A01", "pj1", "P1", "8"],        # row 6: the same mark again
        ["A02", "pj2", "P1", "7.3"],      # row 7: not in steps of 0.5
        ["B77", "pj2", "P1", "7"]))       # row 8: unknown entrant
    plan = plan_for("sheets", data, theory)
    assert where(plan) >= {(3, "D", "out_of_range"), (4, "B", "unknown_judge"),
                           (5, "C", "unknown_criterion"), (6, "C", "row_repeated"),
                           (7, "D", "wrong_step"), (8, "A", "unknown_entrant")}
    assert not plan.ok


def test_an_incomplete_judge_sheet_is_a_problem(theory, english):
    plan = plan_for("sheets", csv_bytes(sheet_rows(["A01", "pj1", "P1", "8"])), theory)
    assert [(p.row, p.code) for p in plan.problems] == [(2, "incomplete_sheet")]
    assert "操作" in plan.problems[0].reason


def test_marks_per_judge_become_the_judges_sheets(theory, english):
    contest = theory["contest"]
    data = xlsx_bytes(sheet_rows(
        ["A01", "pj1", "P1", 9], ["A01", "pj1", "操作", 9],  # by code or by name
        ["A01", "pj2", "P1", 8], ["A01", "pj2", "P2", 8],
        ["A02", "pj1", "P1", 5], ["A02", "pj1", "P2", 5],
        ["A02", "pj2", "P1", 6], ["A02", "pj2", "P2", 6]))
    plan = plan_for("sheets", data, theory, status="confirmed")
    assert plan.ok, [str(p) for p in plan.problems]
    assert marks_import.apply(plan, source="paper.xlsx").created == 4
    owners = {(s.judge.username, s.status) for s in db.session.scalars(select(ScoreSheet))}
    assert owners == {("pj1", "confirmed"), ("pj2", "confirmed")}
    official = compute_contest(contest).stages[0].results  # confirmed sheets only
    assert official["A01"].component_scores["实操"] == Decimal("17")  # (18 + 16) / 2
    assert official["A02"].component_scores["实操"] == Decimal("11")
    assert plan_for("sheets", data, theory, status="confirmed").changes == []


def test_a_submitted_sheet_with_other_marks_is_not_overwritten(theory, build, english):
    judge, (p1, _p2) = theory["judges"][0], theory["criteria"]
    sheet = build.marked(theory["panel"], theory["entries"][0], judge, p1, value="3")
    sheet.status = "submitted"
    build.session.commit()
    plan = plan_for("sheets", csv_bytes(sheet_rows(["A01", "pj1", "P1", "8"],
                                                   ["A01", "pj1", "P2", "8"])), theory)
    assert [p.code for p in plan.problems] == ["sheet_locked"]


def test_the_pages_preview_then_import(theory, client, organizer):
    contest, exam = theory["contest"], theory["exam"]
    base = f"/organizer/contests/{contest.id}/exchange/marks/exam"
    page = client.get(base)
    assert page.status_code == 200 and 'id="marks-upload-form"' in page.text
    assert f"{base}/components/{exam.id}/form" in page.text and "阶段1 · 理论考试" in page.text
    assert "gets the same score in each of them" in page.text  # one exam, every event
    form = client.get(f"{base}/components/{exam.id}/form?format=csv")
    assert form.status_code == 200 and "A01" in form.data.decode("utf-8-sig")

    def upload(data, name):
        import io
        return client.post(base, data={"target": str(exam.id), "status": "submitted",
                                       "file": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")

    bad = upload(csv_bytes([["参赛编号", "成绩"], ["A01", "101"]]), "bad.csv")
    assert bad.status_code == 302
    preview = client.get(bad.headers["Location"])
    assert 'data-row="2" data-column="B" data-code="out_of_range"' in preview.text
    assert 'id="marks-confirm"' not in preview.text
    token = bad.headers["Location"].rsplit("/", 1)[1]
    refused = client.post(f"{base}/{token}/confirm", data={})
    assert refused.status_code == 422 and sheets() == 0

    good = upload(exam_csv(exam, {"A01": "88", "A02": "77"}), "exam.csv")
    preview = client.get(good.headers["Location"])
    assert 'id="marks-confirm"' in preview.text
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', preview.text) or \
        re.search(r'name="csrf_token" value="([^"]+)"', preview.text)
    done = client.post(good.headers["Location"] + "/confirm",
                       data={"csrf_token": csrf.group(1)} if csrf else {})
    assert done.status_code == 200 and 'id="marks-done"' in done.text
    assert sheets() == 2
    again = client.get(upload(exam_csv(exam, {"A01": "88", "A02": "77"}), "exam.csv")
                       .headers["Location"])
    assert 'id="marks-nothing"' in again.text


def test_unknown_headers_are_mapped_on_the_shared_mapping_page(theory, client, organizer):
    import io

    contest, exam = theory["contest"], theory["exam"]
    base = f"/organizer/contests/{contest.id}/exchange/marks/exam"
    sent = client.post(base, data={"target": str(exam.id), "status": "submitted",
                                   "file": (io.BytesIO(csv_bytes([["列甲", "列乙"],
                                                                  ["A01", "88"]])), "exam.csv")},
                       content_type="multipart/form-data")
    page = client.get(sent.headers["Location"] + "?lang=en")
    assert "Which column is which?" in page.text and 'id="mapping-form"' in page.text
    assert f'action="{sent.headers["Location"]}/mapping"' in page.text
    assert f'href="{base}"' in page.text  # "upload another file" returns to the marks upload
    mapped = client.post(sent.headers["Location"] + "/mapping",
                         data={"col0": "bib", "col1": "score"})
    preview = client.get(mapped.headers["Location"])
    assert 'id="marks-confirm"' in preview.text and sheets() == 0


@pytest.fixture
def two_events(build):
    """A stage whose theory exam (one item, 0–100) is marked by one panel per event; A01
    enters event one, B01 event two, C01 both."""
    contest = build.contest(decimal_places=2)
    stage = build.stage(contest, name="初赛")
    exam = build.component(stage, name="理论考试")
    group = build.rater_group(exam)
    build.criterion(exam, name="理论成绩", code="T", max_points=Decimal(100))
    events = [build.event(contest, name=name) for name in ("中式铺台", "西式铺台")]
    panels = [build.panel(stage, event, exam, group, name=f"{event.name}机考")
              for event in events]
    people = {bib: build.contestant(contest, bib=bib, name=name)
              for bib, name in (("A01", "张三"), ("B01", "李四"), ("C01", "王五"))}
    entries = {("A01", 0): build.entry(people["A01"], events[0], stage),
               ("B01", 1): build.entry(people["B01"], events[1], stage),
               ("C01", 0): build.entry(people["C01"], events[0], stage),
               ("C01", 1): build.entry(people["C01"], events[1], stage)}
    return dict(contest=contest, stage=stage, exam=exam, panels=panels, entries=entries)


def exam_plan(world, data):
    table = read_table(data, MARK_KINDS["exam"])
    from contests.exchange.fields import recognise

    return build_marks_plan("exam", table, recognise(MARK_KINDS["exam"], table.headers),
                            world["contest"], world["exam"], "submitted")


def stored_exam_sheets() -> dict:
    """(panel id, entry id) -> (version, score) of every sheet."""
    return {(s.panel_id, s.entry_id): (s.version, [m.value for m in s.marks])
            for s in db.session.scalars(select(ScoreSheet))}


def test_one_exam_file_covers_every_event_of_the_component(two_events, english):
    world, panels, entries = two_events, two_events["panels"], two_events["entries"]
    form = exam_csv(world["exam"]).decode("utf-8-sig")
    assert [line.split(",")[0] for line in form.splitlines()[1:]] == ["A01", "C01", "B01"]
    data = exam_csv(world["exam"], {"A01": "90", "B01": "80", "C01": "70"})
    plan = exam_plan(world, data)
    assert plan.ok, [str(p) for p in plan.problems]
    assert [(a.verb, a.label) for a in plan.actions] == [
        ("create", "A01 张三"), ("create", "C01 王五 · 中式铺台、西式铺台"),
        ("create", "B01 李四")]
    outcome = marks_import.apply(plan, source="理论成绩.csv")
    assert (outcome.created, outcome.updated) == (4, 0)
    # each entrant's sheet lands on the panel of their own event; C01's exam counts twice
    assert stored_exam_sheets() == {
        (panels[0].id, entries["A01", 0].id): (1, [Decimal(90)]),
        (panels[1].id, entries["B01", 1].id): (1, [Decimal(80)]),
        (panels[0].id, entries["C01", 0].id): (1, [Decimal(70)]),
        (panels[1].id, entries["C01", 1].id): (1, [Decimal(70)])}
    seated = {(j.panel_id, j.user.username) for j in db.session.scalars(select(PanelJudge))}
    account = exam_username(world["contest"].id)
    assert seated == {(panels[0].id, account), (panels[1].id, account)}
    summary = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "import", AuditEntry.entity_id.is_(None))).all()
    assert len(summary) == 1 and f'"target": {world["exam"].id}' in summary[0].new
    before = (stored_exam_sheets(), db.session.scalar(select(func.count(AuditEntry.id))),
              db.session.scalar(select(func.count(PanelJudge.id))))

    again = exam_plan(world, data)
    assert again.ok and again.changes == [] and {a.verb for a in again.actions} == {"skip"}
    assert marks_import.apply(again, source="理论成绩.csv").changed is False
    db.session.expire_all()
    assert (stored_exam_sheets(), db.session.scalar(select(func.count(AuditEntry.id))),
            db.session.scalar(select(func.count(PanelJudge.id)))) == before


def test_a_corrected_score_updates_the_entrants_sheet_in_each_event(two_events, english):
    world = two_events
    marks_import.apply(exam_plan(world, exam_csv(world["exam"], {"C01": "70"})), source="a")
    plan = exam_plan(world, exam_csv(world["exam"], {"A01": "", "C01": "75"}))
    assert [(a.verb, [str(d) for d in a.details]) for a in plan.actions] == [
        ("skip", ["no score: left as it is"]), ("update", ["Score: 70 → 75"]),
        ("skip", ["no score: left as it is"])]
    assert marks_import.apply(plan, source="b").updated == 2
    assert sorted(stored_exam_sheets().values()) == [(2, [Decimal(75)])] * 2


def test_an_exam_component_needs_one_item_on_every_panel(two_events, build, english):
    world = two_events
    event_two = world["panels"][1].event_id  # an extra item on the second event's sheet only
    build.criterion(world["exam"], name="附加题", code="T2", event_id=event_two)
    plan = exam_plan(world, exam_csv(world["exam"], {"A01": "90"}))
    assert [p.code for p in plan.problems] == ["exam_items"] and plan.changes == []
    assert "The sheet of panel “西式铺台机考” has 2 items" in plan.problems[0].reason
    with pytest.raises(Exception, match="problems"):
        marks_import.apply(plan, source="exam.csv")
    assert sheets() == 0


def test_a_bib_no_panel_of_the_component_marks_is_unknown(two_events, build, english):
    world = two_events
    other = build.contestant(world["contest"], bib="D01", name="赵六")  # no entry
    assert other.id
    plan = exam_plan(world, csv_bytes([["参赛编号", "成绩"], ["D01", "60"], ["A01", "61"],
                                       ["E01", "abc"]]))
    assert [(p.row, p.column, p.code) for p in plan.problems] == [
        (2, "A", "unknown_entrant"), (4, "A", "unknown_entrant"), (4, "B", "not_a_mark")]
    assert plan.problems[0].reason == ("There is no entrant with bib “D01” on component "
                                       "“理论考试” of stage “初赛”.")
