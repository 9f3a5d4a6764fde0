"""A judge's tablet whose sign-in ended (idle too long, revoked) while marks were being
entered: the server answers 401, the tablet keeps the marks, says to sign in again, and
sends them once the judge is back."""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from tests.browser.test_tablet_offline import (  # noqa: F401 (fixtures)
    PORTRAIT,
    WAIT_MS,
    _mark,
    _sign_in,
    browser,
    server,
)

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - the fixtures skip or fail first
    expect = None


def test_marks_typed_after_the_sign_in_ended_wait_and_arrive_after_signing_in(
        browser, server):  # noqa: F811 (the fixtures imported above)
    from contests.extensions import db
    from contests.models import Mark, UserSession

    expect.set_options(timeout=WAIT_MS)
    base, app = server["base"], server["app"]
    sheet_url = f"{base}/judging/panels/{server['panel']}/entries/{server['code']}/?lang=en"
    context = browser.new_context(viewport=PORTRAIT, has_touch=True)
    page = context.new_page()
    try:
        _sign_in(page, base)
        page.goto(sheet_url)
        sync = page.locator("#sync")
        expect(sync).to_have_attribute("data-state", "idle")

        with app.app_context():  # the judge was away longer than the idle limit
            db.session.execute(update(UserSession).values(
                last_seen_at=datetime.now(UTC) - timedelta(days=1)))
            db.session.commit()
        _mark(page, server["speed"], "6")
        notice = page.locator("#signed-out")
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("changes waiting on this tablet are kept")
        expect(notice.locator("a")).to_have_attribute("href", "/auth/login?next=" + (
            f"%2Fjudging%2Fpanels%2F{server['panel']}%2Fentries%2F{server['code']}%2F"
            "%3Flang%3Den"))
        expect(sync).to_have_attribute("data-state", "pending")
        queue = page.evaluate(f"JSON.parse(localStorage.getItem("
                              f"'contests.queue.{server['judge']}'))")
        assert [(c["criterion"], c["value"]) for c in queue] == [(str(server["speed"]), "6")]

        _sign_in(page, base)
        page.goto(sheet_url)
        expect(page.locator("#sync")).to_have_attribute("data-state", "idle")
        expect(page.locator("#signed-out")).to_have_count(0)
    finally:
        context.close()
    with app.app_context():
        assert db.session.scalar(select(Mark.value).where(
            Mark.criterion_id == server["speed"])) == 6
