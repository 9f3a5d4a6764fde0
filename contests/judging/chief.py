"""The chief judge's pages for a panel: progress, confirm or reopen sheets, consistency
of the judges, and the audit trail per entry or per judge."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..extensions import db
from ..models import User
from ..services.judging import access, consistency, progress, signoff
from ..services.judging.trail import panel_trail
from . import bp
from .seats import my_seat


@bp.route("/panels/<int:panel_id>/progress")
def panel_progress(panel_id: int):
    found = my_seat(panel_id, chief=True)
    return render_template("judging/progress.html", seat=found,
                           progress=progress.panel_progress(found.panel))


def _sheet_action(panel_id: int, sheet_id: int, action) -> object:
    found = my_seat(panel_id, chief=True)
    try:
        action(found, sheet_id)
    except access.Denied as denied:
        abort(denied.status)
    except signoff.Refused as refusal:
        flash(str(refusal), "error")
        return None
    return found


@bp.route("/panels/<int:panel_id>/sheets/<int:sheet_id>/confirm", methods=["POST"])
def confirm_sheet(panel_id: int, sheet_id: int):
    if _sheet_action(panel_id, sheet_id, signoff.confirm):
        flash(_("Sheet confirmed."), "success")
    return redirect(url_for("judging.panel_progress", panel_id=panel_id))


@bp.route("/panels/<int:panel_id>/sheets/<int:sheet_id>/reopen", methods=["POST"])
def reopen_sheet(panel_id: int, sheet_id: int):
    reason = request.form.get("reason", "")
    if _sheet_action(panel_id, sheet_id, lambda seat, sid: signoff.reopen(seat, sid, reason)):
        flash(_("Sheet reopened; its judge can correct it now."), "success")
    return redirect(url_for("judging.panel_progress", panel_id=panel_id))


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
