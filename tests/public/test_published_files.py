"""Published pages as files (contests/public/files.py): publishing writes every public page
of the version, both languages, with a gzip copy; they are byte for byte what the views
render; anonymous visitors get them without a database query (200 and 304), gzipped when
they ask; a new version replaces them; unlisted or unpublished contests have none."""
import gzip
import os
from datetime import date, datetime

import pytest
from flask_babel import refresh
from sqlalchemy import event

from contests.public import files, snapshots
from contests.services.results import publication
from contests.services.results.published import read
from tests.results.scored import scored_contest

LANGS = ("zh_CN", "en")


@pytest.fixture
def folder(app, tmp_path, monkeypatch):
    """Files on: a folder of this test's own, jobs run as soon as they are enqueued."""
    monkeypatch.setitem(app.config, "PUBLISHED_DIR", str(tmp_path / "published"))
    monkeypatch.setitem(app.config, "JOBS_IMMEDIATE", True)
    _clear_caches()
    yield tmp_path / "published"
    _clear_caches()


def _clear_caches():
    """No page of one test's database reaches the next test (nor this one's, of before)."""
    files._CURRENT.clear()
    files._BYTES.clear()
    files._bytes_total = 0
    with snapshots._PAGES_LOCK:
        snapshots._PAGES.clear()
        snapshots._page_bytes = 0


@pytest.fixture
def world(build, db, folder):
    world = scored_contest(build, db.session)
    world["version"] = publication.publish(world["contest"], publicity_ends_on=date.today(),
                                           change_note=None, user=build.user("organizer"))
    return world


