"""`flask exchange …` for scripts: the same import, export and template operations."""
import json

from contests.models import Contest, Contestant, User
from tests.exchange.helpers import contestant_rows, count, csv_bytes


def test_import_dry_run_then_import(runner, hotel, tmp_path):
    path = tmp_path / "报名表.csv"
    path.write_bytes(csv_bytes(contestant_rows(), "gbk"))
    args = ["exchange", "import", "HOTEL", "contestants", str(path), "--lang", "en"]
    dry = runner.invoke(args=args + ["--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "3 rows (csv, gb18030): contestants create 2, entries create 3" in dry.output
    assert count(Contestant) == 0
    done = runner.invoke(args=args)
    assert done.exit_code == 0, done.output
    assert count(Contestant) == 2
    again = runner.invoke(args=args)
    assert "no changes; 3 rows unchanged" in again.output


def test_import_with_problems_writes_nothing(runner, hotel, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([["参赛编号", "姓名", "项目"], ["QT01", "王喆", "插花"]]))
    result = runner.invoke(args=["exchange", "import", "HOTEL", "contestants", str(path),
                                 "--lang", "en"])
    assert result.exit_code == 1
    assert "row 2, column C (项目): There is no event “插花” in this contest." in result.output
    assert "1 problems; nothing was imported" in result.output
    assert count(Contestant) == 0


def test_unknown_columns_need_a_mapping(runner, hotel, tmp_path):
    path = tmp_path / "judges.csv"
    path.write_bytes(csv_bytes([["登录账号", "姓名", "手机"], ["lin", "林玥", "138"]]))
    args = ["exchange", "import", "HOTEL", "judges", str(path)]
    refused = runner.invoke(args=args)
    assert "unknown columns: A '登录账号', C '手机'" in refused.output
    done = runner.invoke(args=args + ["--map", "登录账号=username", "--map", "C=ignore"])
    assert done.exit_code == 0, done.output
    assert "new account lin: password " in done.output
    assert User.query.filter_by(username="lin").one().display_name == "林玥"


def test_export_and_templates(runner, hotel, tmp_path):
    out = tmp_path / "people.xlsx"
    result = runner.invoke(args=["exchange", "export", "HOTEL", "contestants", "-o", str(out)])
    assert result.exit_code == 0 and out.read_bytes().startswith(b"PK")
    template = tmp_path / "hotel.json"
    runner.invoke(args=["exchange", "template-export", "HOTEL", "-o", str(template)])
    assert json.loads(template.read_text())["stages"][1]["name"] == "全国总决赛"
    assert "valid" in runner.invoke(args=["exchange", "template-check", str(template)]).output
    made = runner.invoke(args=["exchange", "template-import", str(template), "--code", "H27",
                               "--year", "2027"])
    assert made.exit_code == 0, made.output
    shipped = runner.invoke(args=["exchange", "template-import", "union-chair", "--code",
                                  "UC27", "--year", "2027", "--name", "2027年度考核"])
    assert shipped.exit_code == 0, shipped.output
    assert {c.code for c in Contest.query} == {"HOTEL", "H27", "UC27"}
    taken = runner.invoke(args=["exchange", "template-import", "union-chair", "--code",
                                "UC27", "--year", "2027", "--lang", "en"])
    assert taken.exit_code == 1 and "already uses the code UC27" in taken.output


def test_marks_and_audit_export_from_the_cli(runner, build, tmp_path):
    world = build.scored_contest()
    code = world["contest"].code
    out = tmp_path / "marks.csv"
    result = runner.invoke(args=["exchange", "export", code, "marks", "--format", "csv",
                                 "--encoding", "gb18030", "--lang", "en", "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_bytes().decode("gb18030").splitlines()
    assert lines[0].startswith("Stage,Event,Heat,Delegation,Bib number")
    assert lines[1].endswith(",10.00,8.00")
    unknown = runner.invoke(args=["exchange", "export", code, "podium"])
    assert unknown.exit_code == 2 and "one of audit, awards, contestants" in unknown.output
