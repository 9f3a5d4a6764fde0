"""The chief judge's pages for a panel: progress, confirm or reopen sheets, consistency
of the judges, and the audit trail per entry or per judge. Entries are addressed by their
code on the panel, as on the judges' own pages; only the panel's members are named."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..responses import back_to
from ..services.judging import access, consistency, progress, signoff, tolerance
from ..services.judging.trail import panel_trail
from . import bp
from .loading import my_seat, panel_entry


@bp.route("/panels/<int:panel_id>/progress")
def panel_progress(panel_id: int):
    found = my_seat(panel_id, chief=True)
    shown = progress.panel_progress(found.panel)
    return render_template("judging/progress.html", seat=found, progress=shown,
                           codes=access.entry_codes(found.panel, shown.entries),
                           spreads=tolerance.spreads(found.panel))


@bp.route("/panels/<int:panel_id>/entries/<entry_code>/spreads/<int:criterion_id>/resolve",
          methods=["POST"])
def resolve_spread(panel_id: int, entry_code: str, criterion_id: int):
    """The chief judge lets marks that spread beyond an item's tolerance stand, with a
    reason (who and when are recorded and audited)."""
    found = my_seat(panel_id, chief=True)
    entry = panel_entry(found, entry_code)
    back = back_to(url_for("judging.panel_progress", panel_id=panel_id))
    tolerance.resolve(found, entry.id, criterion_id, request.form.get("reason", ""))
    flash(_("Resolution recorded; the sheets can be confirmed now."), "success")
    return redirect(back)


@bp.route("/panels/<int:panel_id>/sheets/<int:sheet_id>/confirm", methods=["POST"])
def confirm_sheet(panel_id: int, sheet_id: int):
    found = my_seat(panel_id, chief=True)
    back = back_to(url_for("judging.panel_progress", panel_id=panel_id))
    signoff.confirm(found, sheet_id)
    flash(_("Sheet confirmed."), "success")
    return redirect(back)


@bp.route("/panels/<int:panel_id>/confirm-all", methods=["POST"])
def confirm_all(panel_id: int):
    """Confirm every submitted sheet of the panel at once but those the consistency check
    flags; the answer lists what was confirmed and what was left, and why."""
    found = my_seat(panel_id, chief=True)
    back_to(url_for("judging.panel_progress", panel_id=panel_id))
    outcome = signoff.confirm_all(found)
    entries = {s.entry_id: s.entry for s, _flag in outcome.skipped} | {
        s.entry_id: s.entry for s in outcome.confirmed}
    return render_template("judging/confirmed.html", seat=found, outcome=outcome,
                           codes=access.entry_codes(found.panel, entries.values()))


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
    entries = access.entries_of(found.panel)
    return render_template("judging/consistency.html", seat=found, rows=rows,
                           summaries=summaries, threshold=threshold, judges=judges,
                           entries={str(e.id): e for e in entries},
                           codes={str(e.id): access.entry_code(found.panel.id, e.id)
                                  for e in entries})


@bp.route("/panels/<int:panel_id>/audit")
def panel_audit(panel_id: int):
    found = my_seat(panel_id, chief=True)
    code = request.args.get("entry")
    entry = panel_entry(found, code) if code else None
    judge_id = request.args.get("judge", type=int)
    judge = access.member(found.panel, judge_id) if judge_id is not None else None
    return render_template("judging/audit.html", seat=found, entry=entry, judge=judge,
                           rows=panel_trail(found.panel, entry_id=entry.id if entry else None,
                                            judge_id=judge.id if judge else None))
