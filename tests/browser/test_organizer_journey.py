"""The contest office's journey in a real browser (Playwright driving Debian's Chromium at
1366×900): an organizer with nothing but an account builds a two-stage contest through the
pages — two events, theory 30 / practical 70 with bonus and veto items, the rubric pasted
from a spreadsheet, the preliminary's assessment copied to the final, judges and 20
entrants imported (their delegations created on the way), panels made in bulk, the
computer-marked theory exam imported, judging opened — and it takes at most 15 form
submissions from signing in to judging.

The server is real: the app with CSRF on, on its own SQLite file, served by werkzeug in a
thread; every POST that reaches it is counted. Screenshots of the guide and of the rubric
editor are saved to docs/screenshots/ for the README."""
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.browser.chromium import chromium, serving

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "office-pass-2026"
MOST_SUBMISSIONS = 15

PRACTICAL_RUBRIC = "\n".join([
    "编号\t评分项\t分值\t步长\t类型",
    "1\t服务流程\t40",
    "1.1\t迎客礼仪\t20\t0.5",
    "1.2\t操作规范\t20\t0.5",
    "2\t服务质量\t60\t0.5",
    "3\t创新加分\t5\t1\t加分",
    "4\t重大失误\t1\t1\t否决",
])

JUDGES_CSV = "\n".join([
    "用户名,姓名,工作单位,角色,密码",
    "office-judge1,王评委,省饭店协会,裁判,judge-pass-2026",
    "office-judge2,李评委,市旅游学校,裁判,judge-pass-2026",
    "office-judge3,赵评委,国际酒店,裁判,judge-pass-2026",
    "office-chief,陈裁判长,省文旅厅,裁判长,judge-pass-2026",
]) + "\n"

DELEGATIONS = ["南京代表队", "苏州代表队", "无锡代表队", "扬州代表队"]
EVENTS = ["前厅服务", "客房服务"]


