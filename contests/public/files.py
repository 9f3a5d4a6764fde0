"""Published pages as files: every public page of the version the public sees, in both
languages, written once as an immutable file with a gzip copy beside it; nginx serves them
straight from disk, and Flask serves the same files (200 and 304 without a database query)
when nginx is not in front.

Layout (PUBLISHED_DIR, default instance/published; see docs for the nginx side):

    published/.counter                         bumped on every change: workers forget
    published/<CODE>/current -> v<N>-<digest>  symlink, swapped atomically; absent when the
                                               contest has nothing public (or is unlisted)
    published/<CODE>/v<N>-<digest>/snapshot.json(.gz)      the version's snapshot
    published/<CODE>/v<N>-<digest>/complete                every page below was written
    published/<CODE>/v<N>-<digest>/<lang>/index.html(.gz)  /contests/<CODE>
        .../<lang>/stages/<id>/index.html                  /contests/<CODE>/stages/<id>
        .../<lang>/awards/index.html, titles/index.html
        .../<lang>/entries/<id>/index.html, delegations/<id>/index.html

so the page of `/contests/<CODE><rest>` in language `<lang>` is
`<CODE>/current/<lang><rest>/index.html`. `<digest>` covers the version (id, status,
moments, snapshot text), the contest's row (name, organizer ... as the pages show them) and
its valid certificates (entry pages link them): a version made final, or superseded, a
contest edited, a certificate issued or revoked, gets a new directory; nothing in a directory ever changes.

When pages are written: after the transaction that publishes, finalizes, corrects, reopens
a version or changes a contest commits (a session event, so every path is covered), the
contest's pages are written by a job on the job queue (contests/jobs.py; too long for the
publishing request, see below). Until the job has run, a page asked
for is rendered by its view as before and stored then (render-and-store on first request),
so the files and the views can never disagree: the job renders through the same views, in a
request to the application per page and language.

Who gets the files: anonymous visitors with no flashed message waiting (the page cache's
rule, snapshots.py). Those with no session or remember cookie and no ?lang= (the ones nginx
answers) are answered by `Front`, a WSGI middleware before Flask's request machinery; the
others by a before_request hook of the public blueprint (it reads the session for the
language). Neither queries the database once the version is known. A signed-in visitor
gets the dynamic page (their name and sign-out form are on it). The language is
i18n.select_locale's: ?lang= (remembered in the session), else the session's, else the
default. Search, objections, certificate look-ups, the bulletin PDF and the start page stay
dynamic: they are not in the layout.

Writing 2,070 pages of a 1,000-entry contest (both languages) took 8-12 s on the 2-core
benchmark machine (benchmarks/bench_public.py prints it): a job, not the request.

Which version is current is looked up in the database once per process and contest, and
forgotten when `.counter` changes (one stat() per request) or, with REDIS_URL set, when the
shared counter in Redis changes (read at most once a second per process), so several nodes
forget together. Under TESTING nothing is written unless PUBLISHED_DIR is set."""
from __future__ import annotations

import gzip
import hashlib
import logging
import os
import re
import shutil
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import (
    current_app,
    g,
    has_app_context,
    has_request_context,
    request,
    session,
)
from flask_babel import refresh
from flask_login import current_user
from sqlalchemy import event, func, inspect, select
from sqlalchemy.orm import Session
from werkzeug.http import http_date, parse_date, parse_etags
from werkzeug.middleware.proxy_fix import ProxyFix

from .. import jobs
from ..config import flag
from ..extensions import db
from ..i18n import select_locale
from ..models import Certificate, Contest, ResultVersion
from . import bp

log = logging.getLogger(__name__)

RENDERING = "contests.published.rendering"  # environ key of the writer's own requests
PAGE = re.compile(r"^/contests/(?P<code>[^/]+)"
                  r"(?P<rest>/(?:stages|entries|delegations)/[0-9]{1,9}|/awards|/titles)?$")
REDIS_KEY = "contests:published:counter"
TASK = "public.write_published"


@dataclass(frozen=True)
class Current:
    """What one contest's public pages are: the directory of its version, and when that
    version was published (or made final)."""

    folder: str  # absolute path of v<N>-<digest>
    name: str  # v<N>-<digest>
    moment: datetime


_CURRENT: dict[str, Current | None] = {}
_LOCK = threading.Lock()
_seen: tuple = ()
_redis_checked = 0.0
_redis_value: bytes | None = None
_DIGESTS: dict[tuple, str] = {}


