"""Signing in and out, the organizer CLI, hashed passwords, CSRF on every form."""
import pytest
from sqlalchemy import select

from contests.models import User


def test_cli_creates_organizer_with_hashed_password(runner, db):
    result = runner.invoke(args=["accounts", "create", "chen", "--name", "陈主任"],
                           input="s3cret-pass\ns3cret-pass\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "chen"))
    assert user.role == "organizer" and user.display_name == "陈主任"
    assert "s3cret-pass" not in user.password_hash and user.check_password("s3cret-pass")


def test_cli_refuses_duplicate_and_short_password(runner, db, build):
    build.user("organizer", username="chen")
    duplicate = runner.invoke(args=["accounts", "create", "chen", "--password", "long-enough"])
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output
    short = runner.invoke(args=["accounts", "create", "wang", "--password", "short"])
    assert short.exit_code != 0
    assert db.session.scalar(select(User).where(User.username == "wang")) is None


def test_sign_in_and_out(client, build):
    build.user("organizer", username="org", password="right-password")
    wrong = client.post("/auth/login?lang=en", data={"username": "org", "password": "nope"})
    assert "Wrong username or password." in wrong.get_data(as_text=True)
    right = client.post("/auth/login", data={"username": "org", "password": "right-password"})
    assert right.status_code == 302 and right.headers["Location"] == "/organizer/"
    assert client.get("/organizer/").status_code == 200
    client.post("/auth/logout")
    assert client.get("/organizer/").status_code == 302


def test_judge_lands_on_judging_and_next_is_same_site_only(client, build):
    build.user("judge", username="judge", password="right-password")
    data = {"username": "judge", "password": "right-password"}
    response = client.post("/auth/login?next=https://evil.example/", data=data)
    assert response.headers["Location"] == "/judging/"


@pytest.mark.parametrize("target", ["/%09/evil.example", "//evil.example", "/\\evil.example",
                                    "/%0a/evil.example", "/%5Cevil.example",
                                    "javascript:alert(1)"])
def test_next_that_a_browser_reads_as_another_site_is_ignored(client, build, target):
    build.user("judge", username="judge", password="right-password")
    data = {"username": "judge", "password": "right-password"}
    response = client.post(f"/auth/login?next={target}", data=data)
    assert response.headers["Location"] == "/judging/"


def test_a_local_next_is_followed(client, build):
    build.user("judge", username="judge", password="right-password")
    data = {"username": "judge", "password": "right-password"}
    response = client.post("/auth/login?next=/judging/?x=1", data=data)
    assert response.headers["Location"] == "/judging/?x=1"


def test_inactive_account_cannot_sign_in(client, build):
    build.user("judge", username="gone", password="right-password", active=False)
    response = client.post("/auth/login", data={"username": "gone",
                                                "password": "right-password"})
    assert response.status_code == 200
    assert client.get("/judging/").status_code == 302


def test_forms_refuse_posts_without_csrf_token(app, client, login, build, db):
    app.config["WTF_CSRF_ENABLED"] = True
    login(build.user("organizer"))
    response = client.post("/organizer/contests/new",
                            data={"code": "X", "name": "无令牌", "year": "2026"})
    assert response.status_code == 400
    from contests.models import Contest
    assert db.session.scalar(select(Contest)) is None
    contest = build.contest()
    assert client.post(f"/organizer/contests/{contest.id}/delete").status_code == 400
    assert db.session.get(Contest, contest.id) is not None


def test_a_sign_in_link_speaks_of_the_tablet_to_judges_only(client, build, db):
    from contests.services.judging import links

    judge = build.user("judge", display_name="李裁判")
    leader = build.user("delegation_leader", display_name="北京领队")
    judge_page = client.get(f"/auth/link/{links.create(judge, 24)}?lang=en")
    text = judge_page.get_data(as_text=True)
    assert "<h1>Sign in this tablet</h1>" in text
    assert "This personal link signs this tablet in as 李裁判." in text
    leader_page = client.get(f"/auth/link/{links.create(leader, 24)}?lang=en")
    text = leader_page.get_data(as_text=True)
    assert leader_page.status_code == 200 and "<h1>Sign in</h1>" in text
    assert "tablet" not in text
    assert "This personal link signs you in on this device as 北京领队." in text
