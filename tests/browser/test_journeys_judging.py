"""Journeys of the judging roles in a real browser (Playwright driving Debian's Chromium on a
768x1024 tablet), on a live server with CSRF on:

- a judge signs in with a personal sign-in link, reaches the panel from the home page, marks
  three entries (starting with the second; the third with the network cut), submits each
  sheet and is moved on to the next entry not yet marked (from the top of the panel once at
  its end); every mark arrives at the server exactly once;
- the chief judge confirms every submitted sheet of the panel at once, then reopens one with
  a reason, and the judge reads that reason on the sheet;
- the judge's sheet in English (?lang=en) carries no Chinese interface words.

The screenshots docs/screenshots/judge-sheet.png and chief-panel.png are taken on the way.
"""
import re
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.browser.chromium import chromium
from tests.browser.test_tablet_offline import RequestLog, Server

TABLET = {"width": 768, "height": 1024}
WAIT_MS = 10_000  # sheet.js retries a failed send after 3 s and polls every 5 s
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CHIEF_PASSWORD = "chief-pass-2026"
REASON = "礼仪一项与现场录像不符，请复核后重新提交"
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")

# The contest's own names (data, not interface words): allowed on an English page.
NAMES = ["2026年客房服务技能竞赛", "决赛", "客房服务", "实操", "裁判组", "客房一组", "礼仪",
         "效率", "甲裁判", "乙裁判长", REASON]

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - depends on the machine; chromium() says so
    expect = None


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A panel of three entries (draw numbers 1 to 3), a judge with a personal sign-in link
    and a chief judge who chairs without marking, served on 127.0.0.1."""
    from contests import create_app
    from contests.extensions import db
    from contests.services.judging import links
    from tests.builders import Builder

    path = tmp_path_factory.mktemp("journeys") / "judging.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                      "SECRET_KEY": "journeys-test-secret", "TESTING": False,
                      "WTF_CSRF_ENABLED": True})
    with app.app_context():
        db.create_all()
        build = Builder(db.session)
        contest = build.contest(name=NAMES[0], decimal_places=2)
        stage = build.stage(contest, name="决赛")
        event = build.event(contest, name="客房服务")
        component = build.component(stage, name="实操", weight=Decimal(100))
        group = build.rater_group(component, name="裁判组")
        manner = build.criterion(component, name="礼仪", max_points=Decimal(10), position=1,
                                 step=Decimal("0.5"))
        speed = build.criterion(component, name="效率", max_points=Decimal(10), position=2,
                                step=Decimal("0.5"))
        entries = [build.entry(build.contestant(contest, bib=f"K{i}", draw_number=i), event,
                               stage) for i in (1, 2, 3)]
        panel = build.panel(stage, event, component, group, name="客房一组")
        judge = build.user("judge", username="journey-judge", display_name="甲裁判")
        chief = build.user("chief_judge", username="journey-chief", display_name="乙裁判长",
                           password=CHIEF_PASSWORD)
        build.panel_judge(panel, judge)
        build.panel_judge(panel, chief, is_chief=True, marks=False)
        token = links.create(judge, hours=12)
        ids = dict(panel=panel.id, judge=judge.id, manner=manner.id, speed=speed.id,
                   entries=[e.id for e in entries], token=token)

    log = RequestLog(app.wsgi_app)
    app.wsgi_app = log
    running = Server(app)
    running.start()
    try:
        yield dict(app=app, log=log, server=running, base=f"http://127.0.0.1:{running.port}",
                   **ids)
    finally:
        if running.thread.is_alive():
            running.stop()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def judge_tablet(browser, world):
    """The judge's tablet, kept across the journeys of this module (one person's device)."""
    context = browser.new_context(viewport=TABLET, has_touch=True, locale="zh-CN",
                                  service_workers="allow")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield dict(context=context, page=page, errors=errors)
    context.close()


def zh(world, msgid: str, **values) -> str:
    """An interface text as the app says it in Chinese (the catalogue, not a copy here);
    `world` is a served site's dict with its app."""
    from flask_babel import force_locale, gettext

    with world["app"].test_request_context(), force_locale("zh_CN"):
        text = gettext(msgid, **values)
    assert CJK.search(text), f"not translated into Chinese: {msgid!r}"
    return text


def interface_text(page) -> str:
    """The page's visible text but the contest's own names and the language switcher
    (each language named in itself)."""
    text = page.evaluate("""() => {
        const langs = [...document.querySelectorAll('.langs')];
        langs.forEach(el => { el.hidden = true; });
        const text = document.body.innerText;
        langs.forEach(el => { el.hidden = false; });
        return text;
    }""")
    for name in sorted(NAMES, key=len, reverse=True):
        text = text.replace(name, "")
    return text


