"""File makers, and planning and applying an import in one call as the CLI does."""
import csv
import io

from openpyxl import Workbook
from sqlalchemy import func, select

from contests.exchange.fields import KINDS
from contests.exchange.idnumber import with_check_character
from contests.exchange.plan import build_plan, default_mapping
from contests.exchange.readers import read_table
from contests.extensions import db
from contests.services.exchange.imports import apply


def plan_file(kind: str, data: bytes, contest, mapping=None):
    table = read_table(data, KINDS[kind])
    return build_plan(kind, table, mapping or default_mapping(kind, table), contest)


def import_file(kind: str, data: bytes, contest, name="test.csv"):
    plan = plan_file(kind, data, contest)
    assert plan.ok, [str(p) for p in plan.problems]
    return apply(plan, source=name)


def count(model, *conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def reasons(plan) -> list[str]:
    return [str(problem) for problem in plan.problems]


def id_number(seventeen: str = "11010519900307123") -> str:
    return with_check_character(seventeen)


def csv_bytes(rows: list[list], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list], edit=None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if edit:
        edit(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


CONTESTANT_HEADER = ["参赛编号", "姓名", "性别", "单位", "代表队", "身份证号", "项目", "阶段",
                     "赛区"]


def contestant_rows() -> list[list]:
    return [CONTESTANT_HEADER,
            ["QT01", "王喆", "男", "北京饭店", "北京市代表队", id_number(), "前厅服务",
             "省内选拔赛", "北京赛区"],
            ["QT01", "王喆", "男", "北京饭店", "北京市代表队", id_number(), "前厅服务",
             "全国总决赛", ""],
            ["KF01", "李玥", "女", "上海国际饭店", "上海市代表队", "", "客房服务", "", ""]]
