"""The Content-Security-Policy in a real browser (Playwright driving Debian's Chromium): the
main pages of every kind of visitor, on the demo contests with certificates issued and a
bulk rendering waiting, load without one "Refused to …" from the policy and without a
script error; their scripts still work (the judge's sheet, the certificate job's progress,
the confirmation before a delete); and an inline script under the same policy is refused,
so a page with one would be noticed.

The server is real: the app with CSRF on, on its own SQLite file, served by werkzeug in a
thread on 127.0.0.1 over plain http (HTTPS is not forced by default)."""

import pytest
from sqlalchemy import select

from tests.browser.chromium import chromium, serving

WAIT_MS = 10_000
CONTEST = "UNION2026"  # final results, so certificates can be issued

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - depends on the machine; chromium() says so
    expect = None

# Runs before any script of every page: remembers what the policy refused.
WATCH = """
window.__refused = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__refused.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " at " +
                        (e.sourceFile || document.location.pathname) + ":" + e.lineNumber);
});
"""



@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The demo contests, certificates issued for one, a bulk rendering queued, served."""
    from contests import create_app
    from contests.extensions import db
    from contests.models import Certificate, CertificateJob, Contest
    from contests.services.demo.accounts import DEMO_PASSWORD

    path = tmp_path_factory.mktemp("csp") / "csp.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                      "SECRET_KEY": "csp-test-secret", "TESTING": False,
                      "WTF_CSRF_ENABLED": True})
    with app.app_context():
        db.create_all()
        runner = app.test_cli_runner()
        for args in (["demo", "load"], ["certificates", "issue", "--contest", CONTEST]):
            result = runner.invoke(args=args)
            assert result.exit_code == 0, result.output
        contest = db.session.scalar(select(Contest).where(Contest.code == CONTEST))
        certificate = db.session.scalars(select(Certificate).where(
            Certificate.contest_id == contest.id).order_by(Certificate.id)).first()
        job = CertificateJob(contest_id=contest.id, status="queued", total=3)
        db.session.add(job)
        db.session.commit()
        world = dict(contest_id=contest.id, token=certificate.token, job_id=job.id,
                     password=DEMO_PASSWORD)
    with serving(app) as base:
        yield dict(base=base, **world)


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


class Visitor:
    """One browser context (one person), recording every refusal and script error."""

    def __init__(self, browser, base: str):
        self.base = base
        self.context = browser.new_context(locale="zh-CN", service_workers="allow")
        self.context.add_init_script(WATCH)
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{self.page.url}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"{self.page.url}: {e}"))
        self.visited: list[str] = []

    def sign_in(self, username: str, password: str) -> None:
        self.page.goto(f"{self.base}/auth/login")
        self.page.fill("#username", username)
        self.page.fill("#password", password)
        with self.page.expect_navigation():
            self.page.locator("form.narrow button[type=submit]").click()
        assert "/auth/login" not in self.page.url, f"{username} could not sign in"

    def open(self, url: str) -> None:
        """Open a page (an address, or a path on the site) and check it loaded, under CSP."""
        response = self.page.goto(url if url.startswith("http") else self.base + url)
        assert response is not None and response.ok, (url, response and response.status)
        assert "default-src 'self'" in (response.headers.get("content-security-policy") or "")
        self.visited.append(self.page.url)

    def follow(self, selector: str) -> None:
        """Open the first link matching `selector` on the current page."""
        link = self.page.locator(selector).first
        expect(link).to_be_attached()
        self.open(link.get_attribute("href"))

    def refusals(self) -> list[str]:
        refused = [m for m in self.console
                   if "Refused to" in m or "Content Security Policy" in m]
        return refused + self.page.evaluate("window.__refused || []")

    def check(self) -> None:
        """Nothing refused, no script error on the current page."""
        self.page.wait_for_load_state("load")
        assert self.refusals() == [], self.visited[-1]
        assert self.errors == [], self.visited[-1]

    def visit(self, url: str | None = None, *, link: str | None = None) -> None:
        if link is not None:
            self.follow(link)
        else:
            self.open(url)
        self.check()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visitor(browser, site):
    opened: list[Visitor] = []

    def make() -> Visitor:
        opened.append(Visitor(browser, site["base"]))
        return opened[-1]

    expect.set_options(timeout=WAIT_MS)
    yield make
    for v in opened:
        v.close()


def test_public_pages_load_without_a_refusal(visitor, site):
    v = visitor()
    v.visit("/")
    v.visit(link=f'main a[href^="/contests/{CONTEST}"]')  # the contest
    v.visit(link=f'main a[href^="/contests/{CONTEST}/stages/"]')  # a stage
    v.visit(link=f'main a[href*="/contests/{CONTEST}/entries/"]')  # an entry's explanation
    v.visit(f"/verify/{site['token']}")  # a certificate, as its QR code opens it
    v.visit("/certificates/lookup")


def test_judge_and_chief_pages_load_without_a_refusal_and_the_sheet_works(visitor, site):
    judge = visitor()
    judge.sign_in("demo-judge1", site["password"])
    judge.visit("/judging/")
    judge.visit(link="a.panel-link")  # a panel
    judge.visit(link="a.entry-link")  # a sheet
    # sheet.js ran (it fills the marks from its JSON data block and keeps the sync banner)
    # and offline.js registered the offline helper.
    expect(judge.page.locator("#sync")).to_have_attribute("data-state", "idle")
    expect(judge.page.locator("input.mark").first).not_to_have_value("")
    judge.page.wait_for_function("navigator.serviceWorker.ready.then(() => true)",
                                 timeout=WAIT_MS)
    judge.check()

    chief = visitor()
    chief.sign_in("demo-chief", site["password"])
    chief.visit("/judging/")
    chief.visit(link='a[href$="/progress"]')  # the chief's progress of a panel


def test_organizer_pages_load_without_a_refusal_and_their_scripts_work(visitor, site):
    organizer = visitor()
    organizer.sign_in("demo-organizer", site["password"])
    contest = f"/organizer/contests/{site['contest_id']}"
    organizer.visit("/organizer/")
    organizer.visit(f"{contest}/")
    organizer.visit(f"{contest}/stages")  # a row editor
    organizer.visit(f"{contest}/results")
    organizer.visit(f"{contest}/certificates/")

    # The bulk rendering's page polls its progress (certificate-job.js).
    page = organizer.page
    with page.expect_response(lambda r: r.url.endswith("/progress")) as polled:
        organizer.visit(f"{contest}/certificates/jobs/{site['job_id']}")
    assert polled.value.ok
    organizer.check()

    # A delete asks first (confirm.js, data-confirm); saying no sends nothing.
    organizer.visit(f"{contest}/delegations/")
    asked: list[str] = []

    def decline(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", decline)
    rows = page.locator("main table tbody tr").count()
    before = page.url
    page.locator("form[data-confirm] button[type=submit]").first.click()
    expect(page.locator("main table tbody tr")).to_have_count(rows)
    assert page.url == before
    assert len(asked) == 1 and asked[0].startswith("确定删除“"), asked
    organizer.check()


def test_an_inline_script_under_the_policy_is_refused_and_noticed(visitor, site):
    """The check above would see a page with inline script or style: the same policy,
    served with such a page, refuses both and says so."""
    v = visitor()
    policy = v.page.request.get(site["base"] + "/").headers["content-security-policy"]
    body = ("<!doctype html><p id=p style='color:red'>x</p>"
            "<script>document.title = 'ran';</script>")
    v.page.route(site["base"] + "/inline-probe", lambda route: route.fulfill(
        status=200, content_type="text/html", body=body,
        headers={"Content-Security-Policy": policy}))
    v.page.goto(site["base"] + "/inline-probe")
    v.page.wait_for_load_state("load")
    assert v.page.title() != "ran"
    refused = v.refusals()
    assert any("script-src" in r for r in refused), refused
    assert any("style-src" in r for r in refused), refused
