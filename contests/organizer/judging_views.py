"""Organizer views of judging: progress across all panels, the marking audit trail,
conflicts on each panel with substitutes, and judges' personal sign-in links."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import Panel, SignInLink
from ..refusals import NotFound
from ..services.judging import access, links, progress
from ..services.judging.trail import contest_trail
from . import bp, loading
from .specs import RESOURCES

LINK_HOURS = (12, 24, 72, 168)


@bp.route("/contests/<int:contest_id>/judging")
def judging_progress(contest_id: int):
    contest = loading.contest(contest_id)
    return render_template("organizer/judging_progress.html", contest=contest,
                           panels=progress.contest_progress(contest.id))


@bp.route("/contests/<int:contest_id>/judging/audit")
def judging_audit(contest_id: int):
    contest = loading.contest(contest_id)
    judge_id = request.args.get("judge", type=int)
    return render_template("organizer/judging_audit.html", contest=contest,
                           rows=contest_trail(contest.id, judge_id=judge_id,
                                              entry_id=request.args.get("entry", type=int)))


@bp.route("/contests/<int:contest_id>/panels/<int:obj_id>/conflicts")
def panel_conflicts(contest_id: int, obj_id: int):
    contest = loading.contest(contest_id)
    panel = loading.in_contest(Panel, obj_id, contest, RESOURCES["panels"].contest_id_of)
    affected = access.affected_by_conflicts(panel)
    judges = {m.user_id: m.user for m in panel.judges}
    return render_template("organizer/panel_conflicts.html", contest=contest, panel=panel,
                           affected=affected, judges=judges,
                           substitutes={uid: access.substitutes(panel, entries)
                                        for uid, entries in affected.items()})


@bp.route("/users/<int:user_id>/links", methods=["GET", "POST"])
def user_links(user_id: int):
    user = loading.user(user_id)
    token = None
    if request.method == "POST":
        hours = request.form.get("hours", type=int)
        if user.role not in ("judge", "chief_judge") or hours not in LINK_HOURS:
            flash(_("Sign-in links are for judges, for 12 hours to 7 days."), "error")
        else:
            token = links.create(user, hours)
    link_url = url_for("auth.link", token=token, _external=True) if token else None
    return render_template("organizer/user_links.html", user=user, link_url=link_url,
                           links=links.live_links(user), hours=LINK_HOURS)


@bp.route("/users/<int:user_id>/links/<int:link_id>/revoke", methods=["POST"])
def user_link_revoke(user_id: int, link_id: int):
    link = db.session.scalar(select(SignInLink).where(SignInLink.id == link_id,
                                                      SignInLink.user_id == user_id))
    if link is None:
        raise NotFound(_("There is no such sign-in link."))
    links.revoke(link)
    flash(_("The link no longer signs anyone in."), "success")
    return redirect(url_for("organizer.user_links", user_id=user_id))
