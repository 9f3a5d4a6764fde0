"""Who runs which contest: every contest with its organizers; add or remove one."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import Contest
from ..organizer import loading
from ..refusals import Invalid, NotFound
from ..responses import back_to
from ..services import accounts
from ..web_input import MAX_ID
from . import bp


def _contest(contest_id: int) -> Contest:
    found = db.session.get(Contest, contest_id) if 0 < contest_id <= MAX_ID else None
    if found is None:
        raise NotFound(_("There is no such contest."))
    return found


@bp.route("/contests/")
def contests():
    found = db.session.scalars(select(Contest).order_by(Contest.year.desc(),
                                                        Contest.name)).all()
    return render_template("admin/contests.html", contests=found,
                           members={c.id: accounts.members(c) for c in found})


@bp.route("/contests/<int:contest_id>/members", methods=["GET", "POST"])
def members(contest_id: int):
    contest = _contest(contest_id)
    if request.method == "POST":
        back_to(url_for("admin.members", contest_id=contest.id))
        user_id = request.form.get("user_id", type=int) or 0
        if not 0 < user_id <= MAX_ID:
            raise Invalid(_("Choose an organizer."), code="no_user")
        user = loading.user(user_id)
        accounts.add_member(contest, user, actor=current_user)
        flash(_("%(name)s now runs this contest.", name=user.display_name), "success")
        return redirect(url_for("admin.members", contest_id=contest.id))
    return render_template("admin/members.html", contest=contest,
                           members=accounts.members(contest),
                           candidates=accounts.organizers_outside(contest))


@bp.route("/contests/<int:contest_id>/members/<int:user_id>/remove", methods=["POST"])
def member_remove(contest_id: int, user_id: int):
    contest = _contest(contest_id)
    back = back_to(url_for("admin.members", contest_id=contest.id))
    user = loading.user(user_id)
    accounts.remove_member(contest, user, actor=current_user)
    flash(_("%(name)s no longer runs this contest.", name=user.display_name), "success")
    return redirect(back)
