"""A judge's tablet in a real browser (Playwright driving Debian's Chromium, tablet viewport):
marks are entered, the network is cut mid-sheet, more marks are entered offline, the page is
reloaded from the service worker's cache, the network returns, and every mark arrives at the
server exactly once.

The server is real: the app with CSRF on (as in production) on its own SQLite file, served
by werkzeug in a thread on 127.0.0.1.

How the network is cut. Playwright's offline emulation (`context.set_offline(True)`) is what
makes the browser *believe* it is offline (navigator.onLine, the offline event, failed
fetches, also in the service worker), but it is not a wall: now and then Chromium let a POST
that the page had queued through the service worker reach the server during the reload while
"offline" (about one run in fifteen, and without Playwright reporting the request). So the
test also cuts the network for real: the server stops listening and drops its open
keep-alive connections, and comes back on the same port before the browser goes online.
Every request that reaches the app is recorded, so the test can show nothing got through
while the network was down and no change was sent twice.
"""
import contextlib
import io
import json
import socket
import threading
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.browser.chromium import chromium

PASSWORD = "tablet-pass-2026"
PORTRAIT = {"width": 768, "height": 1024}
LANDSCAPE = {"width": 1024, "height": 768}
CACHE = "contests-judging-v1"  # static/js/service-worker.js
WAIT_MS = 10_000  # sheet.js retries a failed send after 3 s and polls every 5 s

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - depends on the machine; chromium() says so
    expect = None



class RequestLog:
    """WSGI middleware: remembers every request that reaches the app and, for a change sent
    by the tablet, its idempotency key."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.rows: list[tuple[str, str, str | None]] = []

    def __call__(self, environ, start_response):
        key = None
        if environ["REQUEST_METHOD"] == "POST" and environ["PATH_INFO"].endswith("/api/changes"):
            body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            environ["wsgi.input"] = io.BytesIO(body)
            try:
                key = json.loads(body).get("key")
            except ValueError:
                key = "<unreadable>"
        with self.lock:
            self.rows.append((environ["REQUEST_METHOD"], environ["PATH_INFO"], key))
        return self.app(environ, start_response)

    def count(self) -> int:
        with self.lock:
            return len(self.rows)

    def since(self, start: int) -> list[tuple[str, str, str | None]]:
        with self.lock:
            return list(self.rows[start:])


class Server:
    """werkzeug serving the app in a thread, which can be cut off the network and brought
    back on the same port."""

    def __init__(self, app):
        self.app = app
        self.port = 0
        self.httpd = None
        self.thread = None
        self.connections: set[socket.socket] = set()

    def start(self) -> None:
        from werkzeug.serving import make_server

        try:
            self.httpd = make_server("127.0.0.1", self.port, self.app, threaded=True)
        except SystemExit:  # werkzeug exits when the port is taken
            pytest.fail(f"could not listen on 127.0.0.1:{self.port} again", pytrace=False)
        self.port = self.httpd.server_port
        accept = self.httpd.process_request

        def tracked(request, client_address):
            self.connections.add(request)
            return accept(request, client_address)

        self.httpd.process_request = tracked
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        """Stop listening (new connections are refused) and cut open keep-alive ones."""
        self.httpd.shutdown()
        self.httpd.server_close()
        for connection in list(self.connections):
            with contextlib.suppress(OSError):  # already closed
                connection.shutdown(socket.SHUT_RDWR)
        self.connections.clear()
        self.thread.join(timeout=5)


@pytest.fixture
def server(tmp_path):
    """A real server on 127.0.0.1 with its own database and a marking world."""
    from contests import create_app
    from contests.extensions import db
    from tests.builders import Builder

    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'browser.db'}",
        "SECRET_KEY": "browser-test-secret",
        "TESTING": False,
        "WTF_CSRF_ENABLED": True,
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
        manner = build.criterion(component, name="礼仪", max_points=Decimal(10), position=1,
                                 parent_id=quality.id, step=Decimal("0.5"))
        speed = build.criterion(component, name="效率", max_points=Decimal(10), position=2,
                                parent_id=quality.id, step=Decimal("0.5"))
        bonus = build.criterion(component, name="创新加分", max_points=Decimal(5),
                                kind="bonus", position=2, step=Decimal(1))
        veto = build.criterion(component, name="重大失误", max_points=Decimal(1), kind="veto",
                               position=3, step=Decimal(1))
        entries = [build.entry(build.contestant(contest, bib=f"T{i}", draw_number=i), event,
                               stage) for i in (1, 2)]
        panel = build.panel(stage, event, component, group, name="客房一组")
        judge = build.user("judge", password=PASSWORD, username="tablet-judge",
                           display_name="甲裁判")
        build.panel_judge(panel, judge)
        from contests.services.judging.access import entry_code
        world = {"panel": panel.id, "entry": entries[0].id, "judge": judge.id,
                 "code": entry_code(panel.id, entries[0].id),
                 "manner": manner.id, "speed": speed.id, "bonus": bonus.id, "veto": veto.id}

    log = RequestLog(app.wsgi_app)
    app.wsgi_app = log
    running = Server(app)
    running.start()
    try:
        yield dict(app=app, log=log, server=running,
                   base=f"http://127.0.0.1:{running.port}", **world)
    finally:
        if running.thread.is_alive():
            running.stop()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def browser():
    with chromium() as launched:
        yield launched


def _sign_in(page, base: str) -> None:
    """Through the login form, as a judge does (CSRF on)."""
    page.goto(f"{base}/auth/login")
    page.fill("#username", "tablet-judge")
    page.fill("#password", PASSWORD)
    page.locator("form.narrow button[type=submit]").click()
    page.wait_for_url(f"{base}/judging/")


def _waiting(sync):
    """The number of waiting changes in the offline text of the banner, as the judge
    reads it."""
    return sync.locator(".sync-offline .pending-count")


def _mark(page, criterion: int, value: str) -> None:
    """Type a mark and leave the field, as a judge does (the change event queues it)."""
    field = page.locator(f"#c{criterion}")
    field.fill(value)
    field.press("Tab")


def _cached(page, urls: list[str]) -> None:
    """Wait until the service worker has stored these responses in its cache."""
    page.wait_for_function("""async ([name, urls]) => {
        const cache = await caches.open(name);
        for (const url of urls) { if (!(await cache.match(url))) return false; }
        return true;
    }""", arg=[CACHE, urls], polling=100, timeout=WAIT_MS)


def _no_horizontal_overflow(page) -> None:
    overflow = page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        const outside = [...document.querySelectorAll('#sheet input')].filter(el => {
            const box = el.getBoundingClientRect();
            return box.left < 0 || box.right > width;
        }).map(el => el.id);
        return {page: document.documentElement.scrollWidth - width, outside: outside};
    }""")
    assert overflow == {"page": 0, "outside": []}, overflow


