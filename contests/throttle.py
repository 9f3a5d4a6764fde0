"""Throttling with Flask-Limiter: sign-in per account and per address, and the public forms
anyone may send (objections, certificate look-ups and verification), per address.

Counts are shared by every worker: in the database (contests/ratelimit_storage.py,
`contestsdb://`) by default, in Redis when `REDIS_URL` (CONTESTS_REDIS_URL) or
`RATELIMIT_STORAGE_URI` is set. Limits are settings (contests/config.py), read at each request.
A refused request answers 429 with a page in the visitor's language saying when to try again;
the view does not run, so a refused sign-in checks no password.

Addresses are `request.remote_addr`: behind a reverse proxy, the application must be told to
trust its X-Forwarded-For (ProxyFix), or every visitor shares the proxy's address."""
import hashlib
import math
from datetime import timedelta

from flask import current_app, g, render_template, request
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address

from .extensions import limiter


def init_app(app) -> None:
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = app.config.get("REDIS_URL") or "contestsdb://"
    from . import ratelimit_storage  # noqa: F401  (registers contestsdb://)

    limiter.init_app(app)
    app.register_error_handler(429, too_many)


def _setting(name: str):
    return lambda: current_app.config[name]


def _account() -> str:
    """The username tried, hashed: the table never holds what was typed (people type
    passwords into the username field)."""
    name = (request.form.get("username") or "").strip()
    return "account:" + hashlib.sha256(name.encode()).hexdigest()[:32]


def wrong_password() -> None:
    """The login view calls this when a sign-in failed: only failures count per account."""
    g.wrong_password = True


def sign_in(view):
    """Per account: wrong passwords for one username, from any address. Per address: every
    attempt, whatever the name, so one client cannot keep the password hashing busy."""
    view = limiter.limit(_setting("LOGIN_LIMIT_PER_ACCOUNT"), key_func=_account,
                         methods=["POST"], scope="sign-in-account",
                         deduct_when=lambda _response: g.get("wrong_password", False))(view)
    return limiter.limit(_setting("LOGIN_LIMIT_PER_ADDRESS"), key_func=get_remote_address,
                         methods=["POST"], scope="sign-in-address")(view)


objection = limiter.limit(_setting("OBJECTION_LIMIT"), methods=["POST"], scope="objection")
# verification by token, look-up by number and the holder's PDF draw on one allowance
certificates = limiter.shared_limit(_setting("CERTIFICATE_LOOKUP_LIMIT"), scope="certificates")


def too_many(error):
    from .ratelimit_storage import now

    current = limiter.current_limit
    seconds = max(1, math.ceil(current.reset_at - now())) if current else 60
    when = format_timedelta(timedelta(seconds=seconds), add_direction=True)
    if request.endpoint == "auth.login":
        message = _("Too many sign-in attempts. Try again %(when)s.", when=when)
    else:
        message = _("Too many requests. Try again %(when)s.", when=when)
    response = current_app.make_response(
        (render_template("error.html", code=429, message=message), 429))
    response.headers["Retry-After"] = str(seconds)
    response.headers["Cache-Control"] = "no-store"
    return response
