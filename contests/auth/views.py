import secrets
from functools import cache
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from .. import throttle
from ..extensions import db
from ..models import User
from ..services.judging import links
from . import bp
from .forms import LinkForm, LoginForm
from .loading import sign_in, sign_out
from .roles import JUDGES, home_for


def _home_for(user) -> str:
    return home_for(user)


def _safe_next(target: str | None) -> str | None:
    """Only a local path: an open redirect would let a phishing link borrow our login.
    Browsers drop tabs and newlines and read "\\" as "/", so "/\t/evil.example" and
    "/\\evil.example" both mean "//evil.example": anything with them is refused."""
    if not target or not target.startswith("/") or len(target) > 2000:
        return None
    if any(ord(ch) < 0x21 or ch == "\\" for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return None
    return target


@cache
def _dummy_hash() -> str:
    """A hash made the way real ones are, of a password nobody knows."""
    return generate_password_hash(secrets.token_urlsafe(16))


def _password_matches(user, password: str) -> bool:
    """One password check whatever the name: an unknown or inactive account costs the same
    hashing as a known one, so timing does not tell which names exist."""
    stored = user.password_hash if user is not None else _dummy_hash()
    return check_password_hash(stored, password) and user is not None and user.active


@bp.route("/login", methods=["GET", "POST"])
@throttle.sign_in
def login():
    if current_user.is_authenticated:
        return redirect(_home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.username == form.username.data.strip()))
        if _password_matches(user, form.password.data):
            sign_in(user, remember=bool(form.remember.data))
            session["sid"] = secrets.token_hex(6)  # names this sign-in in the audit trail
            return redirect(_safe_next(request.args.get("next")) or _home_for(user))
        throttle.wrong_password()
        flash(_("Wrong username or password."), "error")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    # This browser's sign-in ends (its cookies die wherever they were copied);
    # with everywhere=1 every sign-in of the account, on every device.
    sign_out(everywhere=request.form.get("everywhere") == "1")
    flash(_("You have signed out."), "info")
    return redirect(url_for("public.index"))


@bp.route("/link/<token>", methods=["GET", "POST"])
def link(token: str):
    """A personal sign-in link (a judge's from a QR code, a delegation leader's). GET
    asks, POST signs in, so a link preview or prefetch cannot use it up or sign anyone in."""
    found = links.resolve(token)
    if found is None:
        return render_template("auth/link_invalid.html"), 404
    form = LinkForm()
    if form.validate_on_submit():
        sign_out()
        sign_in(found.user, remember=True, link=found)  # revoking the link ends it
        session["sid"] = secrets.token_hex(6)
        links.used(found)
        return redirect(_home_for(found.user))
    # Judges mark on the venue's tablets; delegation leaders open their link on a phone.
    return render_template("auth/link.html", form=form, user=found.user,
                           on_tablet=found.user.role in JUDGES)
