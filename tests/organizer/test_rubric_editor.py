"""The rubric editor: a component's whole criteria tree on one page, saved in one POST;
rows pasted from a spreadsheet; moves without JavaScript; marks are never lost."""
import re
from decimal import Decimal

from sqlalchemy import func, select

from contests.models import Criterion
from tests.organizer.rows import rows


def _url(component, lang="en"):
    return (f"/organizer/contests/{component.stage.contest_id}/components/{component.id}/"
            f"rubric?lang={lang}")


def _row(code, name, maximum, depth=0, **extra):
    row = {"depth": str(depth), "code": code, "name": name, "max_points": maximum,
           "step": "0.5", "kind": "normal", "event_id": ""}
    row.update(extra)
    return row


def _tree(db, component):
    """(depth, code, name, max, position) depth first, as judges will see the rubric."""
    found = []

    def walk(nodes, depth):
        for c in sorted(nodes, key=lambda n: n.position):
            found.append((depth, c.code, c.name, c.max_points, c.position))
            walk(c.children, depth + 1)

    db.session.expire_all()
    walk(db.session.scalars(select(Criterion).where(
        Criterion.component_id == component.id, Criterion.parent_id.is_(None))).all(), 0)
    return found


def _count(db):
    return db.session.scalar(select(func.count(Criterion.id)))


def test_page_lists_the_whole_tree(client, organizer, build):
    component = build.component(build.stage(build.contest()))
    parent = build.criterion(component, code="A", name="业务能力", max_points=Decimal(20))
    build.criterion(component, code="A1", name="熟悉法规", parent_id=parent.id,
                    max_points=Decimal(10))
    page = client.get(_url(component, "zh_CN")).get_data(as_text=True)
    assert 'value="业务能力"' in page and 'value="熟悉法规"' in page
    assert "depth-1" in page  # the sub-item is shown one level in
    assert page.index("业务能力") < page.index("熟悉法规")


def test_whole_tree_saved_in_one_post(client, organizer, db, build):
    component = build.component(build.stage(build.contest()))
    event = build.event(component.stage.contest, name="客房服务")
    data = rows(_row("A", "业务能力", ""),  # an item without a maximum: the sum of its sub-items
                _row("A1", "熟悉工会法律法规", "10", depth=1),
                _row("A2", "落实厂务公开", "8", depth=1, event_id=str(event.id)),
                _row("F", "加分项", "10", kind="bonus"),
                _row("F1", "获得表彰", "4", depth=1, kind="normal"),
                _row("F2", "经验推广", "6", depth=1),
                {"depth": "0", "code": "", "name": "", "max_points": ""})  # a spare row
    response = client.post(_url(component), data=data)
    assert response.status_code == 302
    assert _tree(db, component) == [
        (0, "A", "业务能力", Decimal(18), 1), (1, "A1", "熟悉工会法律法规", Decimal(10), 1),
        (1, "A2", "落实厂务公开", Decimal(8), 2), (0, "F", "加分项", Decimal(10), 2),
        (1, "F1", "获得表彰", Decimal(4), 1), (1, "F2", "经验推广", Decimal(6), 2)]
    kinds = dict(db.session.execute(select(Criterion.code, Criterion.kind)).all())
    assert kinds["F1"] == "bonus"  # sub-items take their item's kind
    events = dict(db.session.execute(select(Criterion.code, Criterion.event_id)).all())
    assert events["A2"] == event.id and events["A1"] is None
    page = client.get(_url(component)).get_data(as_text=True)
    assert "Saved: the rubric has 6 criteria." in page


