"""Accessibility in a real browser (Debian's Chromium through Playwright): axe-core finds no
serious or critical violation on the judge's sheet and the chief judge's pages (tablet,
768×1024) and on the public pages a contestant shares (phone, 390×844), and every link and
button in the page's main content is at least 44 px tall there.

axe-core comes from the npm registry through `./manage.sh setup` (into .cache/axe); the test
reads it from that folder and never fetches it. It is injected into each page under test
(the context bypasses the page's Content-Security-Policy for that one script only)."""
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from tests.browser.chromium import chromium, unavailable
from tests.browser.test_tablet_offline import Server

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 768, "height": 1024}
PASSWORD = "access-pass-2026"
MIN_TAP = 44

# What a person would meet: every rule axe runs by default; only these impacts fail.
SERIOUS = ("serious", "critical")
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
}"""
# Links and buttons of the main content a finger has to hit (hidden ones excepted).
TAP_TARGETS = """() => [...document.querySelectorAll(
    'main a[href], main button, main summary, main [role=button], main input[type=submit]')]
  .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
  .map(el => ({what: el.tagName.toLowerCase() + ' ' + (el.textContent || el.value || '')
                  .trim().replace(/\\s+/g, ' ').slice(0, 40),
               height: Math.round(el.getBoundingClientRect().height * 10) / 10}))"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A live server with a published contest (publicity period), a certificate, and a panel
    whose chief judge and judges can sign in; one entry still to mark."""
    from contests import create_app
    from contests.extensions import db
    from contests.models import PanelJudge
    from contests.services.judging.access import entry_code
    from contests.services.results import publication
    from tests.builders import Builder
    from tests.certificates.snapshots import certificate_and_job
    from tests.results.scored import scored_contest

    folder = tmp_path_factory.mktemp("accessibility")
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'a11y.db'}",
        "SECRET_KEY": "accessibility-test-secret", "TESTING": False,
        "WTF_CSRF_ENABLED": True, "PUBLIC_PAGE_CACHE": False,
    })
    with app.app_context():
        db.create_all()
        build = Builder(db.session)
        world = scored_contest(build, db.session)
        contest = world["contest"]
        publication.publish(contest, publicity_ends_on=date.today() + timedelta(days=5),
                            change_note=None, user=build.user("organizer"))
        certificate, _job = certificate_and_job(db.session, contest)
        chief, judge = world["judges"][0], world["judges"][1]
        for user, name in ((chief, "a11y-chief"), (judge, "a11y-judge")):
            user.username = name
            user.set_password(PASSWORD)
        db.session.execute(update(PanelJudge).where(PanelJudge.user_id == chief.id)
                           .values(is_chief=True))
        if hasattr(world["first"], "judging_opened_at"):  # judges mark once it is opened
            world["first"].judging_opened_at = datetime.now(UTC)
        db.session.commit()
        # a late entry, added after publishing: the judge's sheet for it is still open
        late = build.entry(build.contestant(contest, bib="A7", name="选手A7",
                                            delegation_id=world["delegation"].id),
                           world["event"], world["first"])
        panel = world["panel"].id
        urls = {
            "sheet": f"/judging/panels/{panel}/entries/{entry_code(panel, late.id)}/",
            "home": "/judging/",
            "panel": f"/judging/panels/{panel}/",
            "progress": f"/judging/panels/{panel}/progress",
            "index": "/",
            "contest": "/contests/DEMO",
            "stage": f"/contests/DEMO/stages/{world['first'].id}",
            "entry": f"/contests/DEMO/entries/{world['entries']['A1'].id}",
            "delegation": f"/contests/DEMO/delegations/{world['delegation'].id}",
            "awards": "/contests/DEMO/awards",
            "titles": "/contests/DEMO/titles",
            "search": "/contests/DEMO/search?q=A",
            "objection": "/contests/DEMO/objection",
            "certificate": f"/verify/{certificate.token}",
            "lookup": "/certificates/lookup",
        }
    server = Server(app)
    server.start()
    try:
        yield dict(base=f"http://127.0.0.1:{server.port}", urls=urls)
    finally:
        server.stop()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def _axe_source() -> str:
    if not AXE.exists():
        unavailable(f"axe-core is missing ({AXE.relative_to(ROOT)}); ./manage.sh setup "
                    "installs it from the npm registry with npm")
    return AXE.read_text(encoding="utf-8")


def _page(browser, site, viewport, who=None, lang="zh_CN"):
    context = browser.new_context(viewport=viewport, has_touch=True, is_mobile=True,
                                  bypass_csp=True)
    page = context.new_page()
    if who:
        page.goto(f"{site['base']}/auth/login")
        page.fill("#username", who)
        page.fill("#password", PASSWORD)
        page.locator("form.narrow button[type=submit]").click()
        page.wait_for_url(f"{site['base']}/judging/")
    page.goto(f"{site['base']}/?lang={lang}")  # the language sticks to the session
    return context, page


def _open(page, site, name: str) -> None:
    """Go to one of the site's pages, and check it is that page (not a redirect)."""
    page.goto(site["base"] + site["urls"][name])
    assert page.url == site["base"] + site["urls"][name], (name, page.url)