def _mark(page, criterion: int, value: str) -> None:
    field = page.locator(f"#c{criterion}")
    field.fill(value)
    field.press("Tab")


def _submit(page) -> None:
    button = page.locator("#submit-button")
    expect(button).to_have_attribute("aria-disabled", "false")
    with page.expect_navigation():
        button.click()


def keep_screenshot(png: bytes, name: str) -> Path:
    """Save a screenshot for the docs (under 300 KB), unless the file there already shows
    the same picture: Chromium's software rasterizer sometimes shades a few edge pixels one
    level apart from run to run, and a page that shows when something was filed differs
    from run to run by a clock's digits; either would change a committed file for nothing.
    Same picture: the same size, and at most 1 pixel in 200 more than 2 levels apart."""
    import io

    from PIL import Image, ImageChops

    assert len(png) < 300_000, f"{name}: {len(png)} bytes"
    target = SHOTS / name
    if target.exists():
        old, new = Image.open(target).convert("RGB"), Image.open(io.BytesIO(png)).convert("RGB")
        if old.size == new.size:
            apart = ImageChops.difference(old, new).convert("L").point(lambda v: v > 2 and 255)
            if apart.histogram()[255] * 200 <= old.size[0] * old.size[1]:
                return target
    SHOTS.mkdir(parents=True, exist_ok=True)
    target.write_bytes(png)
    return target


def _screenshot(page, name: str) -> None:
    page.mouse.move(0, 0)  # no hover left on a button
    keep_screenshot(page.screenshot(animations="disabled", caret="hide"), name)


def test_judge_marks_by_link_partly_offline_then_the_chief_confirms_all_and_reopens_one(
        browser, world, judge_tablet):
    """One story, in order: each part starts where the one before left the panel."""
    expect.set_options(timeout=WAIT_MS)
    _judge_signs_in_by_link_and_marks_the_panel_partly_offline(world, judge_tablet)
    _chief_confirms_all_then_reopens_one_and_the_judge_reads_why(browser, world, judge_tablet)
    _the_judges_sheet_in_english(world, judge_tablet)


