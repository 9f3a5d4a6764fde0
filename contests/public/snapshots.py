"""Published snapshots for public pages: read once per version (published.py), and whole
pages cached per version so a published page costs a dictionary lookup. The cache key holds the
version's id and status, so publishing again (or making a version final) changes it."""
import hashlib
from collections import OrderedDict
from datetime import UTC

from flask import abort, current_app, make_response, request
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import Contest
from ..services.results.publication import public_version
from ..services.results.published import Snapshot, read

_PARSED: OrderedDict = OrderedDict()
_PAGES: OrderedDict = OrderedDict()
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


def cached_page(version, render):
    """Serve `render()` for this version with ETag / Last-Modified, from the page cache.
    Signed-in visitors get a fresh page: theirs shows their name and a sign-out token."""
    if current_user.is_authenticated or not _caching():
        response = make_response(render())
        response.headers["Cache-Control"] = "private, no-store"
        return response
    moment = version.finalized_at or version.published_at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    tag = hashlib.sha1(f"{version_key(version)}:{request.full_path}:{get_locale()}"
                       .encode()).hexdigest()[:20]
    if request.if_none_match.contains(tag):
        response = make_response("", 304)
    else:
        body = _PAGES.get(tag)
        if body is None:
            body = _remember(_PAGES, tag, render(), PAGES_MAX)
        response = make_response(body)
    response.set_etag(tag)
    response.last_modified = moment
    response.headers["Cache-Control"] = "public, max-age=60"
    response.vary.add("Cookie")  # the language may come from the session
    return response
