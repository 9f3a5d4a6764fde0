"""Judges' personal sign-in links (QR codes for tablets): a link signs its judge in, so
making one is account management, the administrator's."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import SignInLink
from ..organizer import loading
from ..refusals import NotFound
from ..services.judging import links
from . import bp

LINK_HOURS = (12, 24, 72, 168)


@bp.route("/users/<int:user_id>/links", methods=["GET", "POST"])
def user_links(user_id: int):
    user = loading.user(user_id)
    token = None
    if request.method == "POST":
        hours = request.form.get("hours", type=int)
        if user.role not in links.LINK_ROLES or hours not in LINK_HOURS:
            flash(_("Sign-in links are for judges, for 12 hours to 7 days."), "error")
        else:
            token = links.create(user, hours)
    link_url = url_for("auth.link", token=token, _external=True) if token else None
    return render_template("admin/user_links.html", user=user, link_url=link_url,
                           links=links.live_links(user), hours=LINK_HOURS)


@bp.route("/users/<int:user_id>/links/<int:link_id>/revoke", methods=["POST"])
def user_link_revoke(user_id: int, link_id: int):
    link = db.session.scalar(select(SignInLink).where(SignInLink.id == link_id,
                                                      SignInLink.user_id == user_id))
    if link is None:
        raise NotFound(_("There is no such sign-in link."))
    links.revoke(link)
    flash(_("The link no longer signs anyone in."), "success")
    return redirect(url_for("admin.user_links", user_id=user_id))
