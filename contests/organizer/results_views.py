"""Organizer pages for results: live provisional standings (private), advancement with
manual exceptions, the award and title preview, nominations, publication, objections."""
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import Contest, Entry, Objection, ResultVersion, Stage, TitleRule
from ..services.results import advancement, nominations, publication
from ..services.results.compute import compute_contest, compute_stage
from ..services.results.loading import OFFICIAL, PROVISIONAL
from . import bp
from .pages import load_or_404


def _contest(contest_id: int) -> Contest:
    return load_or_404(db.session.get(Contest, contest_id))


def _owned(model, obj_id: int, contest: Contest, contest_id_of):
    obj = db.session.get(model, obj_id)
    if obj is None or contest_id_of(obj) != contest.id:
        load_or_404(None)
    return obj


@bp.route("/contests/<int:contest_id>/results")
def results(contest_id: int):
    contest = _contest(contest_id)
    computed = compute_contest(contest, PROVISIONAL)
    return render_template("organizer/results/standings.html", contest=contest,
                           computed=computed)


@bp.route("/contests/<int:contest_id>/stages/<int:obj_id>/advancement")
def advancement_preview(contest_id: int, obj_id: int):
    contest = _contest(contest_id)
    stage = _owned(Stage, obj_id, contest, lambda s: s.contest_id)
    computed = compute_stage(stage, OFFICIAL)
    entries = db.session.scalars(select(Entry).where(Entry.stage_id == stage.id)).all()
    return render_template("organizer/results/advancement.html", contest=contest, stage=stage,
                           computed=computed, entries=entries,
                           following=advancement.next_stage(stage))


@bp.route("/contests/<int:contest_id>/stages/<int:obj_id>/advancement/exceptions",
          methods=["POST"])
def advancement_exception(contest_id: int, obj_id: int):
    contest = _contest(contest_id)
    stage = _owned(Stage, obj_id, contest, lambda s: s.contest_id)
    entry = db.session.get(Entry, request.form.get("entry_id", type=int) or 0)
    try:
        if entry is None:
            raise advancement.Refused(_("Choose an entry."))
        if request.form.get("action") == "clear":
            advancement.clear_exception(stage, entry.id, current_user)
        else:
            advancement.set_exception(stage, entry, request.form.get("action", ""),
                                      request.form.get("reason", ""), current_user)
    except advancement.Refused as refusal:
        flash(str(refusal), "error")
    return redirect(url_for("organizer.advancement_preview", contest_id=contest.id,
                            obj_id=stage.id))


@bp.route("/contests/<int:contest_id>/stages/<int:obj_id>/advancement/confirm",
          methods=["POST"])
def advancement_confirm(contest_id: int, obj_id: int):
    contest = _contest(contest_id)
    stage = _owned(Stage, obj_id, contest, lambda s: s.contest_id)
    try:
        done = advancement.confirm(stage, current_user)
    except advancement.Refused as refusal:
        flash(str(refusal), "error")
    else:
        flash(_("%(n)d entries advance to %(stage)s (%(new)d new).", n=done["advancing"],
                stage=done["next_stage"], new=done["created"]), "success")
    return redirect(url_for("organizer.advancement_preview", contest_id=contest.id,
                            obj_id=stage.id))


@bp.route("/contests/<int:contest_id>/awards")
def awards_preview(contest_id: int):
    contest = _contest(contest_id)
    computed = compute_contest(contest, OFFICIAL)
    decisions = nominations.decisions(contest)
    return render_template("organizer/results/awards.html", contest=contest,
                           computed=computed, decisions=decisions)


@bp.route("/contests/<int:contest_id>/nominations", methods=["POST"])
def nomination_decide(contest_id: int):
    contest = _contest(contest_id)
    rule = _owned(TitleRule, request.form.get("rule_id", type=int) or 0, contest,
                  lambda r: r.contest_id)
    try:
        nominations.decide(rule, request.form.get("subject", ""), request.form.get("state", ""),
                           request.form.get("note", ""), current_user)
    except nominations.Refused as refusal:
        flash(str(refusal), "error")
    else:
        flash(_("Decision recorded."), "success")
    return redirect(url_for("organizer.awards_preview", contest_id=contest.id))


@bp.route("/contests/<int:contest_id>/publication")
def publication_page(contest_id: int):
    contest = _contest(contest_id)
    return render_template("organizer/results/publication.html", contest=contest,
                           versions=publication.versions(contest), today=date.today())


@bp.route("/contests/<int:contest_id>/publication/publish", methods=["POST"])
def publish(contest_id: int):
    contest = _contest(contest_id)
    try:
        ends = date.fromisoformat(request.form.get("publicity_ends_on", ""))
    except ValueError:
        flash(_("Give the last day of the publicity period."), "error")
        return redirect(url_for("organizer.publication_page", contest_id=contest.id))
    try:
        version = publication.publish(contest, publicity_ends_on=ends,
                                      change_note=request.form.get("change_note"),
                                      user=current_user)
    except publication.Refused as refusal:
        flash(str(refusal), "error")
    else:
        flash(_("Version %(n)d is public; objections are open until %(day)s.",
                n=version.number, day=ends.isoformat()), "success")
    return redirect(url_for("organizer.publication_page", contest_id=contest.id))


@bp.route("/contests/<int:contest_id>/versions/<int:obj_id>/finalize", methods=["POST"])
def finalize(contest_id: int, obj_id: int):
    contest = _contest(contest_id)
    version = _owned(ResultVersion, obj_id, contest, lambda v: v.contest_id)
    try:
        publication.finalize(version, current_user)
    except publication.Refused as refusal:
        flash(str(refusal), "error")
    else:
        flash(_("Version %(n)d is final.", n=version.number), "success")
    return redirect(url_for("organizer.publication_page", contest_id=contest.id))


@bp.route("/contests/<int:contest_id>/objections/<int:obj_id>/decide", methods=["POST"])
def objection_decide(contest_id: int, obj_id: int):
    contest = _contest(contest_id)
    objection = _owned(Objection, obj_id, contest, lambda o: o.version.contest_id)
    try:
        publication.decide_objection(objection, decision=request.form.get("decision", ""),
                                     note=request.form.get("note", ""), user=current_user)
    except publication.Refused as refusal:
        flash(str(refusal), "error")
    else:
        flash(_("Decision recorded. Correct the results and publish again if it was upheld."),
              "success")
    return redirect(url_for("organizer.publication_page", contest_id=contest.id))
