"""Every page is wholly in one language: the demo, rendered in Chinese and in English.

Each role's pages are found by following links from its home (GET only, same host, no
downloads), a few pages per Flask endpoint. A Chinese page must carry no English words, an
English page no Chinese; what the database holds (names of people, contests, units, the
reasons and notes people typed) is taken out of the page text first, so only the
interface's own words are judged. Only visible text counts: no <script>/<style>, but the
<title> and the title/alt/placeholder/aria-label attributes do.

Runs on SQLite only (the pages do not depend on the backend; the crawl is the slow part).
"""
from __future__ import annotations

import re
from collections import defaultdict, deque
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from sqlalchemy import String, Text, select
from werkzeug.exceptions import HTTPException

PER_ENDPOINT = 3
ROLES = (  # (username or None for a visitor, home)
    (None, "/"),
    ("demo-judge1", "/judging/"),
    ("demo-chief", "/judging/"),
    ("demo-organizer", "/organizer/"),
    ("demo-admin", "/admin/"),
    ("demo-clerk1", "/clerk/"),
    ("demo-leader1", "/delegation/"),  # 领队: the delegation portal
)
DOWNLOADS = (".pdf", ".xlsx", ".csv", ".zip", ".json", ".js", ".css", ".png", ".svg", ".ico")
SKIPPED_ENDPOINTS = {"static", "auth.logout", "public.service_worker"}

#: Codes and names that are the same in both languages.
ALLOWED_LATIN = {
    "pdf", "csv", "qr", "xlsx", "zip", "json", "id", "url", "https", "http", "www", "utf",
    "excel", "wps", "gbk", "gb", "english", "tab", "asia", "shanghai",
    "sha",  # SHA-256, the hash a draw's seed is published under (docs/draws.md)
}
ALLOWED_CJK = {"中文"}  # the language switcher names each language in itself
ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")
#: Not read as the interface's words: code, and a textarea's text (what a person typed or
#: will type: a certificate's Chinese wording is the certificate's, in any interface).
HIDDEN = ("script", "style", "template", "textarea")
#: Placeholders a person types into a pattern ({name}, {serial:04d}) are code, not words.
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(:[0-9a-z]+)?\}")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]+")
LATIN = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|\b[A-Za-z]\b")
PHRASE = re.compile(r"[A-Za-z][A-Za-z0-9'’ ,.:;()/%_-]*[A-Za-z0-9)]")


class _Visible(HTMLParser):
    """The text a reader sees (and assistive technology reads), and the links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in HIDDEN:
            self._hidden += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ATTRIBUTES:
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data)


def visible(html: str) -> tuple[str, list[str]]:
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return "\n".join(parts.strip() for parts in parser.parts), parser.links


def _is_code(value: str) -> bool:
    # a vocabulary name stored in a column ('trimmed_mean', 'once'): its label is what a
    # page must show, so the raw name is not data that may appear as it is
    return bool(re.fullmatch(r"[a-z][a-z0-9_]*", value))


def database_strings(db) -> list[str]:
    """Every short string value the database holds, longest first (a name that contains
    another name is taken out whole)."""
    found: set[str] = set()
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, (String, Text))
                   and not c.name.endswith(("hash", "token", "key", "snapshot", "secret"))]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)):
            for value in row:
                if not isinstance(value, str):
                    continue
                value = value.strip()
                if value and len(value) < 400 and not value.startswith(("{", "[")) \
                        and not _is_code(value):
                    found.add(value)
                    found.update(line.strip() for line in value.splitlines() if line.strip())
    return sorted(found, key=len, reverse=True)


def _data_pattern(strings: list[str]) -> re.Pattern:
    def one(value: str) -> str:
        escaped = re.escape(value)
        if value[0].isascii() and value[0].isalnum():
            escaped = r"(?<![A-Za-z0-9])" + escaped
        if value[-1].isascii() and value[-1].isalnum():
            escaped += r"(?![A-Za-z0-9])"
        return escaped
    return re.compile("|".join(one(s) for s in strings))


def offending(text: str, lang: str) -> list[str]:
    """Phrases of the wrong language in a page's visible text (data already removed)."""
    text = PLACEHOLDER.sub(" ", text)
    if lang == "en":
        return [m for m in CJK.findall(text) if m not in ALLOWED_CJK and CJK_WORD.search(m)]
    found = []
    for phrase in PHRASE.findall(text):
        words = [w for w in LATIN.findall(phrase) if w.lower() not in ALLOWED_LATIN
                 and not _allowed_token(w)]
        if words:
            found.append(phrase)
    return found


CJK_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _allowed_token(word: str) -> bool:
    # units of measure and single letters used as labels (A/B heats, ×) are not words
    return len(word) == 1


