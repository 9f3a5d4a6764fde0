"""A clerk's pages: my contests → a panel's grid of paper sheets (entry × judge) → type
one sheet. The second copy is typed blind: the page never shows the first copy."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..services import marks_entry
from ..services import paper_entry as paper
from ..services.judging import access
from . import bp

SHEET = ("/contests/<int:contest_id>/panels/<int:panel_id>/judges/<int:user_id>"
         "/entries/<int:entry_id>")


@bp.route("/")
def index():
    contests = db.session.scalars(paper.member_contests(current_user)).all()
    return render_template("clerk/index.html", contests=contests,
                           panels={c.id: paper.panels_of(c) for c in contests})


@bp.route("/contests/<int:contest_id>/panels/<int:panel_id>")
def panel(contest_id: int, panel_id: int):
    contest = paper.member_contest(current_user, contest_id)
    found = paper.panel_in(contest, panel_id)
    judges = paper.marking_judges(found)
    return render_template("clerk/panel.html", contest=contest, panel=found, judges=judges,
                           entries=access.entries_of(found), papers=paper.papers_of(found),
                           turn=paper.next_turn)


def _load(contest_id, panel_id, user_id, entry_id):
    contest = paper.member_contest(current_user, contest_id)
    found = paper.panel_in(contest, panel_id)
    judge = paper.judge_on(found, user_id)
    return contest, found, judge, paper.entry_on(found, judge, entry_id)


@bp.route(SHEET, methods=["GET", "POST"])
def sheet(contest_id: int, panel_id: int, user_id: int, entry_id: int):
    contest, found, judge, entry = _load(contest_id, panel_id, user_id, entry_id)
    back = url_for("clerk.panel", contest_id=contest.id, panel_id=found.id)
    current = paper.paper_for(found.id, entry.id, judge.id)
    turn = paper.next_turn(current, current_user)
    leaves, kinds = marks_entry.sheet_items(found)
    typed = paper.Typed({}, None, {})
    raw = {}
    if request.method == "POST" and turn is None:
        paper.enter(current_user, found, entry, judge, typed)  # refused: says why
    if request.method == "POST":
        raw = {cid: request.form.get(f"c{cid}", "")[:40] for cid in leaves}
        typed = paper.read_sheet(found, raw, request.form.get("veto_reason", "")[:600])
        if not typed.errors:
            outcome = paper.enter(current_user, found, entry, judge, typed)
            flash({"first": _("First copy saved: a second clerk now types the same sheet."),
                   "stored": _("Both copies agree: the judge's sheet is stored."),
                   "mismatch": _("The two copies differ: an organizer or the chief judge "
                                 "settles them.")}[outcome],
                  "error" if outcome == "mismatch" else "success")
            return redirect(back)
    status = 422 if typed.errors else 200
    return render_template("clerk/sheet.html", contest=contest, panel=found, judge=judge,
                           entry=entry, paper=current, turn=turn, leaves=leaves, kinds=kinds,
                           raw=raw, typed=typed), status