def _judge_signs_in_by_link_and_marks_the_panel_partly_offline(world, judge_tablet):
    from contests.extensions import db
    from contests.models import AppliedChange, Mark, ScoreSheet

    page, context, base, log = (judge_tablet["page"], judge_tablet["context"], world["base"],
                                world["log"])

    # The personal link asks first (a link preview signs nobody in), then signs in.
    page.goto(f"{base}/auth/link/{world['token']}")
    button = page.locator("main form button[type=submit]")
    expect(button).to_have_text(zh(world, "Sign in as %(name)s", name="甲裁判"))
    with page.expect_navigation():
        button.click()
    assert page.url == f"{base}/judging/"

    # The home page lists the panel with the judge's progress and a way in.
    card = page.locator(f'li.panel-card[data-panel="{world["panel"]}"]')
    expect(card).to_have_count(1)
    expect(card.locator(".progress-text")).to_have_text(
        zh(world, "%(done)d of %(total)d sheets submitted", done=0, total=3))
    expect(card.locator("a.button.primary")).to_have_text(zh(world, "Mark the next entry"))
    with page.expect_navigation():
        card.locator("a.panel-link").click()
    entries = page.locator("ul.entries li")
    expect(entries).to_have_count(3)
    expect(entries.locator(".entry-label")).to_have_text(
        [zh(world, "Draw No. %(n)s", n=n) for n in (1, 2, 3)])
    expect(entries.locator(".status")).to_have_text([zh(world, "Not started")] * 3)
    with page.expect_navigation():  # the judge starts with the second entry
        entries.nth(1).locator("a.entry-link").click()

    # Entry 2, online.
    sync = page.locator("#sync")
    expect(page.locator("h1 .entry-label")).to_have_text(zh(world, "Draw No. %(n)s", n=2))
    expect(sync).to_have_attribute("data-state", "idle")
    _mark(page, world["manner"], "8")
    _mark(page, world["speed"], "9.5")
    expect(sync).to_have_attribute("data-state", "idle")
    expect(page.locator("#total")).to_have_text("17.50")  # the contest's two places
    _submit(page)

    # Moved on to the next entry not yet marked: entry 3. The network drops: the tablet's
    # Wi-Fi (set_offline) and, for real, the server.
    expect(page.locator(".flash.success")).to_contain_text(
        zh(world, "Sheet submitted and locked. Here is the next entry to mark."))
    expect(page.locator("h1 .entry-label")).to_have_text(zh(world, "Draw No. %(n)s", n=3))
    expect(page.locator("#total")).to_have_text("0.00")
    world["server"].stop()
    context.set_offline(True)
    offline_from = log.count()
    expect(sync).to_have_attribute("data-state", "offline-idle")
    _mark(page, world["manner"], "7")
    _mark(page, world["speed"], "8.5")
    expect(sync).to_have_attribute("data-state", "offline")
    expect(sync.locator(".sync-offline .pending-count")).to_have_text("2")
    expect(sync.locator(".sync-offline")).to_be_visible()
    expect(page.locator("#submit-button")).to_have_attribute("aria-disabled", "true")
    assert log.since(offline_from) == [], "a request reached the server while offline"

    # The network returns: the two waiting marks go out by themselves.
    world["server"].start()
    context.set_offline(False)
    expect(sync).to_have_attribute("data-state", "idle")
    expect(page.locator("#total")).to_have_text("15.50")
    _submit(page)

    # The next entry not yet marked is entry 1, from the top of the panel: the last one.
    # The screenshot shows it marked, before it is submitted.
    expect(page.locator("h1 .entry-label")).to_have_text(zh(world, "Draw No. %(n)s", n=1))
    _mark(page, world["manner"], "9")
    _mark(page, world["speed"], "9")
    expect(sync).to_have_attribute("data-state", "idle")
    expect(page.locator("#total")).to_have_text("18.00")
    page.reload()  # as the judge sees it on coming back (drawn afresh: the same every run)
    expect(page.locator(f"#c{world['speed']}")).to_have_value("9")
    expect(page.locator("#total")).to_have_text("18.00")
    expect(sync).to_have_attribute("data-state", "idle")
    _screenshot(page, "judge-sheet.png")
    _submit(page)

    # Nothing left: back on the panel, every entry submitted; the home page agrees.
    assert page.url == f"{base}/judging/panels/{world['panel']}/"
    expect(page.locator("#all-done")).to_be_visible()
    expect(page.locator("ul.entries li .status")).to_have_text([zh(world, "Submitted")] * 3)
    page.goto(f"{base}/judging/")
    expect(card.locator(".progress-text")).to_have_text(
        zh(world, "%(done)d of %(total)d sheets submitted", done=3, total=3))
    assert judge_tablet["errors"] == []

    # Every mark reached the server exactly once: six changes, six keys, six marks.
    posted = [key for _m, path, key in log.since(0) if path == "/judging/api/changes"]
    assert len(posted) == 6 and len(set(posted)) == 6, posted
    with world["app"].app_context():
        sheets = db.session.scalars(select(ScoreSheet).where(
            ScoreSheet.panel_id == world["panel"]).order_by(ScoreSheet.entry_id)).all()
        assert [(s.entry_id, s.status) for s in sheets] == [
            (e, "submitted") for e in world["entries"]]
        marks = [sorted((m.criterion_id, m.value, m.version) for m in s.marks) for s in sheets]
        m, s = world["manner"], world["speed"]
        assert marks == [
            sorted([(m, Decimal(9), 1), (s, Decimal(9), 1)]),
            sorted([(m, Decimal(8), 1), (s, Decimal("9.5"), 1)]),
            sorted([(m, Decimal(7), 1), (s, Decimal("8.5"), 1)])]
        assert db.session.scalar(select(func.count()).select_from(AppliedChange)) == 6
        assert db.session.scalar(select(func.count()).select_from(Mark)) == 6


