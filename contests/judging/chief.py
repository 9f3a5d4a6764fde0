"""The chief judge's pages for a panel: progress, confirm or reopen sheets, consistency
of the judges, and the audit trail per entry or per judge."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..extensions import db
from ..models import User
from ..responses import back_to
from ..services.judging import consistency, progress, signoff
from ..services.judging.trail import panel_trail
from . import bp
from .loading import my_seat


@bp.route("/panels/<int:panel_id>/progress")
def panel_progress(panel_id: int):
    found = my_seat(panel_id, chief=True)
    return render_template("judging/progress.html", seat=found,
                           progress=progress.panel_progress(found.panel))


@bp.route("/panels/<int:panel_id>/sheets/<int:sheet_id>/confirm", methods=["POST"])
def confirm_sheet(panel_id: int, sheet_id: int):
    found = my_seat(panel_id, chief=True)
    back = back_to(url_for("judging.panel_progress", panel_id=panel_id))
    signoff.confirm(found, sheet_id)
    flash(_("Sheet confirmed."), "success")
    return redirect(back)


@bp.route("/panels/<int:panel_id>/sheets/<int:sheet_id>/reopen", methods=["POST"])
def reopen_sheet(panel_id: int, sheet_id: int):
    found = my_seat(panel_id, chief=True)
    back = back_to(url_for("judging.panel_progress", panel_id=panel_id))
    signoff.reopen(found, sheet_id, request.form.get("reason", ""))
    flash(_("Sheet reopened; its judge can correct it now."), "success")
    return redirect(back)


@bp.route("/panels/<int:panel_id>/consistency")
def panel_consistency(panel_id: int):
    found = my_seat(panel_id, chief=True)
    rows, summaries, threshold = consistency.panel_consistency(found.panel)
    judges = {str(m.user_id): m.user for m in found.panel.judges}
    return render_template("judging/consistency.html", seat=found, rows=rows,
                           summaries=summaries, threshold=threshold, judges=judges)


@bp.route("/panels/<int:panel_id>/audit")
def panel_audit(panel_id: int):
    found = my_seat(panel_id, chief=True)
    entry_id = request.args.get("entry", type=int)
    judge_id = request.args.get("judge", type=int)
    return render_template("judging/audit.html", seat=found,
                           rows=panel_trail(found.panel, entry_id=entry_id, judge_id=judge_id),
                           judge=db.session.get(User, judge_id) if judge_id else None,
                           entry_id=entry_id)
