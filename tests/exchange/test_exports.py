"""Exports: the people lists round-trip through import; marks and audit log download as
numbers with the contest's precision and headers in the reader's language."""
import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from contests.exchange.exports import EXPORTS
from contests.exchange.files import render
from contests.models import AuditEntry, Contestant, Delegation, Entry, User
from tests.exchange.helpers import contestant_rows, count, csv_bytes, import_file, plan_file


def _people(contest):
    return sorted((c.bib, c.name, c.gender, c.unit, c.delegation_id, c.id_number_masked,
                   c.id_number_hash, c.draw_number,
                   sorted((e.event_id, e.stage_id, e.heat_id) for e in c.entries))
                  for c in Contestant.query.filter_by(contest_id=contest.id))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_contestants_round_trip(hotel, english, build, fmt):
    contest = hotel["contest"]
    import_file("contestants", csv_bytes(contestant_rows()), contest)
    build.contestant(contest, bib="ZZ9", name="=1+1", draw_number=3)  # no entry; odd name
    before = _people(contest)
    exported = render(EXPORTS["contestants"].build(contest), fmt)
    plan = plan_file("contestants", exported, contest)
    assert plan.ok and plan.changes == []
    Entry.query.delete()
    Contestant.query.delete()
    import_file("contestants", exported, contest)
    after = _people(contest)
    # The full ID number is never exported: a fresh import keeps the masked form only.
    assert [p[:6] + p[7:] for p in after] == [p[:6] + p[7:] for p in before]
    assert [p[6] for p in after] == [None, None, None]


@pytest.mark.parametrize("kind", ["delegations", "judges"])
def test_delegations_and_judges_round_trip(hotel, english, build, kind):
    build.user("judge", username="judge-lin", display_name="林玥", unit="上海旅游高专")
    build.user("chief_judge", username="chief-feng", display_name="冯振昇")
    exported = render(EXPORTS[kind].build(hotel["contest"]), "xlsx")
    plan = plan_file(kind, exported, hotel["contest"])
    assert plan.ok and plan.changes == [] and len(plan.actions) == 2
    model = Delegation if kind == "delegations" else User
    rows = count(model)
    import_file(kind, exported, hotel["contest"])
    assert count(model) == rows


def test_csv_export_opens_in_chinese_excel_and_guards_formulas(hotel, build):
    build.contestant(hotel["contest"], bib="A1", name="=HYPERLINK(\"x\")")
    data = render(EXPORTS["contestants"].build(hotel["contest"]), "csv")
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1][1] == "'=HYPERLINK(\"x\")"


def test_marks_matrix_numbers_with_the_contest_precision(client, organizer, build):
    world = build.scored_contest()
    contest, criterion = world["contest"], world["criterion"]
    contest.decimal_places = 1
    build.session.commit()
    second = build.criterion(world["component"], code="B", name="服务质量", max_points=20)
    world["sheet"].marks.append(type(world["sheet"].marks[0])(criterion_id=second.id,
                                                              value=Decimal("12.25")))
    build.session.commit()
    response = client.get(f"/organizer/contests/{contest.id}/exchange/export/marks"
                          "?format=xlsx&lang=en")
    book = load_workbook(io.BytesIO(response.data))
    long, matrix = book.worksheets[0], book.worksheets[1]
    header = [c.value for c in long[1]]
    assert header[-2:] == ["Maximum", "Mark"] and "Judge" in header
    values = {row[14].value: row[16] for row in long.iter_rows(min_row=2)}
    assert values[criterion.name].value == 8 and values[criterion.name].number_format == "0.0"
    assert values["服务质量"].value == 12.25 and values["服务质量"].number_format == "0.00"
    assert [c.value for c in matrix[1]][-2:] == [f"{criterion.name} (10)", "B 服务质量 (20)"]
    assert [c.value for c in matrix[2]][-2:] == [8, 12.25]
    answer = client.get(f"/organizer/contests/{contest.id}/exchange/export/marks?format=csv"
                        "&lang=en")
    assert answer.headers["Content-Type"] == "text/csv; charset=utf-8"  # one charset, not two
    text = answer.data.decode("utf-8-sig")
    assert text.splitlines()[1].endswith(",10.0,8.0")


def test_audit_log_export(client, organizer, hotel):
    import_file("delegations", csv_bytes([["代表队"], ["广东省代表队"]]), hotel["contest"])
    response = client.get(f"/organizer/contests/{hotel['contest'].id}/exchange/export/audit"
                          "?format=xlsx&lang=zh_CN")
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[2], r[3]) for r in rows] == [("import", "delegations"),
                                            ("create", "delegations")]
    assert "广东省代表队" in rows[1][6]
    assert count(AuditEntry) == 2


def test_unknown_export_is_404(client, organizer, hotel):
    base = f"/organizer/contests/{hotel['contest'].id}/exchange"
    assert client.get(f"{base}/export/podium").status_code == 404
    assert client.get(f"{base}/export/marks?format=pdf").status_code == 404
