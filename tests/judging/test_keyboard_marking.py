"""A judge marks a whole sheet with the keyboard alone, in a real browser (Playwright
driving Debian's Chromium): every field has a name, Enter saves a mark and moves on (it
never submits), Tab reaches the submit button, and Enter on it submits and leads to the
next entry."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.browser.chromium import chromium, serving

PASSWORD = "keyboard-pass-2026"
WAIT_MS = 10_000

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - depends on the machine; chromium() says so
    expect = None


@pytest.fixture
def server(tmp_path):
    """The app with CSRF on, on its own SQLite file, served by werkzeug in a thread."""
    from contests import create_app
    from contests.extensions import db
    from contests.services.judging.access import entry_code
    from tests.builders import Builder

    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'keyboard.db'}",
        "SECRET_KEY": "keyboard-test-secret", "TESTING": False, "WTF_CSRF_ENABLED": True,
    })
    with app.app_context():
        db.create_all()
        build = Builder(db.session)
        contest = build.contest(decimal_places=2)
        stage = build.stage(contest, name="决赛")
        event = build.event(contest, name="客房服务")
        component = build.component(stage, name="实操", weight=Decimal(100),
                                    bonus_cap=Decimal(5))
        group = build.rater_group(component, name="裁判组")
        quality = build.criterion(component, name="服务质量", max_points=Decimal(20),
                                  position=1)
        items = [build.criterion(component, name="礼仪", max_points=Decimal(10), position=1,
                                 parent_id=quality.id, step=Decimal("0.5")),
                 build.criterion(component, name="效率", max_points=Decimal(10), position=2,
                                 parent_id=quality.id, step=Decimal("0.5")),
                 build.criterion(component, name="创新加分", max_points=Decimal(5),
                                 kind="bonus", position=2, step=Decimal(1))]
        veto = build.criterion(component, name="重大失误", max_points=Decimal(1), kind="veto",
                               position=3, step=Decimal(1))
        entries = [build.entry(build.contestant(contest, bib=f"T{i}", draw_number=i), event,
                               stage) for i in (1, 2)]
        panel = build.panel(stage, event, component, group, name="客房一组")
        judge = build.user("judge", password=PASSWORD, username="keyboard-judge")
        build.panel_judge(panel, judge)
        world = {"panel": panel.id, "judge": judge.id, "items": [c.id for c in items],
                 "veto": veto.id, "codes": [entry_code(panel.id, e.id) for e in entries]}
    with serving(app) as base:
        yield dict(app=app, base=base, **world)


def test_a_whole_sheet_is_marked_and_submitted_with_the_keyboard(server):
    from contests.extensions import db
    from contests.models import ScoreSheet

    base = server["base"]
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 768, "height": 1024},
                                   locale="en-US").new_page()
        expect.set_options(timeout=WAIT_MS)
        page.goto(f"{base}/auth/login")
        page.fill("#username", "keyboard-judge")
        page.fill("#password", PASSWORD)
        page.press("#password", "Enter")
        page.wait_for_url(f"{base}/judging/")
        sheet_url = f"{base}/judging/panels/{server['panel']}/entries/{server['codes'][0]}/"
        page.goto(sheet_url + "?lang=en")

        # every field of the sheet has a name a screen reader reads out
        for criterion in server["items"] + [server["veto"]]:
            name = page.locator(f"#c{criterion}").evaluate(
                "el => el.labels.length ? el.labels[0].textContent.trim() : ''")
            assert name, f"#c{criterion} has no label"
        assert page.locator("#comment").evaluate("el => el.labels[0].textContent.trim()")

        # type a mark, Enter: saved, and the next field has the focus; nothing submitted
        page.locator(f"#c{server['items'][0]}").focus()
        for value, criterion in zip(("8.5", "9", "2"), server["items"], strict=True):
            expect(page.locator(f"#c{criterion}")).to_be_focused()
            page.keyboard.type(value)
            page.keyboard.press("Enter")
        expect(page.locator(f"#c{server['veto']}")).to_be_focused()
        assert page.url.startswith(sheet_url)
        expect(page.locator("#sync")).to_have_attribute("data-state", "idle")
        expect(page.locator("#total")).to_have_text("19.50")

        # Enter on the veto box moves on too, without ticking it or submitting
        page.keyboard.press("Enter")
        expect(page.locator(f"#c{server['veto']}")).not_to_be_checked()
        # on to the submit button with Tab: a comment typed on the way is saved first
        for _ in range(10):
            if page.evaluate("document.activeElement.id") == "comment":
                break
            page.keyboard.press("Tab")
        expect(page.locator("#comment")).to_be_focused()
        page.keyboard.type("动作规范")
        page.keyboard.press("Tab")
        expect(page.locator("#submit-button")).to_be_focused()
        expect(page.locator("#sync")).to_have_attribute("data-state", "idle")
        expect(page.locator("#submit-button")).to_have_attribute("aria-disabled", "false")
        page.keyboard.press("Enter")

        # submitted: on to the next entry's sheet
        page.wait_for_url(f"{base}/judging/panels/{server['panel']}/entries/"
                          f"{server['codes'][1]}/")
        expect(page.locator(".flash.success")).to_be_visible()

    with server["app"].app_context():
        sheet = db.session.scalar(select(ScoreSheet))
        assert sheet.status == "submitted" and sheet.comment == "动作规范"
        assert sorted(m.value for m in sheet.marks) == [Decimal(2), Decimal("8.5"), Decimal(9)]
