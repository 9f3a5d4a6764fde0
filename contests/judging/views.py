"""The judge's tablet pages: my panels, a panel's entries, one score sheet."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import ScoreSheet
from ..responses import back_to
from ..services import audit
from ..services.judging import access, changes, home, rubric, signoff
from . import bp
from .loading import my_entry, my_seat


@bp.route("/")
def index():
    """The judge's own panels: each with this judge's progress and a link to the next sheet."""
    return render_template("judging/index.html", panels=home.my_panels(current_user))


@bp.route("/panels/<int:panel_id>/")
def panel(panel_id: int):
    found = my_seat(panel_id)
    entries = access.markable_entries(found)
    sheets = {s.entry_id: s for s in db.session.scalars(select(ScoreSheet).where(
        ScoreSheet.panel_id == panel_id, ScoreSheet.judge_id == current_user.id)).all()}
    return render_template("judging/panel.html", seat=found, entries=entries, sheets=sheets,
                           codes=access.entry_codes(found.panel, entries))


@bp.route("/panels/<int:panel_id>/entries/<entry_code>/")
def sheet(panel_id: int, entry_code: str):
    found = my_seat(panel_id)
    entry = my_entry(found, entry_code)
    rows = rubric.criteria(found.panel)
    by_id = {c.id: c for c in rows}
    state = changes.sheet_state(found, changes.sheet_for(found, entry.id, create=False))
    return render_template(
        "judging/sheet.html", seat=found, entry=entry, code=entry_code, tree=rubric.tree(rows),
        leaves=rubric.markable(rows), kinds={c.id: rubric.kind_of(c, by_id) for c in rows},
        state=state)


@bp.route("/panels/<int:panel_id>/entries/<entry_code>/submit", methods=["POST"])
def submit(panel_id: int, entry_code: str):
    found = my_seat(panel_id)
    entry = my_entry(found, entry_code)
    back_to(url_for("judging.sheet", panel_id=panel_id, entry_code=entry_code))
    signoff.submit(found, entry.id, device=audit.device_label(request.form.get("device")))
    flash(_("Sheet submitted and locked."), "success")
    return redirect(url_for("judging.panel", panel_id=panel_id))
