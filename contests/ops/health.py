"""`GET /healthz` for load balancers, nginx and systemd watchdogs.

200 `{"status": "ok", "database": "ok", "queue": "n/a"}` after a trivial query
(`SELECT 1`) on a fresh connection; 503 with the same keys (the failing part says
"error", plus the error's class name, never its text: that may hold a URL with a password)
when the database or the queue fails.

The answer is given before any other request hook runs (see `answer_first`): no sign-in
lookup, no session or cookie, no HTTPS redirect (probes speak plain http to gunicorn), no
throttle. Security headers are still added.

The queue: `queue` is "n/a" until the job queue registers a check with
`register_queue_check(app, check)`; `check()` returns a short word ("ok", or e.g. "ok 3
waiting") or raises when the queue cannot be reached.
"""
import logging
from collections.abc import Callable

from flask import Blueprint, Flask, current_app, jsonify, request
from sqlalchemy import text

from ..extensions import db

bp = Blueprint("operations", __name__)
log = logging.getLogger(__name__)
QUEUE_CHECK = "contests.queue_check"  # app.extensions key of the queue's health check


def register_queue_check(app: Flask, check: Callable[[], str]) -> None:
    """The job queue's hook: `check()` answers "ok" (or a short status) or raises."""
    app.extensions[QUEUE_CHECK] = check


def _database() -> tuple[bool, dict]:
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1")).scalar_one()
    except Exception as error:  # any failure means "not healthy", whatever the driver
        log.warning("health check: database failed: %s", error)
        return False, {"database": "error", "database_error": type(error).__name__}
    return True, {"database": "ok"}


def _queue() -> tuple[bool, dict]:
    check = current_app.extensions.get(QUEUE_CHECK)
    if check is None:
        return True, {"queue": "n/a"}
    try:
        return True, {"queue": str(check() or "ok")}
    except Exception as error:
        log.warning("health check: queue failed: %s", error)
        return False, {"queue": "error", "queue_error": type(error).__name__}


@bp.route("/healthz")
def health():
    database_ok, body = _database()
    queue_ok, queue = _queue()
    body.update(queue)
    healthy = database_ok and queue_ok
    body["status"] = "ok" if healthy else "unavailable"
    response = jsonify(body)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response


def answer_first(app: Flask) -> None:
    """Answer /healthz before every other before_request hook (call this before the
    extensions add theirs): returning a response skips the hooks that follow."""

    @app.before_request
    def _health_before_everything():
        if request.endpoint == "operations.health" and request.method in ("GET", "HEAD"):
            return health()
        return None


def init_app(app: Flask) -> None:
    answer_first(app)
    app.register_blueprint(bp)
