"""Revocable sessions: every sign-in is a row the server can end. Logout, a password change,
deactivation and revoking the sign-in link that opened it end it, for the session cookie and
the remember cookie alike, wherever they were copied to. Remember cookies are short-lived,
SameSite, Secure under HTTPS, and change on every use. A judge's tablet session ends after
a stretch without activity."""
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import select, update

from contests.services.judging import links

PASSWORD = "right-password"
REMEMBER = "remember_token"


def sign_in(client, username, remember=False):
    data = {"username": username, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/auth/login", data=data)
    assert response.status_code == 302, "the sign-in itself must work"
    return response


def cookie(client, name):
    found = client.get_cookie(name)
    assert found is not None, f"no {name} cookie"
    return found.value


def browser_with(app, **cookies):
    """Another browser holding copies of these cookies and nothing else."""
    other = app.test_client()
    for name, value in cookies.items():
        other.set_cookie(name, value, domain="localhost")
    return other


def signed_in(client, page="/judging/"):
    return client.get(page).status_code == 200


def set_cookie_headers(response, name):
    return [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]


@pytest.fixture
def judge(build):
    return build.user("judge", username="judge", password=PASSWORD)


def test_a_session_cookie_copied_before_logout_is_refused_after_it(app, client, judge):
    sign_in(client, "judge")
    copied = cookie(client, "session")
    assert signed_in(browser_with(app, session=copied))
    client.post("/auth/logout")
    assert not signed_in(client)
    assert not signed_in(browser_with(app, session=copied))


def test_the_remember_cookie_stops_working_after_logout(app, client, judge):
    sign_in(client, "judge", remember=True)
    copied = cookie(client, REMEMBER)
    client.post("/auth/logout")
    assert not signed_in(browser_with(app, **{REMEMBER: copied}))


def test_a_password_change_ends_every_session_of_the_account(app, client, db, judge):
    sign_in(client, "judge", remember=True)
    session_copy, remember_copy = cookie(client, "session"), cookie(client, REMEMBER)
    judge.set_password("a-new-password")  # what the account page does
    db.session.commit()
    assert not signed_in(client)
    assert not signed_in(browser_with(app, session=session_copy))
    assert not signed_in(browser_with(app, **{REMEMBER: remember_copy}))


def test_deactivation_ends_every_session_of_the_account(app, client, db, judge):
    sign_in(client, "judge", remember=True)
    remember_copy = cookie(client, REMEMBER)
    judge.active = False
    db.session.commit()
    assert not signed_in(client)
    assert not signed_in(browser_with(app, **{REMEMBER: remember_copy}))
    judge.active = True  # coming back does not bring the old sessions back
    db.session.commit()
    assert not signed_in(browser_with(app, **{REMEMBER: remember_copy}))


def test_other_changes_to_an_account_keep_its_sessions(client, db, judge):
    sign_in(client, "judge")
    judge.display_name = "新名字"
    judge.active = True
    db.session.commit()
    assert signed_in(client)


def test_revoking_a_sign_in_link_ends_the_sessions_it_opened(app, client, db, judge):
    token = links.create(judge, 24)
    assert client.post(f"/auth/link/{token}").status_code == 302
    remember_copy = cookie(client, REMEMBER)
    assert signed_in(client)
    elsewhere = app.test_client()  # the same judge signed in with a password: not covered
    sign_in(elsewhere, "judge")
    links.revoke(links.resolve(token))
    assert not signed_in(client)
    assert not signed_in(browser_with(app, **{REMEMBER: remember_copy}))
    assert signed_in(elsewhere)


def test_logout_ends_this_sign_in_only_unless_asked_for_everywhere(app, client, judge):
    tablet, phone = app.test_client(), app.test_client()
    for browser in (client, tablet, phone):
        sign_in(browser, "judge")
    client.post("/auth/logout")
    assert signed_in(tablet) and signed_in(phone)
    tablet.post("/auth/logout", data={"everywhere": "1"})
    assert not signed_in(tablet) and not signed_in(phone)


def test_the_remember_cookie_is_short_lived_lax_and_http_only(client, judge):
    response = sign_in(client, "judge", remember=True)
    [header] = set_cookie_headers(response, REMEMBER)
    assert "SameSite=Lax" in header and "HttpOnly" in header
    expires = parsedate_to_datetime(header.split("Expires=")[1].split(";")[0])
    assert expires < datetime.now(UTC) + timedelta(days=15)  # not a year


def test_under_https_both_cookies_are_secure(tmp_path):
    from contests import create_app
    from contests.extensions import db
    from contests.models import User

    app = create_app({"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
                      "SERVER_NAME": "localhost", "PREFERRED_URL_SCHEME": "https",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'https.db'}"})
    with app.app_context():
        db.create_all()
        user = User(username="judge", display_name="裁判", role="judge")
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        response = sign_in(app.test_client(), "judge", remember=True)
        db.session.remove()
        db.engine.dispose()
    [remember] = set_cookie_headers(response, REMEMBER)
    [session] = set_cookie_headers(response, "session")
    assert "Secure" in remember and "Secure" in session


def test_the_remember_cookie_changes_each_time_it_is_used(app, client, judge):
    sign_in(client, "judge", remember=True)
    first = cookie(client, REMEMBER)
    restarted = browser_with(app, **{REMEMBER: first})  # the browser was closed and reopened
    assert signed_in(restarted)
    second = cookie(restarted, REMEMBER)
    assert second != first
    assert signed_in(browser_with(app, **{REMEMBER: second}))


def test_a_used_remember_value_is_refused_once_its_short_overlap_is_over(app, client, db, judge):
    from contests.models import UserSession

    sign_in(client, "judge", remember=True)
    first = cookie(client, REMEMBER)
    assert signed_in(browser_with(app, **{REMEMBER: first}))
    db.session.execute(update(UserSession).values(
        rotated_at=datetime.now(UTC) - timedelta(minutes=10)))
    db.session.commit()
    assert not signed_in(browser_with(app, **{REMEMBER: first}))


def _idle(db, minutes):
    from contests.models import UserSession

    db.session.execute(update(UserSession).values(
        last_seen_at=datetime.now(UTC) - timedelta(minutes=minutes)))
    db.session.commit()


def test_a_judge_idle_longer_than_the_limit_signs_in_again(app, client, db, judge):
    app.config["JUDGE_IDLE_MINUTES"] = 120
    sign_in(client, "judge", remember=True)
    _idle(db, 121)
    page = client.get("/judging/")
    assert page.status_code == 302 and page.headers["Location"].startswith("/auth/login")
    assert not signed_in(client)  # the remember cookie died with it


def test_the_tablet_api_answers_401_so_the_tablet_keeps_its_marks(app, client, db, judge):
    app.config["JUDGE_IDLE_MINUTES"] = 120
    sign_in(client, "judge")
    _idle(db, 121)
    answer = client.post("/judging/api/changes?lang=en", json={"kind": "mark"})
    assert answer.status_code == 401
    assert answer.get_json()["error"] == "signed_out"
    assert "sign in" in answer.get_json()["message"].lower()


def test_a_judge_active_within_the_limit_stays_signed_in(app, client, db, judge):
    from contests.models import UserSession

    app.config["JUDGE_IDLE_MINUTES"] = 120
    sign_in(client, "judge")
    _idle(db, 100)
    assert signed_in(client)
    seen = db.session.scalar(select(UserSession.last_seen_at))
    assert seen.replace(tzinfo=UTC) > datetime.now(UTC) - timedelta(minutes=5)


def test_the_judge_idle_limit_does_not_apply_to_organizers(app, client, db, build):
    app.config["JUDGE_IDLE_MINUTES"] = 120
    build.user("organizer", username="org", password=PASSWORD)
    sign_in(client, "org")
    _idle(db, 600)
    assert signed_in(client, "/organizer/")


def test_who_changes_their_own_password_may_stay_signed_in_here_only(app, db, judge):
    from flask import session

    from contests.auth.loading import renew_after_own_password_change, sign_in
    from contests.services import sessions

    limits = sessions.Limits(lifetime=timedelta(days=1), judge_idle=None)
    other = sessions.start(judge, lifetime=limits.lifetime).key  # another device
    with app.test_request_context("/"):
        sign_in(judge, remember=True)
        here = session["_user_id"]
        judge.set_password("a-new-password")
        db.session.commit()
        renew_after_own_password_change(judge)
        assert sessions.resume(session["_user_id"], limits).row is not None
    assert sessions.resume(here, limits).row is None
    assert sessions.resume(other, limits).row is None
