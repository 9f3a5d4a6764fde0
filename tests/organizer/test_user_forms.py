"""Accounts: hashed passwords, unique usernames, a new account needs a password.
Issue 11 moved the account pages to the administrator (/admin/users/...); creating an
account or setting a password there also needs the administrator's current password."""
import pytest
from sqlalchemy import select

from contests.models import AuditEntry, User

MINE = "admin-password-1"


@pytest.fixture
def organizer(build, login):
    """The administrator, under the name these tests have always used for whoever manages
    accounts."""
    user = build.user("admin", password=MINE)
    login(user)
    return user


def test_create_judge_with_hashed_password(client, organizer, db):
    data = {"username": "judge-li", "display_name": "李裁判", "role": "judge",
            "unit": "某大酒店", "password": "long-enough-1", "active": "y",
            "current_password": MINE}
    assert client.post("/admin/users/new", data=data).status_code == 302
    user = db.session.scalar(select(User).where(User.username == "judge-li"))
    assert user.password_hash != "long-enough-1" and user.check_password("long-enough-1")
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.entity == "users"))
    # issue 11: the audit says the password was set ("password": "changed"), never what
    # it is nor its hash
    assert "long-enough-1" not in audit.new and "password_hash" not in audit.new
    assert user.password_hash not in audit.new


def test_new_account_needs_password_and_unique_name(client, organizer, db):
    data = {"username": organizer.username, "display_name": "重名", "role": "judge"}
    page = client.post("/admin/users/new?lang=en", data=data).get_data(as_text=True)
    assert "This username is taken." in page and "A new account needs a password." in page


def test_short_password_refused(client, organizer, db):
    data = {"username": "x1", "display_name": "x", "role": "judge", "password": "short"}
    page = client.post("/admin/users/new?lang=en", data=data).get_data(as_text=True)
    assert "at least 8" in page
    assert db.session.scalar(select(User).where(User.username == "x1")) is None


def test_edit_without_password_keeps_it(client, organizer, db, build):
    judge = build.user("judge", password="original-pass")
    data = {"username": judge.username, "display_name": "改名", "role": "judge", "active": "y"}
    assert client.post(f"/admin/users/{judge.id}/edit", data=data).status_code == 302
    db.session.expire_all()
    judge = db.session.get(User, judge.id)
    assert judge.display_name == "改名" and judge.check_password("original-pass")


def test_cannot_delete_yourself(client, organizer, db):
    client.post(f"/admin/users/{organizer.id}/delete")
    assert db.session.get(User, organizer.id) is not None


def test_judge_with_marks_cannot_be_deleted(client, organizer, db, build):
    world = build.scored_contest()
    page = client.post(f"/admin/users/{world['judge'].id}/delete?lang=en",
                       follow_redirects=True).get_data(as_text=True)
    assert "cannot be deleted" in page
    assert db.session.get(User, world["judge"].id) is not None
