"""Importing delegations and contestants with entries: created, updated, or refused with
a reason per row and column, and then nothing is written."""
import pytest

from contests.exchange.idnumber import keyed_hash
from contests.models import AuditEntry, Contestant, Delegation, Entry
from tests.exchange.helpers import (
    CONTESTANT_HEADER,
    contestant_rows,
    count,
    csv_bytes,
    id_number,
    import_file,
    plan_file,
    reasons,
    xlsx_bytes,
)


def test_gbk_csv_with_chinese_headers_imported(hotel, english):
    data = csv_bytes(contestant_rows(), "gbk")
    outcome = import_file("contestants", data, hotel["contest"])
    assert outcome.created == {"contestants": 2, "entries": 3}
    wang = Contestant.query.filter_by(bib="QT01").one()
    assert (wang.name, wang.gender, wang.unit, wang.delegation_id) == (
        "王喆", "男", "北京饭店", hotel["beijing"].id)
    stages = sorted((e.stage.name, e.heat.name if e.heat else None) for e in wang.entries)
    assert stages == [("全国总决赛", None), ("省内选拔赛", "北京赛区")]
    li = Contestant.query.filter_by(bib="KF01").one()
    assert [(e.event.name, e.stage.name) for e in li.entries] == [("客房服务", "省内选拔赛")]


def test_id_number_stored_masked_and_keyed_hash(hotel, english):
    import_file("contestants", csv_bytes(contestant_rows()), hotel["contest"])
    wang = Contestant.query.filter_by(bib="QT01").one()
    assert wang.id_number_masked == "110105********" + id_number()[-4:]
    assert wang.id_number_hash == keyed_hash(id_number())
    stored = " ".join(str(v) for v in vars(wang).values())
    assert id_number() not in stored
    audit = " ".join(a.new or "" for a in AuditEntry.query.all())
    assert id_number() not in audit


def test_gb18030_name_and_english_headers(hotel, english):
    rows = [["Bib number", "NAME", "Work Unit", "Delegation", "Event"],
            ["QT09", "刘䶮", "北京饭店", "北京市代表队", "QT"]]
    import_file("contestants", csv_bytes(rows, "gb18030"), hotel["contest"])
    person = Contestant.query.filter_by(bib="QT09").one()
    assert person.name == "刘䶮"
    assert person.entries[0].event.name == "前厅服务"


def test_utf8_with_bom_and_fullwidth_headers(hotel, english):
    rows = [["参赛编号*", "姓　名", "工作单位（全称）", "项目"],
            ["QT05", "王　喆", "北京饭店", "前厅服务"]]
    import_file("contestants", csv_bytes(rows, "utf-8-sig"), hotel["contest"])
    assert Contestant.query.filter_by(bib="QT05").one().name == "王喆"


def test_reimport_of_the_same_file_changes_nothing(hotel, english):
    data = xlsx_bytes(contestant_rows())
    import_file("contestants", data, hotel["contest"])
    audit_rows = count(AuditEntry)
    plan = plan_file("contestants", data, hotel["contest"])
    assert plan.ok and plan.changes == []
    assert plan.counts() == {"unchanged_rows": 3}
    import_file("contestants", data, hotel["contest"])
    assert (count(Contestant), count(Entry), count(AuditEntry)) == (2, 3, audit_rows)


def test_second_file_updates_by_bib(hotel, english):
    import_file("contestants", csv_bytes(contestant_rows()), hotel["contest"])
    rows = [["参赛编号", "姓名", "单位", "项目", "阶段", "赛区"],
            ["QT01", "王喆", "北京国际饭店", "前厅服务", "省内选拔赛", "上海赛区"]]
    plan = plan_file("contestants", csv_bytes(rows), hotel["contest"])
    assert plan.counts() == {"contestants": {"create": 0, "update": 1},
                             "entries": {"create": 0, "update": 1}, "unchanged_rows": 0}
    details = [str(d) for d in plan.actions[0].details]
    assert "Work unit: 北京饭店 → 北京国际饭店" in details
    import_file("contestants", csv_bytes(rows), hotel["contest"])
    wang = Contestant.query.filter_by(bib="QT01").one()
    assert wang.unit == "北京国际饭店"
    assert wang.gender == "男"  # an empty or missing column leaves the value alone
    assert {e.heat.name for e in wang.entries if e.heat} == {"上海赛区"}


