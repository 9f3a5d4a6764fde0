"""A national registration file: 20,000 rows planned and written in one transaction.
How long it takes is measured by benchmarks/bench_import.py, not asserted here."""
from sqlalchemy import event

from contests.extensions import db
from contests.models import AuditEntry, Contestant, Entry
from tests.exchange.helpers import count, csv_bytes, id_number, import_file, plan_file, xlsx_bytes

ROWS = 20_000


def _rows(bad_last=False) -> list[list]:
    rows = [["参赛编号", "姓名", "性别", "单位", "代表队", "身份证号", "项目", "阶段"]]
    for n in range(ROWS):
        rows.append([f"N{n:05d}", f"选手{n}", "女" if n % 2 else "男", f"第{n % 97}饭店",
                     "北京市代表队" if n % 3 else "上海市代表队",
                     id_number(f"1101051990{(n % 12) + 1:02d}{(n % 28) + 1:02d}{n % 1000:03d}")
                     if n < 5000 else "", "前厅服务" if n % 2 else "客房服务", "全国总决赛"])
    if bad_last:
        rows[-1][6] = "插花"
    return rows


def test_20000_rows_in_one_transaction(hotel, english):
    data = xlsx_bytes(_rows())
    commits = []
    listener = lambda session: commits.append(1)  # noqa: E731
    event.listen(db.session, "after_commit", listener)
    try:
        outcome = import_file("contestants", data, hotel["contest"], name="全国.xlsx")
    finally:
        event.remove(db.session, "after_commit", listener)
    assert outcome.created == {"contestants": ROWS, "entries": ROWS}
    assert commits == [1]
    assert (count(Contestant), count(Entry)) == (ROWS, ROWS)
    assert count(AuditEntry) == 2 * ROWS + 1


def test_20000_rows_with_one_bad_row_write_nothing(hotel, english):
    plan = plan_file("contestants", csv_bytes(_rows(bad_last=True), "gb18030"),
                     hotel["contest"])
    assert [str(p) for p in plan.problems] == [
        f"row {ROWS + 1}, column G (项目): There is no event “插花” in this contest."]
    assert count(Contestant) == 0
