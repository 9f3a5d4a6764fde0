"""Permissions per contest (issue 11, finding 1): the administrator alone manages
accounts, and setting a password or changing a role also needs their own current password;
organizers see and change only the contests they run; every account change is audited
with what changed, never the hash."""
import json

import pytest
from sqlalchemy import select

from contests.models import AuditEntry, Contest, ContestMember, User

ADMIN_PASSWORD = "admin-password-1"


@pytest.fixture
def admin(build):
    return build.user("admin", password=ADMIN_PASSWORD, username="site-admin")


@pytest.fixture
def owner(build):
    """The organizer who runs the contest (the demo organizer's position)."""
    return build.user("organizer", password="owner-password", username="owner")


@pytest.fixture
def contest(build, owner):
    return build.scored_contest()["contest"]


@pytest.fixture
def outsider(build):
    """A second organizer who runs nothing."""
    return build.user("organizer", runs_contests=False, username="outsider")


def _fresh(db, model, ident):
    db.session.expire_all()
    return db.session.get(model, ident)


def _account_form(user, **changes) -> dict:
    data = {"username": user.username, "display_name": user.display_name, "role": user.role,
            "unit": user.unit or "", "active": "y" if user.active else ""}
    data.update(changes)
    return data


# -- a second organizer who runs nothing --------------------------------------------------

def test_outsider_does_not_see_the_contest_on_the_dashboard(client, login, contest, outsider,
                                                             owner):
    login(outsider)
    assert contest.name not in client.get("/organizer/").get_data(as_text=True)
    login(owner)
    assert contest.name in client.get("/organizer/").get_data(as_text=True)


def test_outsider_gets_404_for_every_page_of_the_contest(client, login, db, contest, outsider):
    login(outsider)
    base = f"/organizer/contests/{contest.id}"
    for url in (f"{base}/", f"{base}/edit", f"{base}/events/", f"{base}/judging",
                f"{base}/certificates/", f"{base}/exchange/template.json",
                f"{base}/exchange/export/standings"):
        assert client.get(url).status_code == 404, url
    response = client.post(f"{base}/edit", data={"code": contest.code, "name": "被改名",
                                                 "year": "2026", "decimal_places": "2",
                                                 "rounding_point": "final",
                                                 "missing_group_policy": "refuse"})
    assert response.status_code == 404
    assert client.post(f"{base}/delete").status_code == 404
    found = _fresh(db, Contest, contest.id)
    assert found is not None and found.name == contest.name


def test_outsider_cannot_copy_the_contest_as_a_template(client, login, db, contest, outsider):
    login(outsider)
    page = client.get("/organizer/exchange/new-contest").get_data(as_text=True)
    assert f"contest:{contest.id}" not in page and contest.name not in page
    client.post("/organizer/exchange/new-contest", data={
        "source": f"contest:{contest.id}", "code": "STOLEN", "name": "", "year": "2027"})
    assert db.session.scalar(select(Contest).where(Contest.code == "STOLEN")) is None


def test_outsider_cannot_reach_any_account(client, login, db, contest, owner, outsider):
    login(outsider)
    assert client.get("/admin/").status_code == 403
    assert client.get(f"/admin/users/{owner.id}/edit").status_code == 403
    assert client.get(f"/admin/users/{owner.id}/links").status_code == 403
    response = client.post(f"/admin/users/{owner.id}/edit",
                           data=_account_form(owner, password="taken-over-1"))
    assert response.status_code == 403
    assert client.post(f"/admin/users/{owner.id}/delete").status_code == 403
    assert client.post(f"/admin/contests/{contest.id}/members",
                       data={"user_id": outsider.id}).status_code == 403
    # the old organizer account pages are gone, not merely hidden
    assert client.get(f"/organizer/users/{owner.id}/edit").status_code == 404
    assert _fresh(db, User, owner.id).check_password("owner-password")
    assert db.session.get(ContestMember, (contest.id, outsider.id)) is None


def test_organizer_who_runs_the_contest_cannot_manage_accounts_either(client, login, db,
                                                                     owner, build):
    judge = build.user("judge", password="judge-password")
    login(owner)
    assert client.get("/admin/").status_code == 403
    response = client.post(f"/admin/users/{judge.id}/edit",
                           data=_account_form(judge, password="taken-over-1"))
    assert response.status_code == 403
    assert _fresh(db, User, judge.id).check_password("judge-password")


# -- the administrator --------------------------------------------------------------------

def test_admin_signs_in_and_reaches_the_account_pages(client, db, admin, owner):
    response = client.post("/auth/login", data={"username": "site-admin",
                                                "password": ADMIN_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/")
    page = client.get("/admin/?lang=en").get_data(as_text=True)
    assert "owner" in page and "New account" in page
    assert client.get(f"/admin/users/{owner.id}/edit").status_code == 200
    assert client.get("/organizer/").status_code == 403  # accounts, not contest data


@pytest.mark.parametrize("given", [None, "", "wrong-password"])
def test_password_change_without_the_admins_current_password_is_refused(
        client, login, db, admin, owner, given):
    login(admin)
    data = _account_form(owner, password="brand-new-pass")
    if given is not None:
        data["current_password"] = given
    page = client.post(f"/admin/users/{owner.id}/edit?lang=en", data=data)
    assert page.status_code == 200
    assert "Your current password is needed" in page.get_data(as_text=True)
    assert _fresh(db, User, owner.id).check_password("owner-password")
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.entity == "users")) is None


