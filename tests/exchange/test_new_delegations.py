"""A contestants file naming delegations the contest does not have: the preview lists them
and offers to create them; only with that consent are they created with the import,
without it the rows are problems as before and nothing is written."""
import io
import re

from sqlalchemy import select

from contests.exchange.fields import KINDS
from contests.exchange.plan import build_plan, default_mapping
from contests.exchange.readers import read_table
from contests.models import Contestant, Delegation
from contests.services.exchange.imports import apply
from tests.exchange.helpers import count, csv_bytes, plan_file, reasons

ROWS = [["参赛编号", "姓名", "代表队", "项目"],
        ["QT01", "王喆", "广东省代表队", "前厅服务"],
        ["QT02", "李玥", "广东省代表队", "前厅服务"],
        ["KF01", "张堃", "浙江省代表队", "客房服务"],
        ["KF02", "赵敏", "北京市代表队", "客房服务"]]


def _upload(client, contest, data):
    return client.post(f"/organizer/contests/{contest.id}/exchange/import/contestants?lang=en",
                       data={"file": (io.BytesIO(data), "报名表.csv")},
                       content_type="multipart/form-data", follow_redirects=True)


def test_preview_asks_consent_in_the_import_itself_and_creates_them_only_with_it(
        client, organizer, hotel, db):
    contest = hotel["contest"]
    page = _upload(client, contest, csv_bytes(ROWS))
    text = page.get_data(as_text=True)
    assert "Delegations not in the contest (2)" in text
    assert "<li>广东省代表队</li>" in text and "<li>浙江省代表队</li>" in text
    # The missing delegations are the only problem: the import is shown as it would be,
    # with the consent box in the confirm form itself (one submission, not two).
    assert re.search(r'<input type="checkbox" id="create-delegations" '
                     r'name="create_delegations" value="1" required>', text)
    assert "Import: apply all these changes" in text and "problems" not in text
    assert count(Delegation) == 2  # a preview writes nothing
    url = page.request.path
    # Confirming without consent imports nothing and shows the problems.
    refused = client.post(f"{url}/confirm?lang=en").get_data(as_text=True)
    assert "3 problems" in refused
    assert (count(Contestant), count(Delegation)) == (0, 2)

    done = client.post(f"{url}/confirm?lang=en", data={"create_delegations": "1"})
    assert done.status_code == 200 and "2 created" in done.get_data(as_text=True)
    by_bib = {c.bib: c.delegation.name for c in db.session.scalars(select(Contestant))}
    assert by_bib == {"QT01": "广东省代表队", "QT02": "广东省代表队", "KF01": "浙江省代表队",
                      "KF02": "北京市代表队"}
    assert count(Delegation) == 4


def test_with_other_problems_too_consent_is_asked_before_the_import(client, organizer, hotel):
    rows = ROWS + [["", "无编号", "浙江省代表队", "客房服务"]]
    page = _upload(client, hotel["contest"], csv_bytes(rows))
    text = page.get_data(as_text=True)
    assert "Create these 2 delegations" in text and 'id="create-delegations"' not in text
    assert "Import: apply all these changes" not in text
    agreed = client.get(f"{page.request.path}?lang=en&create_delegations=1")
    agreed_text = agreed.get_data(as_text=True)
    assert "These 2 delegations will be created with the import." in agreed_text
    assert "1 problems" in agreed_text or "1 problem" in agreed_text


def test_without_consent_each_row_is_a_problem_as_before(hotel, english):
    plan = plan_file("contestants", csv_bytes(ROWS), hotel["contest"])
    assert plan.missing_delegations == ["广东省代表队", "浙江省代表队"]
    assert not plan.ok and len(reasons(plan)) == 3
    assert not any(c.table == "delegations" for c in plan.changes)
    assert all("There is no delegation" in r for r in reasons(plan))


def test_a_contestant_on_file_moves_to_a_delegation_created_with_the_import(
        hotel, build, english):
    build.contestant(hotel["contest"], bib="QT01", name="王喆",
                     delegation_id=hotel["beijing"].id)
    rows = [["参赛编号", "姓名", "代表队"], ["QT01", "王喆", "广东省代表队"]]
    table = read_table(csv_bytes(rows), KINDS["contestants"])
    plan = build_plan("contestants", table, default_mapping("contestants", table),
                      hotel["contest"], create_delegations=True)
    assert plan.ok, reasons(plan)
    apply(plan, source="test.csv")
    moved = build.session.scalar(select(Contestant).where(Contestant.bib == "QT01"))
    assert moved.delegation.name == "广东省代表队"
