"""Reading uploads: encodings detected, headers recognised, untrustworthy files refused."""
import io
import zipfile

import pytest
from openpyxl.styles import Font

from contests.exchange import encoding
from contests.exchange.fields import KINDS
from contests.exchange.readers import read_table
from contests.refusals import Invalid
from tests.exchange.helpers import csv_bytes, xlsx_bytes

PEOPLE = KINDS["contestants"]
ROWS = [["参赛编号", "姓名", "单位", "项目"], ["QT01", "王喆", "北京饭店", "前厅服务"]]


@pytest.mark.parametrize("codec, expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"),
    ("gb18030", "gb18030"), ("utf-16", "utf-16")])
def test_encoding_detected_not_asked(app, codec, expected):
    table = read_table(csv_bytes(ROWS, codec), PEOPLE)
    assert table.encoding == expected
    assert table.headers == ROWS[0]
    assert table.rows == [[2, ROWS[1]]]


def test_gb18030_only_characters_survive(app):
    # 䶮 (CJK extension A) and 𠀀 (extension B) have no GBK code; GB18030 has them.
    rows = [["参赛编号", "姓名"], ["A1", "刘䶮"], ["A2", "王𠀀"]]
    with pytest.raises(UnicodeEncodeError):
        csv_bytes(rows, "gbk")
    table = read_table(csv_bytes(rows, "gb18030"), PEOPLE)
    assert [r[1][1] for r in table.rows] == ["刘䶮", "王𠀀"]


def test_decode_prefers_a_bom_then_strict_utf8():
    assert encoding.decode("姓名".encode("utf-8-sig")) == ("姓名", "utf-8-sig")
    assert encoding.decode("姓名".encode()) == ("姓名", "utf-8")
    assert encoding.decode("姓名".encode("gbk")) == ("姓名", "gb18030")


def test_title_row_above_the_header_is_skipped(app):
    rows = [["2026年全国星级饭店服务技能竞赛报名表"], []] + ROWS
    table = read_table(xlsx_bytes(rows), PEOPLE)
    assert table.header_row == 3
    assert table.rows == [[4, ROWS[1]]]


def test_semicolon_and_tab_separated_files(app):
    for separator in (";", "\t"):
        text = "\n".join(separator.join(r) for r in ROWS)
        assert read_table(text.encode("utf-8"), PEOPLE).headers == ROWS[0]


def test_numbers_read_as_typed(app):
    rows = [["参赛编号", "姓名", "抽签号", "身份证号"], [7, "王喆", 12.0, 110105199003071239]]
    table = read_table(xlsx_bytes(rows), PEOPLE)
    bib, _name, draw, long_number = table.rows[0][1]
    assert (bib, draw) == ("7", "12")
    assert long_number.startswith("1.1010519900307") and "E+17" in long_number


def test_formula_cell_is_a_problem_with_row_and_column(app):
    rows = ROWS + [["QT02", "=A2&\"x\"", "北京饭店", "前厅服务"]]
    table = read_table(xlsx_bytes(rows), PEOPLE)
    (problem,) = table.problems
    assert (problem.code, problem.row, problem.column, problem.header) == (
        "formula", 3, "B", "姓名")


def test_merged_cells_are_a_problem(app):
    rows = ROWS + [["QT02", "李玥", "", "前厅服务"]]

    def merge(sheet):
        sheet.merge_cells("C2:C3")
        sheet["A1"].font = Font(bold=True)

    table = read_table(xlsx_bytes(rows, merge), PEOPLE)
    (problem,) = table.problems
    assert (problem.code, problem.row, problem.column, problem.params) == (
        "merged", 2, "C", {"range": "C2:C3"})


def _zip(*names) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize("data, code, words", [
    (b"", "empty_file", "empty"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old_excel", "old Excel (.xls)"),
    (b"%PDF-1.7\n...", "wrong_type", "a PDF document"),
    (_zip("word/document.xml"), "wrong_type", "a Word document"),
    (_zip("xl/workbook.xml"), "unreadable", "cannot be read"),
    (b"PK\x03\x04garbage", "unreadable", "cannot be read"),
    (bytes(range(256)) * 4, "unreadable", "cannot be read"),
    (b"<html><body>report</body></html>", "wrong_type", "web page"),
    ("参赛编号,姓名\n".encode(), "no_rows", "no data rows"),
])
def test_unreadable_files_refused_with_their_reason(app, english, data, code, words):
    with pytest.raises(Invalid) as refused:
        read_table(data, PEOPLE)
    assert refused.value.code == code
    assert words in str(refused.value)


def test_too_large_refused_before_reading(app, english):
    with pytest.raises(Invalid, match="larger than 10 MiB"):
        read_table(b"x" * (10 * 1024 * 1024 + 1), PEOPLE, max_bytes=10 * 1024 * 1024)