def test_role_change_needs_the_admins_current_password(client, login, db, admin, build):
    judge = build.user("judge")
    login(admin)
    client.post(f"/admin/users/{judge.id}/edit", data=_account_form(judge, role="organizer"))
    assert _fresh(db, User, judge.id).role == "judge"
    client.post(f"/admin/users/{judge.id}/edit", data=_account_form(
        judge, role="organizer", current_password=ADMIN_PASSWORD))
    assert _fresh(db, User, judge.id).role == "organizer"


def test_admin_changes_a_password_and_the_audit_shows_what_changed(client, login, db, admin,
                                                                   owner):
    before = owner.display_name
    login(admin)
    response = client.post(f"/admin/users/{owner.id}/edit", data=_account_form(
        owner, display_name="新名字", password="brand-new-pass",
        current_password=ADMIN_PASSWORD))
    assert response.status_code == 302
    found = _fresh(db, User, owner.id)
    assert found.check_password("brand-new-pass") and found.display_name == "新名字"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity == "users"))
    assert (entry.action, entry.entity_id, entry.user_id) == ("update", owner.id, admin.id)
    old, new = json.loads(entry.old), json.loads(entry.new)
    assert old == {"display_name": before}
    assert new == {"display_name": "新名字", "password": "changed"}
    assert found.password_hash not in entry.old + entry.new
    assert "password_hash" not in entry.old + entry.new


def test_a_plain_edit_needs_no_password_and_an_empty_one_writes_nothing(client, login, db,
                                                                        admin, build):
    judge = build.user("judge", unit="旧单位")
    login(admin)
    client.post(f"/admin/users/{judge.id}/edit", data=_account_form(judge, unit="新单位"))
    assert _fresh(db, User, judge.id).unit == "新单位"
    client.post(f"/admin/users/{judge.id}/edit", data=_account_form(judge, unit="新单位"))
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "users")).all()
    assert [(json.loads(e.old), json.loads(e.new)) for e in entries] == [
        ({"unit": "旧单位"}, {"unit": "新单位"})]


def test_admin_cannot_demote_or_lock_out_themselves(client, login, db, admin):
    login(admin)
    for change in ({"role": "organizer"}, {"active": ""}):
        client.post(f"/admin/users/{admin.id}/edit", data=_account_form(
            admin, current_password=ADMIN_PASSWORD, **change))
        found = _fresh(db, User, admin.id)
        assert found.role == "admin" and found.active


# -- who runs which contest ---------------------------------------------------------------

def test_admin_adds_and_removes_a_member(client, login, db, admin, contest, outsider):
    login(admin)
    assert client.post(f"/admin/contests/{contest.id}/members",
                       data={"user_id": outsider.id}).status_code == 302
    login(outsider)
    assert client.get(f"/organizer/contests/{contest.id}/").status_code == 200
    login(admin)
    page = client.get("/admin/contests/").get_data(as_text=True)
    assert outsider.display_name in page
    client.post(f"/admin/contests/{contest.id}/members/{outsider.id}/remove")
    login(outsider)
    assert client.get(f"/organizer/contests/{contest.id}/").status_code == 404
    actions = db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.entity == "contest_members")).all()
    assert actions == ["add_member", "remove_member"]


def test_judges_cannot_be_made_members(client, login, db, admin, contest, build):
    judge = build.user("judge")
    login(admin)
    client.post(f"/admin/contests/{contest.id}/members", data={"user_id": judge.id})
    assert db.session.get(ContestMember, (contest.id, judge.id)) is None


def test_creating_a_contest_makes_the_creator_its_only_member(client, login, db, outsider,
                                                              owner):
    login(outsider)
    response = client.post("/organizer/contests/new", data={
        "code": "MINE", "name": "我的竞赛", "year": "2027", "decimal_places": "2",
        "rounding_point": "final", "missing_group_policy": "refuse"})
    assert response.status_code == 302
    mine = db.session.scalar(select(Contest).where(Contest.code == "MINE"))
    assert client.get(f"/organizer/contests/{mine.id}/").status_code == 200
    client.post("/organizer/exchange/new-contest", data={
        "source": "shipped:union-chair", "code": "MINE2", "name": "", "year": "2027"})
    copy = db.session.scalar(select(Contest).where(Contest.code == "MINE2"))
    assert client.get(f"/organizer/contests/{copy.id}/").status_code == 200
    login(owner)
    assert client.get(f"/organizer/contests/{mine.id}/").status_code == 404
    assert client.get(f"/organizer/contests/{copy.id}/").status_code == 404


# -- the command line ---------------------------------------------------------------------

def test_cli_creates_the_administrator_and_memberships(runner, db, contest, outsider):
    result = runner.invoke(args=["accounts", "create", "boss", "--role", "admin"],
                           env={"CONTESTS_PASSWORD": "a-long-password"})
    assert result.exit_code == 0, result.output
    boss = db.session.scalar(select(User).where(User.username == "boss"))
    assert boss.role == "admin" and boss.check_password("a-long-password")
    result = runner.invoke(args=["accounts", "add-member", "outsider", contest.code])
    assert result.exit_code == 0, result.output
    assert db.session.get(ContestMember, (contest.id, outsider.id)) is not None
    refused = runner.invoke(args=["accounts", "add-member", "boss", contest.code])
    assert refused.exit_code != 0
    runner.invoke(args=["accounts", "remove-member", "outsider", contest.code])
    db.session.expire_all()
    assert db.session.get(ContestMember, (contest.id, outsider.id)) is None
