"""The rubric editor and the growing grids in a real browser (Playwright driving Debian's
Chromium, a 1366 px laptop window): rows are moved with the keyboard and by dragging, made
sub-items, added and saved in one POST, under the Content-Security-Policy (CSRF on); the
judge grid gets more rows in the page without a round trip."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.browser.chromium import chromium, serving

PASSWORD = "rubric-pass-2026"
WAIT_MS = 10_000

pytestmark = pytest.mark.browser

WATCH = """
window.__refused = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__refused.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from contests import create_app
    from contests.extensions import db
    from tests.builders import Builder

    path = tmp_path_factory.mktemp("rubric") / "rubric.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                      "SECRET_KEY": "rubric-test-secret", "TESTING": False,
                      "WTF_CSRF_ENABLED": True})
    with app.app_context():
        db.create_all()
        build = Builder(db.session)
        organizer = build.user("organizer", password=PASSWORD, username="rubric-organizer")
        world = build.scored_contest()
        component = build.component(world["stage"], name="实操", weight=Decimal(0))
        for position, (code, name) in enumerate((("A", "甲"), ("B", "乙"), ("C", "丙")), 1):
            build.criterion(component, code=code, name=name, position=position)
        extra = [build.user("judge", display_name=f"新裁判{n}") for n in range(2)]
        ids = dict(contest=world["contest"].id, component=component.id,
                   panel=world["panel"].id, organizer=organizer.username,
                   extra=[u.id for u in extra])
    with serving(app) as base:
        yield dict(base=base, app=app, **ids)


@pytest.fixture
def page(site):
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        context.add_init_script(WATCH)
        tab = context.new_page()
        tab.set_default_timeout(WAIT_MS)
        errors = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(site["base"] + "/auth/login?lang=en")
        tab.fill("input[name=username]", site["organizer"])
        tab.fill("input[name=password]", PASSWORD)
        tab.click("button[type=submit]")
        tab.wait_for_url("**/organizer/**")
        yield tab
        assert errors == []
        assert tab.evaluate("window.__refused") == []
        context.close()


def _codes(page):
    return page.eval_on_selector_all("tr[data-row] td.code input", "els => els.map(e => e.value)")


def _depths(page):
    return page.eval_on_selector_all("tr[data-row] input[data-depth]",
                                     "els => els.map(e => e.value)")


def test_rows_move_indent_drag_and_save_in_one_post(site, page):
    url = f"{site['base']}/organizer/contests/{site['contest']}/components/{site['component']}/rubric?lang=en"
    page.goto(url)
    assert _codes(page) == ["A", "B", "C", ""]
    # keyboard: C up once (Enter on its focused "Move up" button), focus stays on it
    up_c = page.locator("tr[data-row]").nth(2).locator("button[data-op=up]")
    up_c.focus()
    page.keyboard.press("Enter")
    assert page.url == url  # moved in the page, no round trip
    assert _codes(page) == ["A", "C", "B", ""]
    assert page.evaluate("document.activeElement.value") == "up-1"
    # B becomes a sub-item of C
    page.locator("tr[data-row]").nth(2).locator("button[data-op=in]").click()
    assert _depths(page)[:3] == ["0", "0", "1"]
    # drag A (by its handle) onto the lower half of B: after B, at B's level
    handle = page.locator("tr[data-row]").nth(0).locator(".handle")
    target = page.locator("tr[data-row]").nth(2)
    box = target.bounding_box()
    handle.drag_to(target, target_position={"x": 20, "y": box["height"] - 6})
    assert _codes(page)[:3] == ["C", "B", "A"]
    assert _depths(page)[:3] == ["0", "1", "1"]
    # a new row, typed in, then everything saved at once
    page.click("button[data-op=add]")
    new_row = page.locator("tr[data-row]").last
    new_row.locator("td.code input").fill("D")
    new_row.locator("td.name input").fill("新增项")
    new_row.locator("td.num input").first.fill("5")
    page.locator(".actions button.primary").click()
    page.wait_for_selector(".flash.success")
    assert "Saved: the rubric has 4 criteria." in page.inner_text(".flash.success")

    from contests.extensions import db
    from contests.models import Criterion
    with site["app"].app_context():
        found = {c.code: c for c in db.session.scalars(select(Criterion).where(
            Criterion.component_id == site["component"]))}
        assert (found["C"].parent_id, found["C"].position) == (None, 1)
        assert found["B"].parent_id == found["C"].id and found["B"].position == 1
        assert found["A"].parent_id == found["C"].id and found["A"].position == 2
        assert (found["D"].parent_id, found["D"].max_points) == (None, Decimal(5))
        assert found["C"].max_points == Decimal(10)  # an item's maximum: not above its sub-items'


def test_judge_grid_adds_rows_in_the_page(site, page):
    url = f"{site['base']}/organizer/contests/{site['contest']}/panels/{site['panel']}/judges?lang=en"
    page.goto(url)
    before = page.locator("tr[data-row]").count()
    page.click("button[data-add-row]")
    page.click("button[data-add-row]")
    assert page.url == url
    assert page.locator("tr[data-row]").count() == before + 2
    for row, judge in zip(page.locator("tr[data-row]").all()[-2:], site["extra"], strict=True):
        row.locator("select").first.select_option(str(judge))
    page.locator("button.primary").click()
    page.wait_for_selector(".flash.success")

    from contests.extensions import db
    from contests.models import PanelJudge
    with site["app"].app_context():
        seated = set(db.session.scalars(select(PanelJudge.user_id).where(
            PanelJudge.panel_id == site["panel"])))
        assert set(site["extra"]) <= seated