def test_invalid_tree_shows_row_errors_and_saves_nothing(client, organizer, db, build):
    component = build.component(build.stage(build.contest()))
    kept = build.criterion(component, code="A", name="原有项目", max_points=Decimal(10))
    data = rows(_row("A", "原有项目改名", "10", id=str(kept.id)),
                _row("B", "服务质量", "5"),
                _row("B1", "仪容仪表", "8", depth=1),       # above its parent's maximum
                _row("B", "重复代码", "5"),                  # the code B is used twice
                _row("C", "零分项", "0"),                    # maximum not above zero
                _row("D", "步长为零", "5", step="0"),
                _row("E", "", "5"))                         # no name
    response = client.post(_url(component), data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nothing was saved" in page
    assert "More than its parent&#39;s maximum (5)." in page
    assert page.count("The code “B” is used twice.") == 2
    assert "Must be at least 0." in page or "Maximum points must be above zero." in page
    assert "The step must be above zero." in page
    assert "The criterion needs a name." in page
    assert _count(db) == 1
    assert db.session.get(Criterion, kept.id).name == "原有项目"  # the valid rename waited too


def test_a_parent_maximum_its_sub_items_cannot_reach_is_refused(client, organizer, db, build):
    component = build.component(build.stage(build.contest()))
    data = rows(_row("A", "业务能力", "30"), _row("A1", "熟悉法规", "10", depth=1),
                _row("A2", "落实制度", "8", depth=1))
    response = client.post(_url(component), data=data)
    assert response.status_code == 422
    assert "Its sub-items add up to 18: a maximum of 30 could never be reached." in \
        response.get_data(as_text=True)
    assert _count(db) == 0


def test_a_kind_outside_the_vocabulary_is_refused(client, organizer, db, build):
    component = build.component(build.stage(build.contest()))
    response = client.post(_url(component), data=rows(_row("A", "业务能力", "10", kind="extra")))
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert _count(db) == 0


def test_reorder_and_indent_persist_positions(client, organizer, db, build):
    component = build.component(build.stage(build.contest()))
    a = build.criterion(component, code="A", name="甲", position=1)
    b = build.criterion(component, code="B", name="乙", position=2)
    c = build.criterion(component, code="C", name="丙", position=3)
    # C moved to the top; B becomes a sub-item of A
    data = rows(_row("C", "丙", "10", id=str(c.id)), _row("A", "甲", "10", id=str(a.id)),
                _row("B", "乙", "10", depth=1, id=str(b.id)))
    assert client.post(_url(component), data=data).status_code == 302
    assert [(d, code, pos) for d, code, _n, _m, pos in _tree(db, component)] == [
        (0, "C", 1), (0, "A", 2), (1, "B", 1)]
    assert db.session.get(Criterion, b.id).parent_id == a.id


def _names_in_order(page):
    return re.findall(r'name="rows-\d+-name"[^>]*value="([^"]*)"', page)


def test_move_buttons_work_without_javascript(client, organizer, db, build):
    """Each arrow is a submit button: the rows come back rearranged, as typed, unsaved."""
    component = build.component(build.stage(build.contest()))
    data = rows(_row("A", "甲", "10"), _row("A1", "甲一", "5", depth=1),
                _row("B", "乙（未保存的修改）", "10"))
    page = client.post(_url(component), data=dict(data, op="up-2")).get_data(as_text=True)
    assert _names_in_order(page) == ["乙（未保存的修改）", "甲", "甲一"]  # A moved with its sub-item
    assert _count(db) == 0
    page = client.post(_url(component), data=dict(data, op="in-2")).get_data(as_text=True)
    assert re.search(r'name="rows-2-depth"[^>]*value="1"', page)
    page = client.post(_url(component), data=dict(data, op="add")).get_data(as_text=True)
    assert 'name="rows-3-name"' in page
    assert _count(db) == 0


def test_paste_from_a_spreadsheet_fills_the_editor(client, organizer, db, build):
    component = build.component(build.stage(build.contest()))
    pasted = ("代码\t名称\t满分\t步长\t类型\r\n"
              "1\t专业能力\t２０分\r\n"
              "1.1\t熟悉工会法律法规\t10\t0.5\r\n"
              "1.2\t落实职代会制度\t10\t1\r\n"
              "2\t加分项\t6\t1\t加分\r\n"
              "\t· 获得县级以上表彰\t6\r\n"
              "只有一列\r\n")
    response = client.post(_url(component), data={"op": "paste", "paste": pasted})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _names_in_order(page) == ["专业能力", "熟悉工会法律法规", "落实职代会制度", "加分项",
                                     "获得县级以上表彰"]
    depths = re.findall(r'name="rows-(\d+)-depth"[^>]*value="(\d)"', page)
    assert [d for _i, d in depths] == ["0", "1", "1", "0", "1"]
    assert re.search(r'name="rows-0-max_points"[^>]*value="20"', page)
    assert re.search(r'<option selected value="bonus">|<option value="bonus" selected>', page)
    assert "Line 7: expected code, name and maximum" in page
    assert "5 rows were read from the paste" in page
    assert _count(db) == 0  # a preview: nothing saved until "Save all"


def test_removing_a_criterion_with_marks_is_refused(client, organizer, db, build):
    world = build.scored_contest()
    component, marked = world["component"], world["criterion"]
    other = build.criterion(component, code="Z", name="未评分项", position=2)
    data = rows(_row(marked.code or "", marked.name, "10", id=str(marked.id), remove="y"),
                _row("Z", "未评分项", "10", id=str(other.id), remove="y"))
    response = client.post(_url(component), data=data)
    assert response.status_code == 422
    assert "1 marks have been entered for it: it cannot be removed." in \
        response.get_data(as_text=True)
    assert db.session.get(Criterion, marked.id) is not None
    assert db.session.get(Criterion, other.id) is not None  # all or nothing


def test_a_marked_maximum_cannot_drop_below_a_mark(client, organizer, db, build):
    world = build.scored_contest()  # one mark of 8
    marked = world["criterion"]
    data = rows(_row("", marked.name, "5", id=str(marked.id)))
    response = client.post(_url(world["component"]), data=data)
    assert response.status_code == 422
    assert "A mark of 8 has been entered for it" in response.get_data(as_text=True)


def test_removing_an_unmarked_item_removes_its_sub_items(client, organizer, db, build):
    component = build.component(build.stage(build.contest()))
    parent = build.criterion(component, code="A", max_points=Decimal(10))
    child = build.criterion(component, code="A1", parent_id=parent.id, max_points=Decimal(10))
    keep = build.criterion(component, code="B", position=2)
    data = rows(_row("A", "甲", "10", id=str(parent.id), remove="y"),
                _row("A1", "甲一", "10", depth=1, id=str(child.id)),
                _row("B", "乙", "10", id=str(keep.id)))
    assert client.post(_url(component), data=data).status_code == 302
    assert [code for _d, code, *_rest in _tree(db, component)] == ["B"]


def test_a_row_of_another_component_is_refused(client, organizer, db, build):
    stage = build.stage(build.contest())
    component, other = build.component(stage, weight=50), build.component(stage, weight=50)
    foreign = build.criterion(other, code="X", name="别的模块")
    response = client.post(_url(component), data=rows(_row("X", "改名", "10",
                                                           id=str(foreign.id))))
    assert response.status_code == 422
    assert db.session.get(Criterion, foreign.id).name == "别的模块"


def test_a_stale_page_does_not_drop_rows_added_meanwhile(client, organizer, db, build):
    component = build.component(build.stage(build.contest()))
    build.criterion(component, code="N", name="别人刚加的")
    response = client.post(_url(component), data=rows(_row("A", "甲", "10")))
    assert response.status_code == 409
    assert "Someone changed this rubric" in response.get_data(as_text=True)
    assert _count(db) == 1


def test_contest_page_links_each_component_to_its_rubric(client, organizer, build):
    component = build.component(build.stage(build.contest()))
    page = client.get(f"/organizer/contests/{component.stage.contest_id}/").get_data(as_text=True)
    assert f"/components/{component.id}/rubric" in page


def test_new_sub_item_under_an_existing_item_and_a_sub_item_moved(client, organizer, db,
                                                                  build):
    component = build.component(build.stage(build.contest()))
    a = build.criterion(component, code="A", name="甲", max_points=Decimal(10), position=1)
    a1 = build.criterion(component, code="A1", name="甲一", parent_id=a.id,
                         max_points=Decimal(10))
    b = build.criterion(component, code="B", name="乙", max_points=Decimal(10), position=2)
    data = rows(_row("A", "甲", "10", id=str(a.id)),
                _row("A2", "甲二（新）", "10", depth=1),
                _row("B", "乙", "10", id=str(b.id)),
                _row("A1", "甲一", "10", depth=1, id=str(a1.id)))
    assert client.post(_url(component), data=data).status_code == 302
    assert [(d, code, pos) for d, code, _n, _m, pos in _tree(db, component)] == [
        (0, "A", 1), (1, "A2", 1), (0, "B", 2), (1, "A1", 1)]
    assert db.session.get(Criterion, a1.id).parent_id == b.id


def test_saving_items_beyond_full_marks_says_so(client, organizer, db, build):
    component = build.component(build.stage(build.contest()))  # full marks 100
    data = rows(_row("A", "理论", "60"), _row("B", "实操", "50"))
    page = client.post(_url(component), data=data, follow_redirects=True).get_data(as_text=True)
    assert "Saved: the rubric has 2 criteria." in page
    assert "The items add up to 110, more than the component&#39;s full marks (100)" in page


def test_criteria_list_names_the_stage_and_keeps_sub_items_under_their_item(client, organizer,
                                                                            build):
    contest = build.contest()
    heats, final = build.stage(contest, name="预赛"), build.stage(contest, name="决赛")
    for stage in (heats, final):
        component = build.component(stage, name="理论")
        a = build.criterion(component, code="T", name="理论试卷", position=1)
        b = build.criterion(component, code="P", name="附加题", position=2)
        build.criterion(component, code="T1", parent_id=a.id, position=1)
        build.criterion(component, code="P1", parent_id=b.id, position=1)
    page = client.get(f"/organizer/contests/{contest.id}/criteria/?lang=en").get_data(
        as_text=True)
    assert "<th>Stage</th>" in page
    rows_shown = re.findall(r"<tr>\s*<td>([^<]+)</td>\s*<td>[^<]+</td>\s*<td>([^<]+)</td>", page)
    assert rows_shown == [("预赛", "T"), ("预赛", "T1"), ("预赛", "P"), ("预赛", "P1"),
                          ("决赛", "T"), ("决赛", "T1"), ("决赛", "P"), ("决赛", "P1")]


def test_rows_with_marks_are_tagged(client, organizer, build):
    world = build.scored_contest()
    page = client.get(_url(world["component"])).get_data(as_text=True)
    assert "1 marks entered: it cannot be removed." in page