def _refused(hotel, rows, contest=None):
    before = (count(Contestant), count(Entry), count(Delegation), count(AuditEntry))
    plan = plan_file("contestants", csv_bytes(rows), contest or hotel["contest"])
    assert not plan.ok
    assert (count(Contestant), count(Entry), count(Delegation), count(AuditEntry)) == before
    return reasons(plan)


def test_missing_required_value(hotel, english):
    rows = [CONTESTANT_HEADER[:2] + ["项目"], ["QT01", "", "前厅服务"], ["", "李玥", "前厅服务"]]
    assert _refused(hotel, rows) == ["row 2, column B (姓名): “Name” is required.",
                                     "row 3, column A (参赛编号): “Bib number” is required."]


def test_missing_required_column(hotel, english):
    assert _refused(hotel, [["姓名", "项目"], ["王喆", "前厅服务"]]) == [
        "The file has no column for “Bib number”."]


def test_unknown_event_stage_and_heat(hotel, english):
    rows = [["参赛编号", "姓名", "项目", "阶段", "赛区"],
            ["QT01", "王喆", "插花", "", ""], ["QT02", "李玥", "前厅服务", "决赛", ""],
            ["QT03", "张堃", "前厅服务", "省内选拔赛", "广东赛区"]]
    assert _refused(hotel, rows) == [
        "row 2, column C (项目): There is no event “插花” in this contest.",
        "row 3, column D (阶段): There is no stage “决赛” in this contest.",
        "row 4, column E (赛区): Stage “省内选拔赛” has no heat “广东赛区”."]


def test_duplicate_bib_in_the_file(hotel, english):
    rows = [["参赛编号", "姓名", "项目"], ["QT01", "王喆", "前厅服务"],
            ["QT01", "李玥", "客房服务"], ["QT02", "张堃", "前厅服务"],
            ["QT02", "张堃", "前厅服务"]]
    assert _refused(hotel, rows) == [
        "row 3, column A (参赛编号): Bib QT01 is also used on row 2 for 王喆.",
        "row 5, column C (项目): This row repeats row 4."]


def test_duplicate_bib_against_the_database(hotel, build, english):
    build.contestant(hotel["contest"], bib="QT01", name="王喆")
    rows = [["参赛编号", "姓名"], ["QT01", "李玥"]]
    assert _refused(hotel, rows) == [
        "row 2, column A (参赛编号): Bib QT01 already belongs to 王喆; this row names 李玥."]


def test_delegation_not_in_the_contest(hotel, build, english):
    other = build.contest()
    build.delegation(other, name="广东省代表队")
    rows = [["参赛编号", "姓名", "代表队"], ["QT01", "王喆", "广东省代表队"]]
    assert _refused(hotel, rows) == [
        "row 2, column C (代表队): There is no delegation “广东省代表队” in this contest: "
        "import the delegations first or correct the name."]


@pytest.mark.parametrize("given, reason", [
    ("11010519900307123X", "the check character does not match"),
    ("110105199002301234", "the birth date 19900230 does not exist"),
    ("110105900307123", "old 15-digit number"),
    ("1.10105199003071E+17", "Excel stored it as a number"),
    ("ABC", "17 digits followed by a digit or X"),
])
def test_bad_id_number(hotel, english, given, reason):
    rows = [["参赛编号", "姓名", "身份证号"], ["QT01", "王喆", given]]
    (problem,) = _refused(hotel, rows)
    # issue 11: ID-shaped values are shown masked, 18 characters as 6+8*+4, 15 as 6+6*+3
    shown = {18: given[:6] + "*" * 8 + given[14:], 15: given[:6] + "*" * 6 + given[12:]
             }.get(len(given), given)
    assert problem.startswith(f"row 2, column C (身份证号): “{shown}” is not a valid ID number")
    assert reason in problem