def test_marks_entered_offline_survive_a_reload_and_arrive_exactly_once(browser, server):
    from contests.extensions import db
    from contests.models import AppliedChange, AuditEntry, Mark, ScoreSheet

    expect.set_options(timeout=WAIT_MS)
    base, log = server["base"], server["log"]
    sheet_url = f"{base}/judging/panels/{server['panel']}/entries/{server['code']}/"
    context = browser.new_context(viewport=PORTRAIT, has_touch=True, locale="zh-CN",
                                  service_workers="allow")
    page = context.new_page()
    queued_keys: list[str] = []

    def remember_change(request):
        if request.method == "POST" and request.url.endswith("/judging/api/changes"):
            queued_keys.append(json.loads(request.post_data)["key"])

    page.on("request", remember_change)
    try:
        _sign_in(page, base)

        # Open the sheet; once the service worker is active and controls the page, load it
        # again so that the page and its assets go through the worker into its cache.
        page.goto(sheet_url)
        page.wait_for_function("navigator.serviceWorker.ready.then(() => true)",
                               timeout=WAIT_MS)
        page.wait_for_function("!!navigator.serviceWorker.controller", timeout=WAIT_MS)
        page.reload()
        _cached(page, [sheet_url, f"{base}/static/js/sheet.js", f"{base}/static/css/site.css"])
        sync = page.locator("#sync")
        expect(sync).to_have_attribute("data-state", "idle")
        _no_horizontal_overflow(page)

        # Online: two marks, both saved.
        _mark(page, server["manner"], "8")
        _mark(page, server["speed"], "9.5")
        expect(sync).to_have_attribute("data-state", "idle")
        expect(page.locator("#total")).to_have_text("17.50")  # the contest's 2 places
        expect(page.locator("#vetoed")).to_be_hidden()

        # The network drops mid-sheet: the tablet's Wi-Fi (set_offline) and, for real, the
        # server. Two new marks, and an earlier one changed.
        server["server"].stop()
        context.set_offline(True)
        offline_from = log.count()
        expect(sync).to_have_attribute("data-state", "offline-idle")
        _mark(page, server["bonus"], "3")
        page.locator(f"#c{server['veto']}").check()
        _mark(page, server["manner"], "7.5")
        expect(sync).to_have_attribute("data-state", "offline")
        expect(_waiting(sync)).to_have_text("3")
        expect(sync.locator(".sync-offline")).to_be_visible()
        queue = page.evaluate(f"JSON.parse(localStorage.getItem("
                              f"'contests.queue.{server['judge']}'))")
        assert [(c["criterion"], c["value"], c["base_version"]) for c in queue] == [
            (str(server["bonus"]), "3", 0), (str(server["veto"]), "1", 0),
            (str(server["manner"]), "7.5", 1)]

        # Reload while offline: the service worker answers from its cache (the copy cached
        # before any mark was typed), and the tablet's own storage fills in the rest.
        response = page.reload()
        assert response is not None and response.from_service_worker and response.ok
        expect(sync).to_have_attribute("data-state", "offline")
        expect(_waiting(sync)).to_have_text("3")
        expect(page.locator(f"#c{server['manner']}")).to_have_value("7.5")
        expect(page.locator(f"#c{server['speed']}")).to_have_value("9.5")
        expect(page.locator(f"#c{server['bonus']}")).to_have_value("3")
        expect(page.locator(f"#c{server['veto']}")).to_be_checked()
        expect(page.locator("#submit-button")).to_be_disabled()
        assert log.since(offline_from) == [], "a request reached the server while offline"

        # The network returns: the queue drains by itself.
        server["server"].start()
        context.set_offline(False)
        expect(sync).to_have_attribute("data-state", "idle")
        expect(page.locator("#vetoed")).to_be_visible()
        expect(page.locator(f"#c{server['manner']}")).to_have_value("7.5")
        assert page.evaluate(f"localStorage.getItem('contests.queue.{server['judge']}')") \
            == "[]"

        # Landscape still shows every mark input without sideways scrolling.
        page.set_viewport_size(LANDSCAPE)
        _no_horizontal_overflow(page)
    finally:
        context.close()

    # Every change reached the server exactly once, and was applied exactly once.
    posted = [key for _method, path, key in log.since(0) if path == "/judging/api/changes"]
    assert len(posted) == 5 and set(posted) <= set(queued_keys), posted
    with server["app"].app_context():
        sheet = db.session.scalar(select(ScoreSheet).where(
            ScoreSheet.panel_id == server["panel"], ScoreSheet.entry_id == server["entry"]))
        marks = {m.criterion_id: (m.value, m.version) for m in db.session.scalars(
            select(Mark).where(Mark.sheet_id == sheet.id)).all()}
        assert marks == {server["manner"]: (Decimal("7.5"), 2),
                         server["speed"]: (Decimal("9.5"), 1),
                         server["bonus"]: (Decimal(3), 1),
                         server["veto"]: (Decimal(1), 1)}
        assert sheet.version == 1 + 5
        assert sorted(db.session.scalars(select(AppliedChange.key)).all()) == sorted(posted)
        trail = [json.loads(a.new) for a in db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "mark",
                                     AuditEntry.entity_id == sheet.id)
            .order_by(AuditEntry.id)).all()]
        assert [(t["criterion"], t["value"]) for t in trail] == [
            (server["manner"], "8"), (server["speed"], "9.5"), (server["bonus"], "3"),
            (server["veto"], "1"), (server["manner"], "7.5")]


def test_offline_banner_shows_the_pending_count(browser, server):
    """What the judge reads while offline: how many changes wait on this tablet."""
    expect.set_options(timeout=WAIT_MS)
    context = browser.new_context(viewport=PORTRAIT, has_touch=True)
    page = context.new_page()
    try:
        _sign_in(page, server["base"])
        page.goto(f"{server['base']}/judging/panels/{server['panel']}/entries/"
                  f"{server['code']}/?lang=en")
        context.set_offline(True)
        _mark(page, server["speed"], "6")
        _mark(page, server["bonus"], "2")
        sync = page.locator("#sync")
        expect(sync).to_have_attribute("data-state", "offline")
        expect(sync.locator(".sync-offline")).to_have_text(
            "Offline: 2 changes waiting, kept on this tablet and sent when the network returns.")
        expect(sync.locator(".sync-offline .pending-count")).to_have_text("2")
    finally:
        context.close()