class Crawl:
    """Pages of one role in one language, a few per endpoint."""

    def __init__(self, app, client, lang: str, data: re.Pattern):
        self.app, self.client, self.lang, self.data = app, client, lang, data
        self.adapter = app.url_map.bind("localhost")
        self.seen_urls: set[str] = set()
        self.per_endpoint: dict[str, int] = defaultdict(int)
        self.problems: list[str] = []
        self.pages = 0

    def endpoint(self, url: str) -> str | None:
        parts = urlsplit(url)
        try:
            endpoint, _args = self.adapter.match(parts.path, method="GET")
        except HTTPException:
            return None
        return endpoint

    def wanted(self, url: str, skip_public: bool) -> str | None:
        parts = urlsplit(url)
        if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "localhost"):
            return None
        if parts.path.lower().endswith(DOWNLOADS) or "lang=" in parts.query:
            return None
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path in self.seen_urls:
            return None
        endpoint = self.endpoint(url)
        if endpoint is None or endpoint in SKIPPED_ENDPOINTS:
            return None
        if skip_public and endpoint.startswith("public."):
            return None
        if self.per_endpoint[endpoint] >= PER_ENDPOINT:
            return None
        return path

    def run(self, home: str, skip_public: bool) -> None:
        self.client.get(f"{home}?lang={self.lang}")
        queue = deque([home])
        while queue:
            url = queue.popleft()
            path = self.wanted(url, skip_public)
            if path is None:
                continue
            self.seen_urls.add(path)
            self.per_endpoint[self.endpoint(url)] += 1
            try:
                response = self.client.get(path)
            except Exception as error:  # a page that fails cannot be read in any language
                self.problems.append(f"{path}: fails with {error!r}"[:300])
                continue
            if response.status_code in (301, 302, 303, 307, 308):
                queue.append(urljoin(path, response.headers["Location"]))
                continue
            if response.status_code >= 500:
                self.problems.append(f"{path}: server error {response.status_code}")
                continue
            if response.mimetype != "text/html":
                continue
            self.pages += 1
            text, links = visible(response.get_data(as_text=True))
            for phrase in offending(self.data.sub(" ", text), self.lang):
                self.problems.append(f"{path}: {phrase!r}")
            queue.extend(urljoin(path, link) for link in links)


def crawl_all(app, lang: str) -> tuple[list[str], int]:
    """Every role's pages in one language: (phrases in the wrong language, pages read)."""
    from contests.extensions import db
    from contests.models import User
    from contests.services import sessions

    data = _data_pattern(database_strings(db))
    problems, pages = [], 0
    for username, home in ROLES:
        client = app.test_client()
        if username:  # a real server-side sign-in, as the `login` fixture does
            user = db.session.scalar(select(User).where(User.username == username))
            key = sessions.start(user, lifetime=timedelta(days=1)).key
            with client.session_transaction() as session:
                session["_user_id"], session["_fresh"] = key, True
        crawl = Crawl(app, client, lang, data)
        crawl.run(home, skip_public=username is not None)
        problems += [f"[{username or 'visitor'}] {p}" for p in crawl.problems]
        pages += crawl.pages
    return problems, pages


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    """The demo, loaded once on SQLite for both languages (the pages do not depend on the
    backend, and the crawl is the slow part: it runs once whatever TEST_DATABASE_URL is)."""
    from contests import create_app
    from contests.extensions import db
    from contests.services.demo.loader import load_all
    from tests.conftest import RequestIsolatingClient, _compile_translations

    _compile_translations()
    app = create_app({
        "TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": "localhost",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path_factory.mktemp('lang') / 'demo.db'}",
    })
    app.test_client_class = RequestIsolatingClient
    with app.app_context():
        db.create_all()
        load_all()
        db.session.expire_all()
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_every_page_is_wholly_in_one_language(demo_site, lang):
    problems, pages = crawl_all(demo_site, lang)
    assert pages > 100  # the crawl reached the pages of every role
    assert problems == [], f"{len(problems)} phrases in the wrong language:\n" + \
        "\n".join(problems[:200])


def test_the_checker_sees_what_a_reader_sees():
    text, links = visible(
        '<html><head><title>Results</title><script>var x = "hidden";</script>'
        '<style>p{color:red}</style></head><body><a href="/x" title="Open">名单</a>'
        '<input placeholder="Search"><img alt="Logo"></body></html>')
    assert links == ["/x"]
    assert set(text.split("\n")) == {"Results", "Open", "名单", "Search", "Logo"}
    assert offending(text, "zh_CN") == ["Results", "Open", "Search", "Logo"]
    assert offending("排名 UNION2026 PDF 第 3 名", "zh_CN") == ["UNION2026 PDF"]
    assert offending("下载 PDF、xlsx；编号格式 {code}-{serial:04d}", "zh_CN") == []
    assert visible("<p>证书</p><textarea>{name}同志</textarea>")[0] == "证书"
    assert offending(text, "en") == ["名单"]
    data = _data_pattern(["UNION2026", "张三", "A"])
    assert offending(data.sub(" ", "排名 UNION2026 张三 Awards PDF"), "zh_CN") == ["Awards PDF"]
