"""Judges' accounts by username: created with a hashed password, updated, or refused."""
from contests.models import User
from tests.exchange.helpers import count, csv_bytes, import_file, plan_file, reasons

HEADER = ["账号", "姓名", "工作单位", "角色"]


def test_new_judges_then_reimport_changes_nothing(hotel, english):
    rows = [HEADER, ["judge-lin", "林玥", "上海旅游高专", "评委"],
            ["chief-feng", "冯振昇", "武汉商学院", "Chief judge"]]
    outcome = import_file("judges", csv_bytes(rows), hotel["contest"])
    assert sorted(u for u, _ in outcome.passwords) == ["chief-feng", "judge-lin"]
    assert {u.username: u.role for u in User.query} == {"judge-lin": "judge",
                                                          "chief-feng": "chief_judge"}
    hashes = {u.username: u.password_hash for u in User.query}
    plan = plan_file("judges", csv_bytes(rows), hotel["contest"])
    assert plan.changes == [] and plan.counts() == {"unchanged_rows": 2}
    rows[1][2] = "上海旅游高等专科学校"
    import_file("judges", csv_bytes(rows), hotel["contest"])
    assert User.query.filter_by(username="judge-lin").one().unit == "上海旅游高等专科学校"
    assert {u.username: u.password_hash for u in User.query} == hashes


def test_judge_rows_refused_with_reasons(hotel, build, english):
    build.user("organizer", username="office")
    rows = [HEADER + ["密码"], ["office", "赛事办公室", "", "", ""],
            ["new-judge", "", "", "", ""], ["林 玥", "林玥", "", "", ""],
            ["lin", "林玥", "", "观众", "short"], ["lin", "林玥", "", "", ""]]
    assert reasons(plan_file("judges", csv_bytes(rows), hotel["contest"])) == [
        "row 2, column A (账号): The account “office” exists and is not a judge's account.",
        "row 3, column B (姓名): “Name” is required.",
        "row 4, column A (账号): Use letters, digits and _ . - only.",
        "row 5, column D (角色): “观众” is not one of: Judge, Chief judge.",
        "row 5, column E (密码): A password needs at least 8 characters.",
        "row 6, column A (账号): “lin” is also on row 5."]
    assert count(User) == 1
