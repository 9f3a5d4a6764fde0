"""Flask-Login wiring: how a request finds its sign-in, and how sign-ins begin and end.

Flask-Login keeps `User.get_id()` in the session cookie and the remember cookie; here that
is the key of a server-side sign-in (contests.services.sessions), never the account id, so
the server can end a sign-in and every copy of its cookies stops working ("alternative
tokens" in Flask-Login's documentation). Logout ends the browser's own sign-in (its
session and remember cookie, wherever copied); "everywhere" ends all the account's.
The sign-in is loaded before every request (not lazily mid-view), so marking it as seen
or ended commits nothing of the view's."""
from datetime import timedelta

from flask import current_app, flash, g, jsonify, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user, user_loaded_from_cookie
from flask_login.utils import login_url

from ..config import flag
from ..extensions import login_manager
from ..services import sessions as sign_ins
from . import bp

REMEMBER_COOKIE = "remember_token"  # Flask-Login's default name



def _limits() -> sign_ins.Limits:
    config = current_app.config
    idle = int(config.get("JUDGE_IDLE_MINUTES") or 0)
    return sign_ins.Limits(lifetime=timedelta(days=int(config.get("SIGN_IN_DAYS") or 14)),
                           judge_idle=timedelta(minutes=idle) if idle > 0 else None)


def _cookie_name() -> str:
    return current_app.config.get("REMEMBER_COOKIE_NAME", REMEMBER_COOKIE)


def init_login(manager) -> None:
    manager.login_view = "auth.login"
    manager.login_message = _l("Please sign in to open this page.")
    manager.login_message_category = "info"
    manager.user_loader(_load)
    manager.unauthorized_handler(_unauthorized)
    user_loaded_from_cookie.connect(_rotate_remember_cookie)


@bp.record_once
def _configure(state) -> None:
    """The remember cookie lives as long as a sign-in; both cookies are Secure under HTTPS."""
    config = state.app.config
    config["REMEMBER_COOKIE_DURATION"] = timedelta(days=int(config.get("SIGN_IN_DAYS") or 14))
    secure = config.get("SECURE_COOKIES")
    if secure is None or secure == "":
        secure = flag(config.get("FORCE_HTTPS")) or \
            config.get("PREFERRED_URL_SCHEME") == "https"
    if flag(secure):
        config["SESSION_COOKIE_SECURE"] = True
        config["REMEMBER_COOKIE_SECURE"] = True


def _load(key: str):
    found = sign_ins.resume(key, _limits())
    if found.row is None:
        if found.ended:
            g.sign_in_ended = found.ended
        return None
    row = found.row
    user = row.user
    user.sign_in, user.sign_in_key, user.sign_in_presented = row, row.key, key
    if key != row.key:  # a key rotated away moments ago: move this browser to the new one
        session["_user_id"] = row.key
        if row.remember:
            session["_remember"] = "set"
    return user


def _rotate_remember_cookie(sender, user, **extra) -> None:
    """The remember cookie signed this browser in again: it gets a new value."""
    row = getattr(user, "sign_in", None)
    if row is None or user.sign_in_presented != row.key:
        return
    user.sign_in_key = sign_ins.rotate(row)
    session["_user_id"] = user.sign_in_key
    session["_remember"] = "set"


@bp.before_app_request
def _load_sign_in():
    """Find the sign-in first, at a clean point of the request; forget dead cookies."""
    if request.endpoint == "static":
        return
    if current_user.is_authenticated:
        return
    if "_user_id" in session:
        session.pop("_user_id")
        session.pop("_fresh", None)
    if _cookie_name() in request.cookies:
        session["_remember"] = "clear"


def _wants_json() -> bool:
    return request.is_json or "/api/" in request.path


def _unauthorized():
    if g.get("sign_in_ended") == "idle":
        message = _("You were signed out after %(minutes)s minutes without activity. "
                    "Please sign in again.",
                    minutes=current_app.config.get("JUDGE_IDLE_MINUTES"))
    else:
        message = str(login_manager.login_message)
    if _wants_json():
        return jsonify(ok=False, error="signed_out", message=_(
            "You are signed out. Sign in again; the changes waiting on this tablet are "
            "kept and sent once you are back."), sign_in=_("Sign in"),
            login=url_for(login_manager.login_view)), 401
    flash(message, login_manager.login_message_category)
    return redirect(login_url(login_manager.login_view, next_url=request.url))


def sign_in(user, *, remember: bool = False, link=None) -> bool:
    """Start a sign-in for `user` in this browser (opened by the sign-in `link`, if any)."""
    row = sign_ins.start(user, remember=remember, link=link, lifetime=_limits().lifetime)
    user.sign_in, user.sign_in_key, user.sign_in_presented = row, row.key, row.key
    if login_user(user, remember=remember):
        return True
    sign_ins.end(row.key)
    return False


def sign_out(*, everywhere: bool = False) -> None:
    """End this browser's sign-in, or with `everywhere` all of the account's."""
    if everywhere and current_user.is_authenticated:
        sign_ins.end_all(current_user._get_current_object())
    elif session.get("_user_id"):
        sign_ins.end(session["_user_id"])
    logout_user()


def renew_after_own_password_change(user) -> None:
    """A person who changed their own password stays signed in here (and only here): call
    after committing the change, in the request that made it."""
    remember = bool(getattr(getattr(user, "sign_in", None), "remember", False))
    sign_in(user, remember=remember)
