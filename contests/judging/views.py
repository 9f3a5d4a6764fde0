"""The judge's tablet pages: my panels, a panel's entries, one score sheet."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import ScoreSheet
from ..responses import back_to
from ..services import audit
from ..services.judging import access, changes, home, opening, rubric, signoff
from . import bp
from .loading import my_entry, my_seat


@bp.route("/")
def index():
    """The judge's own panels: each with this judge's progress and a link to the next sheet."""
    return render_template("judging/index.html", panels=home.my_panels(current_user))


@bp.route("/panels/<int:panel_id>/")
def panel(panel_id: int):
    """The panel's entries with this judge's sheets: reopened ones say so; before judging
    is opened, or for a chief judge who does not mark, the page says why there is nothing
    to mark."""
    found = my_seat(panel_id)
    entries = access.markable_entries(found)
    sheets = {s.entry_id: s for s in db.session.scalars(select(ScoreSheet).where(
        ScoreSheet.panel_id == panel_id, ScoreSheet.judge_id == current_user.id)).all()}
    all_done = bool(entries) and all(
        e.id in sheets and sheets[e.id].status in home.DONE for e in entries)
    return render_template("judging/panel.html", seat=found, entries=entries, sheets=sheets,
                           codes=access.entry_codes(found.panel, entries),
                           judging_open=opening.is_open(found.panel.stage),
                           reopened=signoff.reopen_notes(panel_id, current_user.id),
                           all_done=all_done)


@bp.route("/panels/<int:panel_id>/entries/<entry_code>/")
def sheet(panel_id: int, entry_code: str):
    found = my_seat(panel_id)
    if found.marks and not opening.is_open(found.panel.stage):
        return redirect(url_for("judging.panel", panel_id=panel_id))  # it says why
    entry = my_entry(found, entry_code)  # refuses a chief judge who does not mark
    rows = rubric.criteria(found.panel)
    by_id = {c.id: c for c in rows}
    state = changes.sheet_state(found, changes.sheet_for(found, entry.id, create=False))
    previous_code, next_code = home.neighbours(found, entry.id)
    return render_template(
        "judging/sheet.html", seat=found, entry=entry, code=entry_code, tree=rubric.tree(rows),
        leaves=rubric.markable(rows), kinds={c.id: rubric.kind_of(c, by_id) for c in rows},
        state=state, previous_code=previous_code, next_code=next_code,
        reopened=signoff.reopen_notes(panel_id, current_user.id).get(entry.id))


@bp.route("/panels/<int:panel_id>/entries/<entry_code>/submit", methods=["POST"])
def submit(panel_id: int, entry_code: str):
    """Submit and lock the sheet, then on to the next entry still to mark (in panel
    order), or back to the panel when every sheet is submitted."""
    found = my_seat(panel_id)
    back_to(url_for("judging.sheet", panel_id=panel_id, entry_code=entry_code))
    entry = my_entry(found, entry_code)
    signoff.submit(found, entry.id, device=audit.device_label(request.form.get("device")))
    following = home.next_open(found, entry.id)
    if following is None:
        flash(_("Sheet submitted and locked. Every sheet of yours on this panel is "
                "submitted."), "success")
        return redirect(url_for("judging.panel", panel_id=panel_id))
    flash(_("Sheet submitted and locked. Here is the next entry to mark."), "success")
    return redirect(url_for("judging.sheet", panel_id=panel_id, entry_code=following))