# -- settings and layout ------------------------------------------------------------

def enabled(app=None) -> bool:
    app = app or current_app
    if app.config.get("PUBLISHED_DIR"):
        return True
    return not app.testing and flag(app.config.get("PUBLISHED_FILES", True))


def root(app=None) -> str:
    app = app or current_app
    return app.config.get("PUBLISHED_DIR") or os.path.join(app.instance_path, "published")


def _safe(code: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", code)) and ".." not in code


def _certificates(contest_id: int) -> tuple:
    """The contest's valid certificates, in brief: entry pages link them, so issuing or
    revoking one makes new pages."""
    return tuple(db.session.execute(select(func.count(), func.max(Certificate.id)).where(
        Certificate.contest_id == contest_id, Certificate.status == "valid")).one())


def folder_name(contest: Contest, version: ResultVersion) -> str:
    key = (version.id, version.status, version.published_at, version.finalized_at,
           tuple(getattr(contest, c.key) for c in Contest.__table__.columns),
           len(version.snapshot or ""), _certificates(contest.id))
    digest = _DIGESTS.get(key)
    if digest is None:
        text = "|".join(str(x) for x in key) + "|" + (version.snapshot or "")
        digest = _DIGESTS[key] = hashlib.sha1(text.encode()).hexdigest()[:12]
        while len(_DIGESTS) > 256:
            _DIGESTS.pop(next(iter(_DIGESTS)))
    return f"v{version.number}-{digest}"


def page_file(folder: str, lang: str, rest: str) -> str:
    return os.path.join(folder, lang, *[p for p in rest.split("/") if p], "index.html")


def _moment(version: ResultVersion) -> datetime:
    moment = version.finalized_at or version.published_at
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _write(path: str, body: bytes) -> None:
    """The file and its .gz copy, each replaced atomically."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    for target, data in ((path + ".gz", gzip.compress(body, 9, mtime=0)), (path, body)):
        temporary = f"{target}.{os.getpid()}.{threading.get_ident()}.tmp"
        with open(temporary, "wb") as out:
            out.write(data)
        os.replace(temporary, target)


# -- which version is current (no database query once known) ---------------------------

def _counter_path(app=None) -> str:
    return os.path.join(root(app), ".counter")


def _redis(app=None):
    app = app or current_app
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    client = app.extensions.get("contests_published_redis")
    if client is None or client[0] != url:
        import redis

        client = app.extensions["contests_published_redis"] = (
            url, redis.Redis.from_url(url, socket_timeout=0.5))
    return client[1]


def _forget_if_changed(app=None) -> None:
    """Forget every contest's current version when another process (or node) said so."""
    global _seen, _redis_checked, _redis_value
    try:
        info = os.stat(_counter_path(app))
        seen: tuple = (info.st_mtime_ns, info.st_size, info.st_ino)
    except FileNotFoundError:
        seen = (0,)
    client = _redis(app)
    if client is not None:
        now = time.monotonic()
        if now - _redis_checked >= 1.0:
            _redis_checked = now
            try:
                _redis_value = client.get(REDIS_KEY)
            except Exception:  # Redis away: the local counter still works
                log.warning("published pages: Redis counter unreadable", exc_info=True)
        seen += (_redis_value,)
    if seen != _seen:
        with _LOCK:
            _CURRENT.clear()
            _seen = seen


def forget() -> None:
    """Every process forgets what it knows of current versions (called after a change)."""
    global _seen
    path = _counter_path()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
    with open(temporary, "w") as out:
        out.write(f"{time.time_ns()}\n")
    os.replace(temporary, path)
    client = _redis()
    if client is not None:
        try:
            client.incr(REDIS_KEY)
        except Exception:
            log.warning("published pages: Redis counter not raised", exc_info=True)
    with _LOCK:
        _CURRENT.clear()
        _seen = ()


def _lookup(code: str) -> Current | None:
    from ..services.results.publication import public_version

    contest = db.session.scalar(select(Contest).where(Contest.code == code))
    if contest is None or not contest.is_listed:
        return None
    version = public_version(contest)
    if version is None:
        return None
    name = folder_name(contest, version)
    return Current(os.path.join(root(), code, name), name, _moment(version))


def current(code: str, app=None) -> Current | None:
    """The contest's public version as files (None: nothing public, or unlisted): from
    this process's map, else looked up (in an application context of its own when
    `app` is given)."""
    _forget_if_changed(app)
    if code in _CURRENT:
        return _CURRENT[code]
    if app is None:
        found = _lookup(code)
    else:
        with app.app_context():
            found = _lookup(code)
    with _LOCK:
        _CURRENT[code] = found
    return found


# -- serving ----------------------------------------------------------------------------

def _anonymous() -> bool:
    """Nothing on the page would be this visitor's own (snapshots._shareable): looked at
    without loading a user when there is no sign-in in the session or cookie."""
    if session.get("_flashes"):
        return False
    if "_user_id" not in session and current_app.config.get(
            "REMEMBER_COOKIE_NAME", "remember_token") not in request.cookies:
        return True
    return not current_user.is_authenticated


def _etag(page: Current, lang: str, rest: str) -> str:
    return hashlib.sha1(f"{page.name}/{lang}{rest}".encode()).hexdigest()[:20]


def _answer(asked, page: Current, lang: str, rest: str, response_class):
    """The file's answer to the request `asked` (a werkzeug Request): 304 when the visitor
    has it (If-None-Match, else If-Modified-Since), else the file (gzipped when accepted);
    None when the page has no file yet."""
    path = page_file(page.folder, lang, rest)
    gzipped = "gzip" in asked.accept_encodings
    tag = _etag(page, lang, rest)
    if asked.if_none_match.contains(tag) or asked.if_none_match.contains(tag + "z") or (
            not asked.if_none_match and asked.if_modified_since is not None
            and page.moment.replace(microsecond=0) <= asked.if_modified_since):
        if not os.path.exists(path):
            return None
        response = response_class(b"", 304)
    else:
        body = _read(path + ".gz" if gzipped else path, current_app.config)
        if body is None:
            return None  # not written yet: the view renders it and stores it
        response = response_class(body, content_type="text/html; charset=utf-8")
        if gzipped:
            response.headers["Content-Encoding"] = "gzip"
    response.set_etag(tag + "z" if gzipped else tag)
    response.last_modified = page.moment
    response.headers["Cache-Control"] = "public, max-age=60"
    response.headers["Vary"] = "Accept-Encoding, Cookie"
    return response


@bp.before_request
def serve_file():
    """Answer a published page from its file when there is one (else the view runs, and
    stores it). Visitors with no cookie and no ?lang= were answered by `Front` already."""
    if request.environ.get(RENDERING):
        # the writer's requests share its application context: nothing of the previous
        # page (its language, a loaded user) may carry over to this one
        refresh()
        g.pop("_login_user", None)
        return None
    if request.method not in ("GET", "HEAD"):
        return None
    match = PAGE.match(request.path)
    if match is None or not enabled() or not _safe(match["code"]) or not _anonymous():
        return None
    page = current(match["code"])
    if page is None:
        return None
    return _answer(request, page, select_locale(), match["rest"] or "",
                   current_app.response_class)


class Front:
    """WSGI middleware answering, before Flask's request machinery (sessions, throttles,
    sign-in), the visitors nginx would answer: GET or HEAD of a published page with no
    session or remember cookie and no ?lang= (so: the default language, nobody signed in,
    no message waiting). The answer carries the same security headers as any page (taken
    once per scheme from the application's own after-request hooks). Anything else, or a
    page with no file yet, goes on to Flask."""

    def __init__(self, app, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app
        self.headers: dict[str, list] = {}

    def security_headers(self, scheme: str) -> list:
        found = self.headers.get(scheme)
        if found is None:
            with self.app.test_request_context("/", base_url=f"{scheme}://localhost/"):
                response = self.app.process_response(self.app.response_class(b""))
            skip = {"content-type", "content-length", "set-cookie", "vary"}
            found = self.headers[scheme] = [(k, v) for k, v in response.headers.items()
                                            if k.lower() not in skip]
        return found

    def __call__(self, environ, start_response):
        answer = None
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD") and not environ.get(RENDERING):
            match = PAGE.match(environ.get("PATH_INFO") or "")
            if match is not None and _safe(match["code"]):
                answer = self.answer(environ, match)
        if answer is None:
            return self.wsgi_app(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def answer(self, environ, match) -> tuple | None:
        """(status, headers, body) from the file, or None: Flask answers."""
        app, config = self.app, self.app.config
        cookies = environ.get("HTTP_COOKIE", "")
        if "lang=" in environ.get("QUERY_STRING", "") or (cookies and (
                config.get("SESSION_COOKIE_NAME", "session") + "=" in cookies
                or config.get("REMEMBER_COOKIE_NAME", "remember_token") + "=" in cookies)):
            return None  # maybe a language chosen, a sign-in, a message: Flask looks
        scheme = environ.get("wsgi.url_scheme", "http")
        if scheme != "https" and flag(config.get("FORCE_HTTPS")):
            return None  # redirected to https by Flask
        if not enabled(app):
            return None
        page = current(match["code"], app)
        if page is None:
            return None
        lang, rest = config["BABEL_DEFAULT_LOCALE"], match["rest"] or ""
        path = page_file(page.folder, lang, rest)
        gzipped = "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "")
        tag = _etag(page, lang, rest) + ("z" if gzipped else "")
        headers = [("ETag", f'"{tag}"'), ("Last-Modified", http_date(page.moment)),
                   ("Cache-Control", "public, max-age=60"),
                   ("Vary", "Accept-Encoding, Cookie")]
        headers += self.security_headers(scheme)
        if _unchanged(environ, tag, page.moment):
            if not os.path.exists(path):
                return None
            return "304 NOT MODIFIED", headers, b""
        body = _read(path + ".gz" if gzipped else path, config)
        if body is None:
            return None
        headers += [("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(body)))]
        if gzipped:
            headers.append(("Content-Encoding", "gzip"))
        if flag(config.get("JSON_LOGS")):
            logging.getLogger("contests.request").info(
                "%s %s %s", environ["REQUEST_METHOD"], environ.get("PATH_INFO"), 200,
                extra={"status": 200, "duration_ms": None,
                       "remote_addr": environ.get("REMOTE_ADDR")})
        return "200 OK", headers, body


def _unchanged(environ, tag: str, moment: datetime) -> bool:
    """The visitor has this page: If-None-Match names it (either encoding), or, without
    If-None-Match, If-Modified-Since is not older than the version."""
    matches = environ.get("HTTP_IF_NONE_MATCH")
    if matches:
        etags = parse_etags(matches)
        return etags.contains(tag) or etags.contains(tag.removesuffix("z"))
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since:
        when = parse_date(since)
        return when is not None and moment.replace(microsecond=0) <= when
    return False


_BYTES: OrderedDict[str, bytes] = OrderedDict()
_bytes_total = 0


def _read(path: str, config) -> bytes | None:
    """A published file's bytes, kept in memory (files never change: a new version is a
    new directory), least recently used out beyond PUBLIC_PAGE_CACHE_BYTES."""
    global _bytes_total
    body = _BYTES.get(path)
    if body is not None:
        return body
    try:
        with open(path, "rb") as found:
            body = found.read()
    except FileNotFoundError:
        return None  # not written yet: the view renders it and stores it
    limit = int(config.get("PUBLIC_PAGE_CACHE_BYTES") or 0)
    with _LOCK:
        if len(body) <= limit and path not in _BYTES:
            _BYTES[path] = body
            _bytes_total += len(body)
            while _bytes_total > limit:
                _bytes_total -= len(_BYTES.popitem(last=False)[1])
    return body


@bp.record_once
def _install_front(state) -> None:
    """Put `Front` in front of the application (inside ProxyFix, which sets the scheme and
    the visitor's address first)."""
    app = state.app
    outer = app.wsgi_app
    if isinstance(outer, ProxyFix):
        outer.app = Front(app, outer.app)
    else:
        app.wsgi_app = Front(app, outer)


def store(version: ResultVersion, body: bytes) -> None:
    """Keep a page the view just rendered for an anonymous visitor as the version's file
    (called by snapshots.cached_page)."""
    match = PAGE.match(request.path)
    if match is None or not enabled() or not _safe(match["code"]):
        return
    contest = db.session.get(Contest, version.contest_id)
    if contest is None or not contest.is_listed:
        return
    folder = os.path.join(root(), match["code"], folder_name(contest, version))
    path = page_file(folder, select_locale(), match["rest"] or "")
    if request.environ.get(RENDERING) or not os.path.exists(path):
        _write(path, body)


# -- writing every page of a version --------------------------------------------------

def page_paths(snapshot) -> list[str]:
    """The `rest` of every public page of a snapshot (after /contests/<CODE>)."""
    from .delegations import delegations

    rests = ["", "/awards", "/titles"]
    rests += [f"/stages/{stage.id}" for stage in snapshot.stages]
    entries = dict.fromkeys(row.entry_id for _stage, _group, row in snapshot.standings())
    rests += [f"/entries/{entry_id}" for entry_id in entries]
    rests += [f"/delegations/{delegation_id}" for delegation_id, _name in delegations(snapshot)]
    return rests


def _point(code: str, name: str | None) -> None:
    """Swap <CODE>/current to `name` (None: remove it); older directories go."""
    base = os.path.join(root(), code)
    link = os.path.join(base, "current")
    if name is None:
        if os.path.lexists(link):
            os.remove(link)
        return
    temporary = f"{link}.{os.getpid()}.tmp"
    if os.path.lexists(temporary):
        os.remove(temporary)
    previous = os.readlink(link) if os.path.islink(link) else None
    os.symlink(name, temporary)
    os.replace(temporary, link)
    for other in os.listdir(base):  # keep the new and the one before (readers finishing)
        if other.startswith("v") and other not in (name, previous):
            shutil.rmtree(os.path.join(base, other), ignore_errors=True)


def write_contest(contest_id: int, base_url: str = "http://localhost/") -> int:
    """Write every public page of the contest's public version, both languages, then point
    <CODE>/current at them; remove the pointer when nothing is public. Returns the number
    of files written (pages, not counting .gz)."""
    from ..services.results.publication import public_version
    from ..services.results.published import read

    contest = db.session.get(Contest, contest_id)
    if contest is None or not _safe(contest.code):
        return 0
    version = public_version(contest) if contest.is_listed else None
    if version is None:
        if os.path.isdir(os.path.join(root(), contest.code)):
            _point(contest.code, None)
        return 0
    name = folder_name(contest, version)
    folder = os.path.join(root(), contest.code, name)
    if os.path.exists(os.path.join(folder, "complete")):
        _point(contest.code, name)
        return 0
    snapshot = read(version)
    _write(os.path.join(folder, "snapshot.json"), (version.snapshot or "").encode())
    client = current_app.test_client()
    written = 0
    for lang in current_app.config["LANGUAGES"]:
        for rest in page_paths(snapshot):
            response = client.get(f"/contests/{contest.code}{rest}", base_url=base_url,
                                  query_string={"lang": lang},
                                  environ_overrides={RENDERING: True})
            if response.status_code == 200:
                written += 1
            else:
                log.warning("published pages: %s%s (%s) answered %s", contest.code, rest,
                            lang, response.status_code)
    with open(os.path.join(folder, "complete"), "w") as out:
        out.write(f"{written}\n")
    _point(contest.code, name)
    forget()
    return written


@jobs.task(TASK)
def _write_job(contest_id: int, base_url: str) -> None:
    write_contest(contest_id, base_url)


# -- after a change commits -----------------------------------------------------------

def _base_url() -> str:
    configured = current_app.config.get("PUBLIC_URL")
    if configured:
        return configured.rstrip("/") + "/"
    return request.host_url if has_request_context() else "http://localhost/"


@event.listens_for(Session, "after_flush")
def _note_changes(session, _context) -> None:
    touched = session.info.setdefault("published_contests", set())
    for item in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(item, Certificate) and item in session.dirty and not inspect(
                item).attrs.status.history.has_changes():
            continue  # a certificate's file rendered, or the like: its pages are the same
        if isinstance(item, (ResultVersion, Certificate)) and item.contest_id is not None:
            touched.add(item.contest_id)
        elif isinstance(item, Contest) and item.id is not None and (
                item in session.deleted or session.is_modified(item)):
            touched.add(item.id)
    if not touched:
        session.info.pop("published_contests", None)


@event.listens_for(Session, "after_rollback")
def _drop_changes(session) -> None:
    session.info.pop("published_contests", None)


@event.listens_for(Session, "after_commit")
def _after_commit(session) -> None:
    touched = session.info.pop("published_contests", None)
    if not touched or not has_app_context() or not enabled():
        return
    try:
        forget()
        base_url = _base_url()
        for contest_id in sorted(touched):
            jobs.enqueue(TASK, contest_id, base_url)
    except Exception:  # the change is committed; pages are then rendered on request
        log.exception("published pages: writing not scheduled")
