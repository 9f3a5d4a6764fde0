"""A delegation leader's appeal, end to end in a real browser (Playwright driving Debian's
Chromium) on the demo hotel contest served live: the Beijing delegation's leader
(demo-leader1) signs in on a 390x844 phone, lands on the delegation's portal, files a
written appeal about one member's result and gets its tracking number; the contest office,
at a 1366x900 desk, starts the reconsideration (复议) and records its decision; the leader
opens the appeal again and reads the decision. docs/screenshots/portal-appeal-phone.png
and organizer-appeal.png are taken on the way."""
import pytest
from sqlalchemy import select

from tests.browser.chromium import chromium, serving
from tests.browser.test_journeys_judging import keep_screenshot, zh

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}
WAIT_MS = 10_000
GROUNDS = "本队选手前厅服务外语应答环节得分明显偏低，请求调阅现场录像复核。"
DECISION = "经调阅现场录像复核，该环节评分符合评分细则，维持原评分。"

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - depends on the machine; chromium() says so
    expect = None


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The demo hotel contest (its final in publicity, taking appeals for a week)."""
    from contests import create_app
    from contests.extensions import db
    from contests.models import Contest
    from contests.services.demo.loader import load_all

    path = tmp_path_factory.mktemp("appeals") / "appeals.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                      "SECRET_KEY": "journeys-appeals-secret", "TESTING": False,
                      "WTF_CSRF_ENABLED": True})
    with app.app_context():
        db.create_all()
        load_all(only=("HOTEL2026",))
        contest_id = db.session.scalar(select(Contest.id).where(Contest.code == "HOTEL2026"))
    with serving(app) as base:
        yield dict(base=base, app=app, contest_id=contest_id)


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def _page(browser, viewport, **options):
    expect.set_options(timeout=WAIT_MS)
    context = browser.new_context(viewport=viewport, locale="zh-CN", device_scale_factor=1,
                                  **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors


def _sign_in(page, site, username: str) -> None:
    page.goto(site["base"] + "/auth/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo-password")
    page.click("button[type=submit]")


def _no_sideways_scrolling(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def test_leader_files_an_appeal_and_reads_the_office_decision(browser, site):
    leader_context, phone, phone_errors = _page(browser, PHONE, is_mobile=True,
                                                has_touch=True)
    _sign_in(phone, site, "demo-leader1")
    expect(phone.locator("h1")).to_contain_text("北京市代表队")  # the portal, not a judge's page
    _no_sideways_scrolling(phone)
    # the demo's own appeal is already there, under reconsideration
    expect(phone.get_by_text("SS-HOTEL2026-0001")).to_be_visible()

    phone.get_by_role("link", name=zh(site, "File an appeal")).first.click()
    subject = phone.locator("select[name=subject]")
    choice = next(text for text in subject.locator("option").all_inner_texts()
                  if "前厅服务" in text and "全国总决赛" in text)
    subject.select_option(label=choice)
    phone.fill("textarea[name=grounds]", GROUNDS)
    phone.get_by_role("button", name=zh(site, "File the appeal")).click()
    expect(phone.locator("h1")).to_contain_text("SS-HOTEL2026-0002")
    expect(phone.get_by_text(GROUNDS)).to_be_visible()
    appeal_url = phone.url
    _no_sideways_scrolling(phone)

    office_context, desk, desk_errors = _page(browser, DESK)
    _sign_in(desk, site, "demo-organizer")
    desk.goto(site["base"] + f"/organizer/contests/{site['contest_id']}/appeals/")
    desk.get_by_role("link", name="SS-HOTEL2026-0002").click()
    expect(desk.get_by_text(GROUNDS)).to_be_visible()
    desk.get_by_role("button", name=zh(site, "Start reconsideration")).click()
    desk.fill("textarea[name=text]", DECISION)
    desk.mouse.move(0, 0)
    keep_screenshot(desk.screenshot(animations="disabled", caret="hide"),
                    "organizer-appeal.png")
    desk.get_by_label(zh(site, "Appeal rejected")).check()
    desk.fill("textarea[name=text]", DECISION)
    desk.get_by_role("button", name=zh(site, "Record the decision")).click()
    expect(desk.get_by_text(DECISION)).to_be_visible()

    phone.goto(appeal_url)
    expect(phone.get_by_text(DECISION)).to_be_visible()
    expect(phone.get_by_text(zh(site, "Appeal rejected")).first).to_be_visible()
    _no_sideways_scrolling(phone)
    phone.mouse.move(0, 0)
    keep_screenshot(phone.screenshot(full_page=True, animations="disabled", caret="hide"),
                    "portal-appeal-phone.png")
    leader_context.close()
    office_context.close()
    assert phone_errors == [] and desk_errors == []
