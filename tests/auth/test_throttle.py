"""Sign-in is throttled per account (wrong passwords, from anywhere) and per address (every
attempt); a refused attempt answers 429 without checking the password; an unknown name costs
the same password check as a known one; the counts live in the database, so every worker
(every app instance on the same database) shares them."""
import pytest
from sqlalchemy import select

from contests.models import User


def _attempt(client, username, password, address="10.0.0.1", lang="en"):
    return client.post(f"/auth/login?lang={lang}", data={"username": username,
                                                         "password": password},
                       environ_base={"REMOTE_ADDR": address})


@pytest.fixture
def clock(monkeypatch):
    """Moves the rate-limit counters' clock forward without sleeping."""
    from contests import ratelimit_storage

    class Clock:
        offset = 0.0

        def advance(self, seconds):
            self.offset += seconds

    clock = Clock()
    real = ratelimit_storage.now
    monkeypatch.setattr(ratelimit_storage, "now", lambda: real() + clock.offset)
    return clock


def test_wrong_passwords_lock_the_account_until_the_window_passes(app, client, build,
                                                                  clock, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_ACCOUNT", "10 per 15 minutes")
    build.user("organizer", username="org", password="right-password")
    build.user("organizer", username="other", password="right-password")
    for attempt in range(10):
        # spread over addresses: the account's count does not care where they come from
        response = _attempt(client, "org", "wrong", address=f"10.0.1.{attempt}")
        assert response.status_code == 200
        assert "Wrong username or password." in response.get_data(as_text=True)
    eleventh = _attempt(client, "org", "wrong")
    assert eleventh.status_code == 429
    right = _attempt(client, "org", "right-password", address="10.0.2.1")
    assert right.status_code == 429
    page = right.get_data(as_text=True)
    assert "Too many sign-in attempts" in page and "in 15 minutes" in page
    assert "Wrong username or password." not in page  # the password was not even checked
    assert int(right.headers["Retry-After"]) > 0
    assert client.get("/organizer/").status_code == 302  # not signed in

    chinese = _attempt(client, "org", "right-password", lang="zh_CN")
    assert chinese.status_code == 429 and "15分钟后" in chinese.get_data(as_text=True)

    # another account is unaffected, from the same address too
    assert _attempt(client, "other", "right-password").status_code == 302
    client.post("/auth/logout")

    clock.advance(15 * 60 + 1)
    assert _attempt(client, "org", "right-password").status_code == 302


def test_right_passwords_do_not_count_against_the_account(app, client, build, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_ACCOUNT", "2 per 15 minutes")
    build.user("judge", username="judge", password="right-password")
    for _ in range(3):
        assert _attempt(client, "judge", "right-password").status_code == 302
        client.post("/auth/logout")


def test_one_address_is_limited_whatever_names_it_tries(app, client, build, clock,
                                                        monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_ADDRESS", "5 per minute")
    build.user("judge", username="judge", password="right-password")
    for number in range(5):
        assert _attempt(client, f"guess{number}", "wrong", address="10.9.9.9").status_code == 200
    refused = _attempt(client, "judge", "right-password", address="10.9.9.9")
    assert refused.status_code == 429
    assert "in 1 minute" in refused.get_data(as_text=True)
    # another address signs in; the guessed names were never locked for it
    assert _attempt(client, "judge", "right-password", address="10.9.9.10").status_code == 302
    client.post("/auth/logout")
    clock.advance(61)
    assert _attempt(client, "judge", "right-password", address="10.9.9.9").status_code == 302


def test_unknown_and_inactive_names_cost_the_same_password_check(client, build, db,
                                                                 monkeypatch):
    from contests.auth import views

    checked = []
    real = views.check_password_hash

    def counting(stored, password):
        checked.append(stored.split("$")[0])  # the method and its cost parameters
        return real(stored, password)

    monkeypatch.setattr(views, "check_password_hash", counting)
    build.user("judge", username="known", password="right-password")
    build.user("judge", username="gone", password="right-password", active=False)
    method = db.session.scalar(select(User).where(User.username == "known")
                               ).password_hash.split("$")[0]

    for name in ("known", "nobody-by-this-name", "gone"):
        response = _attempt(client, name, "wrong-password")
        assert response.status_code == 200
        assert "Wrong username or password." in response.get_data(as_text=True)
    inactive_right = _attempt(client, "gone", "right-password")
    assert "Wrong username or password." in inactive_right.get_data(as_text=True)
    assert checked == [method] * 4


def test_counts_are_shared_by_every_worker_on_the_database(tmp_path):
    from contests import create_app
    from contests.extensions import db

    settings = {"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'shared.db'}",
                "LOGIN_LIMIT_PER_ACCOUNT": "4 per 15 minutes"}
    one, two = create_app(dict(settings)), create_app(dict(settings))
    with one.app_context():
        db.create_all()
        user = User(username="org", display_name="Org", role="organizer")
        user.set_password("right-password")
        db.session.add(user)
        db.session.commit()
    try:
        for number in range(4):
            worker = (one, two)[number % 2]
            response = _attempt(worker.test_client(), "org", "wrong")
            assert response.status_code == 200
        assert _attempt(two.test_client(), "org", "right-password").status_code == 429
        assert _attempt(one.test_client(), "org", "right-password").status_code == 429
    finally:
        for app in (one, two):
            with app.app_context():
                db.engine.dispose()
