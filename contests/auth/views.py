import secrets
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from ..extensions import db
from ..models import User
from ..services.judging import links
from . import bp
from .forms import LinkForm, LoginForm


def _home_for(user) -> str:
    return url_for("organizer.index") if user.is_organizer else url_for("judging.index")


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


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.username == form.username.data.strip()))
        if user and user.active and user.check_password(form.password.data):
            login_user(user, remember=form.remember.data)
            session["sid"] = secrets.token_hex(6)  # names this sign-in in the audit trail
            return redirect(_safe_next(request.args.get("next")) or _home_for(user))
        flash(_("Wrong username or password."), "error")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("public.index"))


@bp.route("/link/<token>", methods=["GET", "POST"])
def link(token: str):
    """A judge's personal sign-in link (from a QR code). GET asks, POST signs in, so a
    link preview or prefetch cannot use it up or sign anyone in."""
    found = links.resolve(token)
    if found is None:
        return render_template("auth/link_invalid.html"), 404
    form = LinkForm()
    if form.validate_on_submit():
        logout_user()
        login_user(found.user, remember=True)
        session["sid"] = secrets.token_hex(6)
        links.used(found)
        return redirect(url_for("judging.index"))
    return render_template("auth/link.html", form=form, user=found.user)