def _entrants_csv() -> str:
    lines = ["参赛编号,姓名,工作单位,代表队,赛项,阶段"]
    for n in range(1, 21):
        event = EVENTS[(n - 1) // 10]
        lines.append(f"A{n:02d},选手{n:02d},第{n}饭店,{DELEGATIONS[n % 4]},{event},初赛")
    return "\n".join(lines) + "\n"


def _exam_csv() -> str:
    lines = ["参赛编号,姓名,成绩"]
    lines += [f"A{n:02d},选手{n:02d},{60 + n}.5" for n in range(1, 21)]
    return "\n".join(lines) + "\n"


class PostCounter:
    """WSGI middleware: counts the form submissions (POSTs) that reach the app."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.posts: list[str] = []

    def __call__(self, environ, start_response):
        if environ["REQUEST_METHOD"] == "POST":
            with self.lock:
                self.posts.append(environ["PATH_INFO"])
        return self.app(environ, start_response)


@pytest.fixture
def site(tmp_path):
    from contests import create_app
    from contests.extensions import db
    from tests.builders import Builder

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'office.db'}",
                      "SECRET_KEY": "office-test-secret", "TESTING": False,
                      "WTF_CSRF_ENABLED": True})
    with app.app_context():
        db.create_all()
        Builder(db.session).user("organizer", username="office", password=PASSWORD,
                                 display_name="赛事办公室")
        db.session.commit()
    counter = PostCounter(app.wsgi_app)
    app.wsgi_app = counter
    with serving(app) as base:
        yield dict(app=app, counter=counter, base=base)


def _query(site, statement):
    from contests.extensions import db

    with site["app"].app_context():
        try:
            return db.session.execute(statement).all()
        finally:
            db.session.remove()


def _submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click() if selector.startswith("main form button.primary") \
            else page.locator(selector).click()
    assert page.locator(".flash.error").count() == 0, page.locator(".flash.error").all_inner_texts()


def _upload(page, base: str, path: str, name: str, content: str, *, choose=None) -> None:
    page.goto(base + path)
    if choose:
        choose(page)
    page.set_input_files("input[type=file]", {"name": name, "mimeType": "text/csv",
                                             "buffer": content.encode("utf-8")})
    _submit(page, "form[enctype] button[type=submit]")


def test_organizer_builds_a_two_stage_contest_in_at_most_15_submissions(site):
    from contests.models import (
        Component,
        Contest,
        Criterion,
        Delegation,
        Entry,
        Panel,
        PanelJudge,
        ScoreSheet,
        Stage,
    )

    base, counter = site["base"], site["counter"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(f"{base}/auth/login")
        page.fill("#username", "office")
        page.fill("#password", PASSWORD)
        with page.expect_navigation():
            page.locator("form.narrow button[type=submit]").click()
        signed_in = len(counter.posts)

        # 1. The contest, with its events and stages named at once; it opens on its guide.
        page.get_by_role("link", name="新建竞赛", exact=True).click()
        page.fill("#code", "HOTEL2027")
        page.fill("#name", "2027年全国星级饭店从业人员服务技能竞赛")
        page.fill("#year", "2027")
        page.fill("#event_names", "\n".join(EVENTS))
        page.fill("#stage_names", "初赛\n决赛")
        _submit(page, "main form button.primary")
        contest_id, = _query(site, select(Contest.id))[0]
        assert page.url.rstrip("/").endswith(f"/organizer/contests/{contest_id}")
        assert page.locator("text=设置向导").count() >= 1
        stages = dict(_query(site, select(Stage.name, Stage.id)))
        prelim, final = stages["初赛"], stages["决赛"]
        c = f"{base}/organizer/contests/{contest_id}"

        # 2. Theory 30 / practical 70 (each arrives with one rater group).
        page.goto(f"{c}/stages/{prelim}/components")
        for row, (name, weight) in enumerate((("理论考试", "30"), ("实操", "70"))):
            page.fill(f"#rows-{row}-name", name)
            page.fill(f"#rows-{row}-position", str(row + 1))
            page.fill(f"#rows-{row}-weight", weight)
        page.fill("#rows-1-bonus_cap", "5")
        _submit(page, "main form button.primary")
        components = dict(_query(site, select(Component.name, Component.id)
                                 .where(Component.stage_id == prelim)))

        # 3. The theory exam is one item; 4. the practical rubric is pasted, then saved.
        page.goto(f"{c}/components/{components['理论考试']}/rubric")
        page.fill("#rows-0-code", "T")
        page.fill("#rows-0-name", "理论考试成绩")
        page.fill("#rows-0-max_points", "100")
        page.fill("#rows-0-step", "0.5")
        _submit(page, "form.rubric-editor .actions button.primary")
        page.goto(f"{c}/components/{components['实操']}/rubric")
        page.fill("textarea[name=paste]", PRACTICAL_RUBRIC)
        _submit(page, "button[value=paste]")
        assert page.locator("tr.criterion").count() >= 6
        page.screenshot(path=str(SHOTS / "organizer-rubric-editor.png"))
        _submit(page, "form.rubric-editor .actions button.primary")

        # 5. The final gets the same assessment, copied.
        page.goto(f"{c}/stages/{prelim}/copy")
        page.select_option("#target", str(final))
        page.uncheck("#with_panels")
        _submit(page, "main form button.primary")

        # 6, 7. Judges, then entrants with their delegations created on the way.
        _upload(page, base, f"/organizer/contests/{contest_id}/exchange/import/judges",
                "裁判名单.csv", JUDGES_CSV)
        _submit(page, "main form button.primary")
        _upload(page, base, f"/organizer/contests/{contest_id}/exchange/import/contestants",
                "报名表.csv", _entrants_csv())
        assert page.locator("#new-delegations li").count() == 4
        page.check("#create-delegations")
        _submit(page, "main form button.primary")

        # 8. Panels in bulk: the exam's panels have no judges, the practical's have three
        # and a chief.
        bulk = f"{c}/stages/{prelim}/panels/bulk"
        page.goto(bulk)
        page.uncheck(f"input[name=components][value='{components['实操']}']")
        _submit(page, "button[value=create]")
        page.goto(bulk)
        page.uncheck(f"input[name=components][value='{components['理论考试']}']")
        for judge in ("王评委", "李评委", "赵评委"):
            page.get_by_label(judge, exact=False).first.check()
        page.select_option("#chief_id", label=page.locator("#chief_id option")
                           .filter(has_text="陈裁判长").first.inner_text())
        _submit(page, "button[value=create]")

        # 9. The computer-marked exam's scores, one file for both events.
        _upload(page, base, f"/organizer/contests/{contest_id}/exchange/marks/exam",
                "理论考试成绩.csv", _exam_csv(), choose=lambda p: p.select_option(
                    "#target", label=p.locator("#target option").filter(
                        has_text="理论考试").first.inner_text()))
        assert page.locator("#marks-problems").count() == 0
        _submit(page, "#marks-confirm")

        # 10. Judging opens.
        page.goto(f"{c}/judging")
        _submit(page, f"#open-judging-{prelim}")
        submissions = counter.posts[signed_in:]

        page.goto(f"{c}/")
        page.screenshot(path=str(SHOTS / "organizer-guide.png"))
        guide_text = page.locator("main").inner_text()

    assert len(submissions) <= MOST_SUBMISSIONS, submissions
    # What the organizer built, as the database holds it.
    assert _query(site, select(func.count(Delegation.id)))[0][0] == 4
    assert _query(site, select(func.count(Entry.id)).where(Entry.stage_id == prelim))[0][0] == 20

    def rubric(stage_id):
        return sorted(_query(site, select(Component.name, Criterion.code, Criterion.name,
                                          Criterion.kind, Criterion.max_points, Criterion.step)
                             .join(Criterion.component).where(Component.stage_id == stage_id)))

    assert rubric(prelim) == rubric(final)
    assert ("实操", "3", "创新加分", "bonus", Decimal(5), Decimal(1)) in rubric(prelim)
    assert ("实操", "4", "重大失误", "veto", Decimal(1), Decimal(1)) in rubric(prelim)
    panels = _query(site, select(Panel.name, func.count(PanelJudge.id))
                    .outerjoin(PanelJudge, PanelJudge.panel_id == Panel.id)
                    .where(Panel.stage_id == prelim).group_by(Panel.id))
    assert len(panels) == 4  # 2 events × 2 components
    exam_sheets = _query(site, select(ScoreSheet.status).join(ScoreSheet.panel)
                         .where(Panel.component_id == components["理论考试"]))
    assert len(exam_sheets) == 20 and {s for s, in exam_sheets} == {"submitted"}
    opened, = _query(site, select(Stage.judging_opened_at).where(Stage.id == prelim))[0]
    assert opened is not None
    assert "评分" in guide_text
