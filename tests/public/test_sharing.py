"""Links to public pages shared in chat apps show a title, a description in the page's
language and an image: <meta name="description">, Open Graph and a Twitter card."""
import io
import re
from datetime import date, timedelta
from html import unescape

import pytest
from PIL import Image

from contests.services.results import publication
from tests.certificates.snapshots import certificate_and_job
from tests.results.scored import scored_contest


@pytest.fixture
def pages(build, db):
    world = scored_contest(build, db.session)
    publication.publish(world["contest"], publicity_ends_on=date.today() + timedelta(days=5),
                        change_note=None, user=build.user("organizer"))
    certificate, _job = certificate_and_job(db.session, world["contest"])
    return {
        "index": "/",
        "contest": "/contests/DEMO",
        "stage": f"/contests/DEMO/stages/{world['first'].id}",
        "entry": f"/contests/DEMO/entries/{world['entries']['A1'].id}",
        "delegation": f"/contests/DEMO/delegations/{world['delegation'].id}",
        "awards": "/contests/DEMO/awards",
        "titles": "/contests/DEMO/titles",
        "certificate": f"/verify/{certificate.token}",
        "lookup": "/certificates/lookup",
    }


def _meta(html: str) -> dict[str, str]:
    found = {}
    for tag in re.findall(r"<meta [^>]*>", html):
        key = re.search(r'(?:name|property)="([^"]+)"', tag)
        value = re.search(r'content="([^"]*)"', tag)
        if key and value:
            found[key.group(1)] = unescape(value.group(1))
    return found


def test_every_public_page_has_a_description_open_graph_and_a_card(client, pages):
    for name, url in pages.items():
        for lang in ("zh_CN", "en"):
            response = client.get(f"{url}?lang={lang}&utm_source=chat")
            assert response.status_code == 200, (name, lang)
            meta = _meta(response.get_data(as_text=True))
            for key in ("description", "og:title", "og:description", "og:image", "og:url",
                        "og:type", "twitter:card"):
                assert meta.get(key, "").strip(), (name, lang, key)
            assert meta["og:description"] == meta["description"]
            assert meta["og:url"] == f"http://localhost{url}", (name, meta["og:url"])
            assert meta["og:image"] == "http://localhost/static/img/share.png"
            assert meta["twitter:card"] == "summary_large_image"
            assert meta["og:locale"] == ("zh_CN" if lang == "zh_CN" else "en_US")


def test_descriptions_are_in_the_page_language_and_say_what_the_page_is(client, pages):
    names = "测试技能竞赛|Test skills contest|广州市代表队|选手A1|复赛|一等奖|DEMO-0001"
    for name, url in pages.items():
        chinese = _meta(client.get(f"{url}?lang=zh_CN").get_data(as_text=True))
        english = _meta(client.get(f"{url}?lang=en").get_data(as_text=True))
        zh_words = re.sub(names, "", chinese["description"] + chinese["og:title"])
        assert not re.search(r"[A-Za-z]{2,}", zh_words), (name, chinese["description"])
        en_words = re.sub(names, "", english["description"] + english["og:title"])
        assert not re.search(r"[\u4e00-\u9fff]", en_words), (name, english["description"])
    delegation = _meta(client.get(f"{pages['delegation']}?lang=en").get_data(as_text=True))
    assert "广州市代表队" in delegation["og:title"] and "Test skills contest" in \
        delegation["og:title"]
    entry = _meta(client.get(f"{pages['entry']}?lang=en").get_data(as_text=True))
    assert entry["og:title"].startswith("选手A1") and "一等奖" in entry["description"]
    stage = _meta(client.get(f"{pages['stage']}?lang=en").get_data(as_text=True))
    assert "复赛" in stage["description"]


def test_the_share_image_is_a_1200_by_630_png(client):
    response = client.get("/static/img/share.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    image = Image.open(io.BytesIO(response.data))
    assert image.format == "PNG" and image.size == (1200, 630)


def test_shared_addresses_use_the_public_address_when_one_is_set(app, client, pages,
                                                                 monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://results.example.cn/")
    meta = _meta(client.get(pages["delegation"] + "?lang=en").get_data(as_text=True))
    assert meta["og:url"] == f"https://results.example.cn{pages['delegation']}"
    assert meta["og:image"] == "https://results.example.cn/static/img/share.png"
    assert meta["twitter:image"] == meta["og:image"]