def _chief_confirms_all_then_reopens_one_and_the_judge_reads_why(browser, world, judge_tablet):
    from contests.extensions import db
    from contests.models import ScoreSheet

    base = world["base"]
    context = browser.new_context(viewport=TABLET, has_touch=True, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{base}/auth/login")
        page.fill("#username", "journey-chief")
        page.fill("#password", CHIEF_PASSWORD)
        with page.expect_navigation():
            page.locator("form.narrow button[type=submit]").click()
        page.goto(f"{base}/judging/")
        card = page.locator(f'li.panel-card[data-panel="{world["panel"]}"]')
        expect(card.locator(".progress-text")).to_have_text(
            zh(world, "You chair this panel without marking."))
        with page.expect_navigation():
            card.locator('a[href$="/progress"]').click()
        expect(page.locator("main")).to_contain_text(zh(
            world, "%(s)d submitted, %(c)d confirmed, %(d)d in draft, %(m)d not started, "
            "of %(e)d sheets.", s=3, c=0, d=0, m=0, e=3))

        # Confirm all: the three sheets at once, none flagged.
        confirm = page.locator("#confirm-all button[type=submit]")
        expect(confirm).to_have_text(zh(world, "Confirm all submitted sheets (%(n)d)", n=3))
        _screenshot(page, "chief-panel.png")
        with page.expect_navigation():
            confirm.click()
        expect(page.locator("main .flash.success")).to_have_text(
            zh(world, "%(c)d sheets confirmed, %(s)d left submitted.", c=3, s=0))
        expect(page.locator("#confirmed-list li .entry-label")).to_have_text(
            [zh(world, "Draw No. %(n)s", n=n) for n in (1, 2, 3)])
        with page.expect_navigation():
            page.locator("#back-to-progress").click()
        expect(page.locator("#confirm-all")).to_have_count(0)
        rows = page.locator("table.progress tbody tr")
        expect(rows.locator(".status")).to_have_text([zh(world, "Confirmed")] * 3)

        # Reopen entry 3 (the one marked offline) with a reason.
        row = rows.filter(has_text=zh(world, "Draw No. %(n)s", n=3))
        row.locator("details summary").click()
        row.locator("input[name=reason]").fill(REASON)
        with page.expect_navigation():
            row.locator("details button[type=submit]").click()
        expect(page.locator(".flash.success")).to_have_text(
            zh(world, "Sheet reopened; its judge can correct it now."))
        expect(rows.locator(".status")).to_have_text(
            [zh(world, "Confirmed"), zh(world, "Confirmed"), zh(world, "Draft")])
    finally:
        context.close()

    # The judge sees it on the panel and on the sheet, and can mark it again.
    judge = judge_tablet["page"]
    judge.goto(f"{base}/judging/panels/{world['panel']}/")
    reopened = judge.locator('ul.entries li[data-status="reopened"]')
    expect(reopened).to_have_count(1)
    expect(reopened.locator(".entry-label")).to_have_text(zh(world, "Draw No. %(n)s", n=3))
    expect(reopened.locator(".status")).to_have_text(zh(world, "Reopened"))
    expect(reopened.locator(".reopen-note")).to_contain_text(REASON)
    with judge.expect_navigation():
        reopened.locator("a.entry-link").click()
    note = judge.locator("#reopen-reason")
    expect(note).to_contain_text(zh(world, "The chief judge reopened this sheet."))
    expect(note.locator(".reason")).to_have_text(REASON)
    expect(judge.locator("#total")).to_have_text("15.50")
    expect(judge.locator("#submit-button")).to_be_visible()
    expect(judge.locator(f"#c{world['manner']}")).to_be_enabled()
    with world["app"].app_context():
        statuses = db.session.scalars(select(ScoreSheet.status).where(
            ScoreSheet.panel_id == world["panel"]).order_by(ScoreSheet.entry_id)).all()
        assert statuses == ["confirmed", "confirmed", "draft"]


def _the_judges_sheet_in_english(world, judge_tablet):
    """The reopened sheet again, in English: English interface, no Chinese interface word
    (the contest's own names and the chief's reason excepted)."""
    page = judge_tablet["page"]
    page.goto(f"{world['base']}/judging/panels/{world['panel']}/?lang=en")
    reopened = page.locator('ul.entries li[data-status="reopened"]')
    expect(reopened.locator(".entry-label")).to_have_text("Draw No. 3")
    expect(reopened.locator(".status")).to_have_text("Reopened")
    with page.expect_navigation():
        reopened.locator("a.entry-link").click()
    expect(page.locator("h1 .entry-label")).to_have_text("Draw No. 3")
    expect(page.locator("#reopen-reason")).to_contain_text("The chief judge reopened this sheet.")
    expect(page.locator("#reopen-reason .reason")).to_have_text(REASON)
    expect(page.locator("table.criteria thead th")).to_have_text(["Item", "Max", "Mark"])
    expect(page.locator(".totalbar")).to_contain_text("Total so far: 15.50")
    expect(page.locator("#submit-button")).to_have_text("Submit and lock")
    expect(page.locator("#sync")).to_have_attribute("data-state", "idle")
    expect(page.locator("#sync .sync-online")).to_have_text("All changes saved.")
    expect(page.locator("#previous-entry")).to_have_text("← Previous entry")
    expect(page.locator("#next-entry")).to_have_count(0)  # the last entry of the panel
    assert not CJK.search(interface_text(page)), interface_text(page)
    assert judge_tablet["errors"] == []
    page.goto(f"{world['base']}/judging/?lang=zh_CN")  # leave the tablet in Chinese
