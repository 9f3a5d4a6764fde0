"""The people import's guest column (不参与评奖): yes marks an entry as a guest, no takes
the mark off, an empty cell leaves it, anything else is refused naming the row."""
from contests.models import Contestant, Entry
from tests.exchange.helpers import csv_bytes, import_file, plan_file, reasons

HEADER = ["参赛编号", "姓名", "代表队", "项目", "阶段", "不参与评奖"]


def _guest(bib: str) -> list[bool]:
    person = Contestant.query.filter_by(bib=bib).one()
    return [e.guest for e in Entry.query.filter_by(contestant_id=person.id)]


def test_a_guest_column_marks_the_entry_and_a_second_import_takes_it_off(hotel, english):
    rows = [HEADER, ["QT01", "王喆", "北京市代表队", "前厅服务", "全国总决赛", "是"],
            ["QT02", "李娜", "北京市代表队", "前厅服务", "全国总决赛", ""]]
    outcome = import_file("contestants", csv_bytes(rows), hotel["contest"])
    assert outcome.created == {"contestants": 2, "entries": 2}
    assert (_guest("QT01"), _guest("QT02")) == ([True], [False])
    # Re-imported with an empty cell: unchanged. With 否: no longer a guest.
    rows[1][5] = ""
    assert import_file("contestants", csv_bytes(rows), hotel["contest"]).updated == {}
    assert _guest("QT01") == [True]
    rows[1][5] = "否"
    assert import_file("contestants", csv_bytes(rows), hotel["contest"]).updated == {
        "entries": 1}
    assert _guest("QT01") == [False]


def test_an_unknown_guest_value_is_refused_and_nothing_is_written(hotel, english):
    rows = [HEADER, ["QT01", "王喆", "北京市代表队", "前厅服务", "全国总决赛", "也许"]]
    plan = plan_file("contestants", csv_bytes(rows), hotel["contest"])
    assert not plan.ok
    assert any("“也许” is not one of: 是, 否 (yes, no)." in r for r in reasons(plan)), \
        reasons(plan)
    assert Contestant.query.filter_by(bib="QT01").count() == 0
