"""The public page cache holds only what every visitor may see: never one visitor's flashed
message, keyed by what changes the page (version, path, language) and not by made-up query
strings, and bounded in bytes."""
from datetime import date

import pytest

from contests.public import snapshots, views
from contests.services.results import publication
from tests.results.scored import scored_contest


@pytest.fixture
def world(build, db):
    world = scored_contest(build, db.session)
    publication.publish(world["contest"], publicity_ends_on=date.today(), change_note=None,
                        user=build.user("organizer"))
    return world


@pytest.fixture
def renders(monkeypatch):
    """Counts the contest page's renders."""
    counted = []
    real = views.render_template

    def counting(*args, **kwargs):
        counted.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(views, "render_template", counting)
    return counted


def test_one_visitors_flashed_message_never_reaches_the_next(app, client, world):
    first, second = client, app.test_client()
    assert first.get("/organizer/?lang=en").status_code == 302  # flashes "please sign in"
    mine = first.get("/contests/DEMO?lang=en").get_data(as_text=True)
    assert "Please sign in to open this page." in mine  # the visitor still sees it
    theirs = second.get("/contests/DEMO?lang=en")
    assert "Please sign in to open this page." not in theirs.get_data(as_text=True)
    assert theirs.headers["Cache-Control"].startswith("public")
    # and a page already cached is not served to a visitor who has a message waiting
    third = app.test_client()
    third.get("/organizer/?lang=en")
    assert "Please sign in to open this page." in third.get("/contests/DEMO").get_data(
        as_text=True)
    assert "Please sign in to open this page." not in second.get("/contests/DEMO").get_data(
        as_text=True)


def test_made_up_query_strings_neither_evict_nor_multiply_pages(client, world, renders):
    real = client.get("/contests/DEMO").get_data(as_text=True)
    assert renders == ["public/contest.html"]
    pages = snapshots.cached_pages()
    for number in range(2000):
        response = client.get(f"/contests/DEMO?utm={number}&x{number}=1")
        assert response.status_code == 200
    assert renders == ["public/contest.html"]  # served from the cache every time
    assert client.get("/contests/DEMO").get_data(as_text=True) == real
    assert snapshots.cached_pages() == pages  # no page per query string


def test_the_cache_is_bounded_in_bytes(app, client, world, monkeypatch):
    page = client.get(f"/contests/DEMO/stages/{world['first'].id}").get_data()
    limit = len(page) * 3
    monkeypatch.setitem(app.config, "PUBLIC_PAGE_CACHE_BYTES", limit)
    urls = [f"/contests/DEMO/entries/{entry.id}" for entry in world["entries"].values()]
    urls += ["/contests/DEMO/awards", "/contests/DEMO/titles", "/contests/DEMO"]
    for lang in ("zh_CN", "en"):
        for url in urls:
            assert client.get(f"{url}?lang={lang}").status_code == 200
            assert snapshots.cached_bytes() <= limit
    assert snapshots.cached_pages() >= 1