def test_same_id_number_under_another_bib(hotel, english):
    import_file("contestants", csv_bytes(contestant_rows()), hotel["contest"])
    rows = [["参赛编号", "姓名", "身份证号"], ["QT77", "王喆", id_number()],
            ["QT78", "王喆", id_number("11010519900307124")],
            ["QT79", "王喆", id_number("11010519900307124")]]
    assert _refused(hotel, rows) == [
        "row 2, column C (身份证号): This ID number belongs to contestant 王喆 (bib QT01).",
        "row 4, column C (身份证号): This ID number is also given on row 3 for bib QT78."]


def test_masked_id_number_from_an_export(hotel, english):
    import_file("contestants", csv_bytes(contestant_rows()), hotel["contest"])
    masked = "110105********" + id_number()[-4:]
    same = [["参赛编号", "姓名", "身份证号"], ["QT01", "王喆", masked]]
    assert plan_file("contestants", csv_bytes(same), hotel["contest"]).changes == []
    other = [["参赛编号", "姓名", "身份证号"], ["QT01", "王喆", "110105********0000"]]
    assert "does not match the number on file" in _refused(hotel, other)[0]
    copied = [["参赛编号", "姓名", "身份证号"], ["QT08", "张堃", masked]]
    import_file("contestants", csv_bytes(copied), hotel["contest"])
    person = Contestant.query.filter_by(bib="QT08").one()
    assert (person.id_number_masked, person.id_number_hash) == (masked, None)


def test_one_bad_row_refuses_the_whole_file(hotel, english):
    rows = contestant_rows() + [["QT09", "张堃", "", "", "", "", "插花", "", ""]]
    assert len(_refused(hotel, rows)) == 1
    assert count(Contestant) == 0


def test_delegations_import_and_update(hotel, english):
    rows = [["代表队", "编号", "地区"], ["广东省代表队", "44", "广东省"],
            ["北京市代表队", "11", "北京"]]
    outcome = import_file("delegations", csv_bytes(rows, "gbk"), hotel["contest"])
    assert (outcome.created, outcome.updated) == ({"delegations": 1}, {"delegations": 1})
    names = db_names(hotel)
    assert names == {"北京市代表队": ("11", "北京"), "上海市代表队": ("31", "上海市"),
                     "广东省代表队": ("44", "广东省")}
    twice = [["代表队"], ["广东省代表队"], ["广东省代表队 "]]
    assert reasons(plan_file("delegations", csv_bytes(twice), hotel["contest"])) == [
        "row 3, column A (代表队): “广东省代表队” is also on row 2."]


def db_names(hotel):
    return {d.name: (d.code, d.region) for d in Delegation.query.filter_by(
        contest_id=hotel["contest"].id)}


def test_failure_while_writing_leaves_nothing(hotel, english, monkeypatch):
    """All-or-nothing even when the database refuses half way (here: the entries)."""
    from contests.refusals import Refused
    from contests.services.exchange import imports

    plan = plan_file("contestants", csv_bytes(contestant_rows()), hotel["contest"])
    for change in plan.changes:
        if change.table == "entries":
            change.new["stage_id"] = 999_999  # no such stage: a foreign key violation
    with pytest.raises(Refused, match="nothing was saved"):
        imports.apply(plan, source="x.csv")
    assert (count(Contestant), count(Entry), count(AuditEntry)) == (0, 0, 0)


def test_formula_and_merged_cells_refuse_the_file(hotel, english):
    rows = [["参赛编号", "姓名", "单位", "项目"], ["QT01", "王喆", "北京饭店", "前厅服务"],
            ["QT02", "=B2", "北京饭店", "前厅服务"], ["QT03", "张堃", "", "前厅服务"]]

    def merge(sheet):
        sheet.merge_cells("C3:C4")

    before = count(AuditEntry)
    plan = plan_file("contestants", xlsx_bytes(rows, merge), hotel["contest"])
    assert reasons(plan) == [
        "row 3, column B (姓名): The cell holds a formula (=B2): paste values instead.",
        "row 3, column C (单位): Cells C3:C4 are merged: unmerge them and fill every cell."]
    assert (count(Contestant), count(AuditEntry)) == (0, before)