@pytest.fixture
def statements(db):
    """Every SQL statement the application sends while the list is being watched."""
    seen = []

    def note(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    yield seen
    event.remove(db.engine, "before_cursor_execute", note)


def _current(folder) -> str:
    return os.readlink(folder / "DEMO" / "current")


def _file(folder, lang: str, rest: str) -> bytes:
    return (folder / "DEMO" / "current" / lang / rest.strip("/") / "index.html").read_bytes()


def _stage(world) -> str:
    return f"/contests/DEMO/stages/{world['first'].id}"


def test_publishing_writes_every_page_as_the_views_render_it(app, world, folder,
                                                              monkeypatch):
    snapshot = read(world["version"])
    rests = files.page_paths(snapshot)
    assert {"", "/awards", "/titles", f"/stages/{world['first'].id}"} <= set(rests)
    assert {f"/entries/{e.id}" for e in world["entries"].values()} <= set(rests)
    assert any(rest.startswith("/delegations/") for rest in rests)
    written = {lang: {rest: _file(folder, lang, rest) for rest in rests} for lang in LANGS}
    for lang in LANGS:
        for rest, body in written[lang].items():
            path = folder / "DEMO" / "current" / lang / rest.strip("/") / "index.html"
            assert gzip.decompress(path.with_name("index.html.gz").read_bytes()) == body
    assert (folder / "DEMO" / "current" / "snapshot.json").read_text() == \
        world["version"].snapshot
    assert "选手A1".encode() in written["en"][f"/entries/{world['entries']['A1'].id}"]
    assert written["zh_CN"][""] != written["en"][""]
    # what the views render, with the files turned off and the page cache empty
    monkeypatch.delitem(app.config, "PUBLISHED_DIR")
    with snapshots._PAGES_LOCK:
        snapshots._PAGES.clear()
    for lang in LANGS:
        visitor = app.test_client()
        for rest, body in written[lang].items():
            refresh()  # the test's application context outlives each request: its language too
            response = visitor.get(f"/contests/DEMO{rest}?lang={lang}")
            assert response.status_code == 200
            assert "Content-Encoding" not in response.headers
            assert response.get_data() == body, (lang, rest)


def test_a_published_page_answers_200_and_304_without_sql(app, world, folder, statements):
    files.forget()  # as after a publish: the next visit looks the version up, once
    statements.clear()
    first = app.test_client().get(_stage(world))
    assert first.status_code == 200
    assert statements  # the listener sees the application's SQL
    statements.clear()
    again = app.test_client().get(_stage(world))
    assert again.status_code == 200
    assert again.get_data() == _file(folder, "zh_CN", _stage(world).split("DEMO")[1])
    assert again.headers["Cache-Control"].startswith("public")
    tag = again.headers["ETag"].strip('"')
    unchanged = app.test_client().get(_stage(world), headers={"If-None-Match": f'"{tag}"'})
    assert unchanged.status_code == 304
    assert unchanged.get_data() == b""
    since = app.test_client().get(_stage(world), headers={
        "If-Modified-Since": again.headers["Last-Modified"]})
    assert since.status_code == 304
    assert statements == []
    older = app.test_client().get(_stage(world), headers={
        "If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert older.status_code == 200 and older.get_data() == again.get_data()


def test_english_is_served_from_its_own_file_and_remembered(app, world, folder, statements):
    visitor = app.test_client()
    visitor.get("/contests/DEMO/awards")
    statements.clear()
    english = visitor.get("/contests/DEMO/awards?lang=en")
    assert english.get_data() == _file(folder, "en", "/awards")
    # the choice is remembered: the next page, without ?lang, is English too
    assert visitor.get("/contests/DEMO/titles").get_data() == _file(folder, "en", "/titles")
    assert statements == []


def test_gzip_is_sent_to_clients_that_ask(app, world, folder):
    plain = app.test_client().get(_stage(world))
    packed = app.test_client().get(_stage(world), headers={"Accept-Encoding": "gzip, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert len(packed.get_data()) < len(plain.get_data())
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert packed.headers["ETag"] != plain.headers["ETag"]
    assert "Content-Encoding" not in plain.headers


def test_a_new_version_replaces_what_is_served(app, build, world, folder):
    visitor = app.test_client()
    before = visitor.get("/contests/DEMO?lang=en").get_data()
    old = _current(folder)
    assert old.startswith("v1-")
    publication.publish(world["contest"], publicity_ends_on=date.today(),
                        change_note="Re-checked the marks", user=build.user("organizer"))
    assert _current(folder).startswith("v2-")
    after = visitor.get("/contests/DEMO?lang=en")
    assert after.get_data() == _file(folder, "en", "")
    assert after.get_data() != before
    assert "Re-checked the marks" in after.get_data(as_text=True)


def test_a_version_made_final_gets_new_files(app, build, db, world, folder):
    publication.finalize(world["version"], build.user("organizer"), now=datetime(2100, 1, 1))
    assert (folder / "DEMO" / _current(folder)).is_dir()
    page = app.test_client().get("/contests/DEMO")
    assert page.get_data() == _file(folder, "zh_CN", "")
    assert page.headers["Last-Modified"]
    assert len([name for name in os.listdir(folder / "DEMO") if name.startswith("v1-")]) == 2


def test_unlisted_and_unpublished_contests_have_no_files(app, build, db, folder):
    hidden = build.contest(code="HIDDEN", is_listed=False)
    build.stage(hidden, name="决赛")
    publication.publish(hidden, publicity_ends_on=date.today(), change_note=None, user=None)
    assert not (folder / "HIDDEN" / "current").exists()
    assert app.test_client().get("/contests/HIDDEN").status_code == 404
    build.contest(code="QUIET", is_listed=True)
    assert app.test_client().get("/contests/QUIET").status_code == 200
    assert not (folder / "QUIET").exists()


def test_unlisting_stops_serving_the_files(app, db, world, folder):
    visitor = app.test_client()
    assert visitor.get(_stage(world)).status_code == 200
    world["contest"].is_listed = False
    db.session.commit()
    assert not (folder / "DEMO" / "current").exists()
    assert app.test_client().get(_stage(world)).status_code == 404


def test_a_signed_in_visitor_gets_the_dynamic_page(app, build, world, folder, login):
    organizer = build.user("organizer", display_name="王组织")
    client = login(organizer)
    page = client.get(_stage(world))
    assert page.status_code == 200
    assert "王组织" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "private, no-store"
    assert "王组织".encode() not in _file(folder, "zh_CN", _stage(world).split("DEMO")[1])


def test_a_file_answer_carries_the_security_headers_of_every_page(app, world, folder,
                                                                   monkeypatch):
    served = app.test_client().get(_stage(world))
    monkeypatch.delitem(app.config, "PUBLISHED_DIR")  # the view's own answer
    rendered = app.test_client().get(_stage(world))
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options",
                   "Referrer-Policy", "Permissions-Policy"):
        assert served.headers[header] == rendered.headers[header]
    assert served.get_data() == rendered.get_data()
    assert served.headers["Content-Type"] == rendered.headers["Content-Type"]


def test_head_answers_the_headers_without_the_page(app, world, folder):
    head = app.test_client().head(_stage(world))
    assert head.status_code == 200
    assert head.get_data() == b""
    assert int(head.headers["Content-Length"]) == len(
        _file(folder, "zh_CN", _stage(world).split("DEMO")[1]))


class SharedCounter:
    """Stands in for Redis: the counter every node reads."""

    def __init__(self):
        self.value = 0

    def get(self, _key):
        return str(self.value).encode()

    def incr(self, _key):
        self.value += 1


def test_another_node_publishing_makes_this_one_forget(app, world, folder, monkeypatch,
                                                        statements):
    shared = SharedCounter()
    monkeypatch.setattr(files, "_redis", lambda app=None: shared)
    app.test_client().get(_stage(world))  # this node knows the version now
    statements.clear()
    app.test_client().get(_stage(world))
    assert statements == []
    shared.incr("contests:published:counter")  # what forget() does on another node
    monkeypatch.setattr(files, "_redis_checked", 0.0)  # a second has passed
    app.test_client().get(_stage(world))
    assert statements  # looked up again
