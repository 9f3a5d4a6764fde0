"""The clerk role: offered by the administrator's account form, joined to contests by the
administrator, and landing on the clerk's own pages after signing in."""
from contests.extensions import db
from contests.models import ContestMember


def test_the_account_form_offers_the_clerk_role(client, login, build):
    login(build.user("admin"))
    page = client.get("/admin/users/new?lang=en")
    assert '<option value="clerk">Clerk</option>' in page.text
    assert '<option value="clerk">录入员</option>' in client.get("/admin/users/new?lang=zh_CN").text


def test_the_administrator_makes_a_clerk_member_of_a_contest(client, login, build):
    contest = build.contest(name="纸质录入竞赛")
    clerk = build.user("clerk")
    login(clerk)
    assert "纸质录入竞赛" not in client.get("/clerk/").text
    login(build.user("admin"))
    assert clerk.username in client.get(f"/admin/contests/{contest.id}/members").text
    client.post(f"/admin/contests/{contest.id}/members", data={"user_id": clerk.id})
    assert db.session.get(ContestMember, (contest.id, clerk.id)) is not None
    login(clerk)
    assert "纸质录入竞赛" in client.get("/clerk/").text
    assert client.get(f"/organizer/contests/{contest.id}/").status_code == 403


def test_a_clerk_signs_in_to_the_paper_sheets(client, build):
    clerk = build.user("clerk", password="correct-horse")
    response = client.post("/auth/login", data={"username": clerk.username,
                                                "password": "correct-horse"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/clerk/")
