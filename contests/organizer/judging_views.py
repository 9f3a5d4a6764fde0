"""Organizer views of judging: progress across all panels, the marking audit trail,
conflicts on each panel with substitutes. (Judges' sign-in links are the administrator's:
contests/admin/links.py.)"""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..models import Panel, ScoreSheet, Stage
from ..responses import back_to
from ..services.judging import access, opening, progress, signoff
from ..services.judging.trail import contest_trail
from ..services.results.publication import final_version
from ..web_input import id_value
from . import bp, loading
from .specs import RESOURCES


@bp.route("/contests/<int:contest_id>/judging")
def judging_progress(contest_id: int):
    contest = loading.contest(contest_id)
    return render_template("organizer/judging_progress.html", contest=contest,
                           panels=progress.contest_progress(contest.id),
                           final=final_version(contest.id), is_open=opening.is_open)


@bp.route("/contests/<int:contest_id>/judging/stages/<int:stage_id>/open", methods=["POST"])
def open_judging(contest_id: int, stage_id: int):
    """Judges of the stage's panels may mark from now on (audited)."""
    contest = loading.contest(contest_id)
    back = back_to(url_for("organizer.judging_progress", contest_id=contest.id))
    stage = loading.in_contest(Stage, stage_id, contest)
    opening.open_judging(stage, current_user)
    flash(_("Judging of %(stage)s is open: its judges can mark now.", stage=stage.name),
          "success")
    return redirect(back)


@bp.route("/contests/<int:contest_id>/judging/reopen", methods=["POST"])
def sheet_reopen(contest_id: int):
    """Results are final: the organizer reopens a sheet, with a reason, for a correction."""
    contest = loading.contest(contest_id)
    back = back_to(url_for("organizer.judging_progress", contest_id=contest.id))
    sheet = loading.in_contest(ScoreSheet, request.form.get("sheet_id", type=int) or 0, contest,
                               lambda s: RESOURCES["panels"].contest_id_of(s.panel))
    signoff.reopen_for_correction(sheet.id, contest.id, current_user,
                                  request.form.get("reason", ""))
    flash(_("Sheet reopened for a correction; its judge can correct it now. Publish again "
            "once the chief judge has confirmed it."), "success")
    return redirect(back)


@bp.route("/contests/<int:contest_id>/judging/audit")
def judging_audit(contest_id: int):
    contest = loading.contest(contest_id)
    judge_id = request.args.get("judge", type=id_value)
    return render_template("organizer/judging_audit.html", contest=contest,
                           rows=contest_trail(contest.id, judge_id=judge_id,
                                              entry_id=request.args.get("entry", type=id_value)))


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
