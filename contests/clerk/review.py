"""Settling paper copies that differ: an organizer of the contest or the panel's chief
judge sees both copies item by item and chooses or corrects each differing mark."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import Contest, PaperSheet
from ..refusals import Invalid, NotFound
from ..responses import back_to
from ..services import paper_entry as paper
from ..web_input import MAX_ID
from . import review_bp as bp

SHEET = ("/contests/<int:contest_id>/panels/<int:panel_id>/judges/<int:user_id>"
         "/entries/<int:entry_id>")


def _contest(contest_id: int) -> Contest:
    found = db.session.get(Contest, contest_id) if 0 < contest_id <= MAX_ID else None
    if found is None:
        raise NotFound(_("There is no such contest."))
    return found


def _panel(contest_id: int, panel_id: int):
    """The panel if this organizer runs its contest or this chief judge chairs it;
    NotFound otherwise, whatever exists."""
    found = paper.panel_in(_contest(contest_id), panel_id)
    if not paper.may_review(current_user, found):
        raise NotFound(_("There is no such panel in this contest."))
    return found


@bp.route("/contests/<int:contest_id>/")
def contest(contest_id: int):
    """Every panel of the contest this reviewer settles for (all of them for its
    organizers, the chaired ones for a chief judge), with its paper sheets by state.
    NotFound when there is none: a contest one has no part in is not one's to know."""
    found = _contest(contest_id)
    panels = [p for p in paper.panels_of(found) if paper.may_review(current_user, p)]
    if not panels:
        raise NotFound(_("There is no such contest."))
    states = {p.id: {} for p in panels}
    for sheet in db.session.scalars(select(PaperSheet).where(
            PaperSheet.panel_id.in_(list(states)))):
        counts = states[sheet.panel_id]
        counts[sheet.state] = counts.get(sheet.state, 0) + 1
    return render_template("clerk/review_contest.html", contest=found, panels=panels,
                           states=states)


@bp.route("/contests/<int:contest_id>/panels/<int:panel_id>")
def panel(contest_id: int, panel_id: int):
    found = _panel(contest_id, panel_id)
    papers = db.session.scalars(select(PaperSheet).where(PaperSheet.panel_id == found.id)
                                .order_by(PaperSheet.id)).all()
    return render_template("clerk/review_panel.html", panel=found, contest=found.stage.contest,
                           papers=papers)


@bp.route(SHEET, methods=["GET", "POST"])
def resolve(contest_id: int, panel_id: int, user_id: int, entry_id: int):
    found = _panel(contest_id, panel_id)
    if not (0 < user_id <= MAX_ID and 0 < entry_id <= MAX_ID):
        raise NotFound(_("There is no such sheet on this panel."))
    back = url_for("paper.panel", contest_id=contest_id, panel_id=found.id)
    current = paper.paper_for(found.id, entry_id, user_id)
    if current is None or current.state != "mismatch":
        flash(_("There is nothing to settle on this sheet."), "info")
        return redirect(back)
    errors, raw = {}, {}
    if request.method == "POST":
        back_to(url_for("paper.resolve", contest_id=contest_id, panel_id=found.id,
                        user_id=user_id, entry_id=entry_id))
        raw = {line.criterion.id: request.form.get(f"c{line.criterion.id}", "")[:40]
               for line in paper.lines(current)}
        try:
            paper.resolve(current_user, current, raw,
                          request.form.get("veto_reason", "")[:600])
        except Invalid as refusal:
            errors = refusal.details.get("errors") or {"sheet": str(refusal)}
        else:
            flash(_("The judge's sheet is stored with the values you chose."), "success")
            return redirect(back)
    return render_template("clerk/resolve.html", panel=found, contest=found.stage.contest,
                           paper=current, lines=paper.lines(current), raw=raw,
                           errors=errors), 422 if errors else 200
