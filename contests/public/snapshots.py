"""Published snapshots for public pages: read once per version (published.py), and whole
pages cached per version so a published page costs a dictionary lookup. The cache key holds the
version's id and status, so publishing again (or making a version final) changes it.

The page cache holds only what any visitor may see. A page is stored (and served from the
cache) only for a visitor who is not signed in and has no flashed message waiting; anyone else
gets a fresh, private page, so one visitor's name, sign-out token or message never reaches
another. (Rendering a shared page without the message area would need every template to know
about the cache, and the visitor would lose the message; the fresh page costs one render for a
rare request.) Anonymous visitors are served the version's published files before the view
runs (files.py: no database query); this cache is what answers when there is no file, and the
page it renders is stored as the file. Templates rendered through `cached_page` must not hold
forms (CSRF tokens are per visitor). The key is the version, the path and the language, never
the query string, so made-up query strings neither multiply nor evict pages; the cache is bounded in bytes
(PUBLIC_PAGE_CACHE_BYTES) and in entries (PAGES_MAX), least recently used first."""
import hashlib
import threading
from collections import OrderedDict
from datetime import UTC

from flask import abort, current_app, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import Contest
from ..services.results.publication import public_version
from ..services.results.published import Snapshot, read
from . import files

_PARSED: OrderedDict = OrderedDict()
_PAGES: OrderedDict[str, bytes] = OrderedDict()
_PAGES_LOCK = threading.Lock()
_page_bytes = 0
PARSED_MAX, PAGES_MAX = 16, 512


def _remember(cache: OrderedDict, key, value, limit: int):
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > limit:
        cache.popitem(last=False)
    return value


def version_key(version) -> tuple:
    """Identifies one published state: publishing again or making it final changes it."""
    return (version.id, version.status, version.published_at.isoformat())


def _caching() -> bool:
    return str(current_app.config.get("PUBLIC_PAGE_CACHE", True)).lower() not in ("0", "false")


def listed_contest(code: str) -> Contest:
    contest = db.session.scalar(select(Contest).where(Contest.code == code))
    if contest is None or not contest.is_listed:
        abort(404)
    return contest


def published(contest: Contest) -> tuple:
    """(version, Snapshot) of what the public may see; 404 when nothing is published."""
    version = public_version(contest)
    if version is None:
        abort(404)
    key = version_key(version)
    snapshot = _PARSED.get(key) if _caching() else None
    if snapshot is None:
        snapshot: Snapshot = _remember(_PARSED, key, read(version), PARSED_MAX)
    return version, snapshot


def _shareable() -> bool:
    """Nothing on the page would be this visitor's own: no account, no message waiting."""
    return not current_user.is_authenticated and not session.get("_flashes")


def cached_pages() -> int:
    return len(_PAGES)


def cached_bytes() -> int:
    return _page_bytes


def _stored(tag: str) -> bytes | None:
    with _PAGES_LOCK:
        body = _PAGES.get(tag)
        if body is not None:
            _PAGES.move_to_end(tag)
        return body


def _store(tag: str, body: bytes) -> None:
    global _page_bytes
    limit = int(current_app.config.get("PUBLIC_PAGE_CACHE_BYTES") or 0)
    if len(body) > limit:
        return
    with _PAGES_LOCK:
        _page_bytes -= len(_PAGES.pop(tag, b""))
        _PAGES[tag] = body
        _page_bytes += len(body)
        while _PAGES and (_page_bytes > limit or len(_PAGES) > PAGES_MAX):
            _page_bytes -= len(_PAGES.popitem(last=False)[1])


def cached_page(version, render):
    """Serve `render()` for this version with ETag / Last-Modified, from the page cache.
    Signed-in visitors, and visitors with a message waiting, get a fresh private page."""
    if request.environ.get(files.RENDERING):  # the published-files writer (files.py)
        body = render().encode()
        files.store(version, body)
        return make_response(body)
    if not _shareable() or not _caching():
        response = make_response(render())
        response.headers["Cache-Control"] = "private, no-store"
        return response
    moment = version.finalized_at or version.published_at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    # the language is the only thing beyond the path that changes a published page
    tag = hashlib.sha1(f"{version_key(version)}:{request.path}:{get_locale()}"
                       .encode()).hexdigest()[:20]
    if request.if_none_match.contains(tag):
        response = make_response("", 304)
    else:
        body = _stored(tag)
        if body is None:
            body = render().encode()
            _store(tag, body)
            files.store(version, body)  # the version's file, when it is not written yet
        response = make_response(body)
    response.set_etag(tag)
    response.last_modified = moment
    response.headers["Cache-Control"] = "public, max-age=60"
    response.vary.add("Cookie")  # the language may come from the session
    return response