def _serious(page, source: str) -> list[dict]:
    page.add_script_tag(content=source)
    return [v for v in page.evaluate(RUN_AXE) if v["impact"] in SERIOUS]


def _small_targets(page) -> list[dict]:
    return [t for t in page.evaluate(TAP_TARGETS) if t["height"] < MIN_TAP]


JUDGING = ["home", "sheet"]
CHIEF = ["panel", "progress"]
PUBLIC = ["contest", "stage", "entry", "delegation", "certificate", "objection"]
PUBLIC_TAPS = ["index", "contest", "stage", "entry", "delegation", "awards", "titles",
               "search", "objection", "certificate", "lookup"]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_no_serious_axe_violation_on_judging_and_public_pages(browser, site, lang):
    source = _axe_source()
    found = {}
    for who, viewport, names in (("a11y-judge", TABLET, JUDGING), ("a11y-chief", TABLET, CHIEF),
                                 (None, PHONE, PUBLIC)):
        context, page = _page(browser, site, viewport, who, lang)
        try:
            for name in names:
                _open(page, site, name)
                found[name] = _serious(page, source)
        finally:
            context.close()
    assert {name: v for name, v in found.items() if v} == {}


def test_links_and_buttons_are_at_least_44px_tall_on_phone_and_tablet(browser, site):
    small = {}
    context, page = _page(browser, site, PHONE)
    try:
        for name in PUBLIC_TAPS:
            _open(page, site, name)
            targets = page.evaluate(TAP_TARGETS)
            assert targets, name  # the measure found something to measure
            small[name] = _small_targets(page)
    finally:
        context.close()
    for who, names in (("a11y-judge", JUDGING), ("a11y-chief", CHIEF)):
        context, page = _page(browser, site, TABLET, who)
        try:
            for name in names:
                _open(page, site, name)
                small[name] = _small_targets(page)
        finally:
            context.close()
    assert {name: s for name, s in small.items() if s} == {}


def test_the_axe_check_sees_a_page_with_serious_violations(browser, site):
    """The checks above would see a bad page: an unlabelled field, an image without text,
    grey on grey, no language."""
    source = _axe_source()
    context, page = _page(browser, site, PHONE)
    try:
        page.route(site["base"] + "/inaccessible-probe", lambda route: route.fulfill(
            content_type="text/html", body="<!doctype html><html><body><main><h1>x</h1>"
            "<input name=q><img src=a.png><p class=g>text</p>"
            "<style>.g{color:#bbb;background:#ccc}</style></main></body></html>"))
        page.goto(site["base"] + "/inaccessible-probe")
        found = {v["id"] for v in _serious(page, source)}
    finally:
        context.close()
    assert {"label", "image-alt", "color-contrast", "html-has-lang"} <= found, found


def test_public_pages_print_the_results_only_with_whole_rows(browser, site):
    context, page = _page(browser, site, PHONE)
    try:
        for name in ("stage", "delegation", "entry"):
            _open(page, site, name)
            assert page.locator("[data-print]").is_visible(), name  # print.js shows it
            page.emulate_media(media="print")
            printed = page.evaluate("""() => {
              const shown = el => el.getClientRects().length > 0;
              const style = sel => [...document.querySelectorAll(sel)].map(
                  el => getComputedStyle(el));
              return {
                nav: [...document.querySelectorAll('header, nav')].some(shown),
                buttons: [...document.querySelectorAll('button, .button, form')].some(shown),
                heads: style('thead').map(s => s.display),
                rows: [...new Set(style('tr').map(s => s.breakInside))],
                scroll: style('.scroll').map(s => s.overflowX),
                results: document.querySelector('main table, main .card') !== null,
              };
            }""")
            page.emulate_media(media="screen")
            assert printed["results"] and not printed["nav"] and not printed["buttons"], \
                (name, printed)
            assert set(printed["heads"]) <= {"table-header-group"}, (name, printed)
            assert printed["rows"] in ([], ["avoid"]), (name, printed)
            assert set(printed["scroll"]) <= {"visible"}, (name, printed)
    finally:
        context.close()
