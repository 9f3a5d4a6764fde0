"""Issue 13 #4: the objector sees "your objection has been received" on the very page they
land on after filing, not one page later. They used to land on the contest page, which is
public and may be kept for a minute by a browser (or an in-app browser that ignores
`Vary: Cookie`): a copy from before filing, without the message, could be shown, and the
message waited for the next page. They now land on the objection page itself, which no
browser keeps, with the receipt at the top and no form to fill again."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from contests.models import Objection
from contests.services.results import publication
from tests.browser.chromium import chromium
from tests.browser.test_tablet_offline import Server
from tests.results.scored import scored_contest

RECEIVED = "Your objection has been received."


def _file(client, entry_id):
    return client.post("/contests/DEMO/objection?lang=en", data={
        "entry": str(entry_id), "name": "李老师", "contact": "13800000000",
        "grounds": "第三位评委的分数录入有误，应为95分。"})


def test_the_landing_page_is_never_kept_by_a_browser_and_carries_the_receipt(build, db,
                                                                             client):
    world = scored_contest(build, db.session)
    publication.publish(world["contest"], publicity_ends_on=date.today() + timedelta(days=5),
                        change_note=None, user=build.user("organizer"))
    filed = _file(client, world["entries"]["A3"].id)
    assert filed.status_code == 302
    landing = filed.headers["Location"]
    # what a browser may already hold for that address, from before filing
    before = client.application.test_client().get(landing)
    assert "no-store" in before.headers["Cache-Control"]
    assert "public" not in before.headers["Cache-Control"]
    page = client.get(landing)
    assert "no-store" in page.headers["Cache-Control"]
    assert RECEIVED in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Objection)) == 1


def test_a_bad_objection_is_refused_with_nothing_filed(build, db, client):
    world = scored_contest(build, db.session)
    publication.publish(world["contest"], publicity_ends_on=date.today() + timedelta(days=5),
                        change_note=None, user=build.user("organizer"))
    refused = client.post("/contests/DEMO/objection?lang=en", data={
        "entry": str(world["entries"]["A3"].id), "name": "李老师", "contact": "1",
        "grounds": "太短"})
    assert refused.status_code == 200  # the form again, with what is wrong
    assert RECEIVED not in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Objection)) == 0


@pytest.fixture
def site(tmp_path):
    from contests import create_app
    from contests.extensions import db
    from tests.builders import Builder

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'objection.db'}",
                      "SECRET_KEY": "objection-test-secret", "TESTING": False,
                      "WTF_CSRF_ENABLED": True})
    with app.app_context():
        db.create_all()
        build = Builder(db.session)
        world = scored_contest(build, db.session)
        publication.publish(world["contest"], publicity_ends_on=date.today() + timedelta(days=5),
                            change_note=None, user=build.user("organizer"))
        a3 = world["entries"]["A3"].id
    server = Server(app)
    server.start()
    try:
        yield dict(base=f"http://127.0.0.1:{server.port}", app=app, a3=a3)
    finally:
        server.stop()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.mark.browser
def test_the_objector_sees_the_receipt_on_the_page_they_land_on(site):
    from contests.extensions import db

    base = site["base"]
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
        page = context.new_page()
        try:
            page.goto(f"{base}/contests/DEMO?lang=en")  # now in the browser's cache
            page.get_by_role("link", name="File an objection").click()
            page.select_option("#entry", str(site["a3"]))
            page.fill("#name", "李老师")
            page.fill("#contact", "13800000000")
            page.fill("#grounds", "第三位评委的分数录入有误，应为95分。")
            page.get_by_role("button", name="Send").click()
            page.wait_for_load_state()
            receipt = page.get_by_role("status").filter(has_text=RECEIVED)
            assert receipt.is_visible(), page.content()
            assert page.locator("form[method=post] textarea").count() == 0  # not refilled
            page.get_by_role("link", name="Back to the results").click()
            page.wait_for_load_state()
            assert RECEIVED not in page.content()  # said once, not again a page later
        finally:
            context.close()
    with site["app"].app_context():
        assert db.session.scalar(select(func.count()).select_from(Objection)) == 1
