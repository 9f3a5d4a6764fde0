"""Multi-row editors: stages of a contest, components of a stage, rater groups of a
component, tiers of an award rule, judges of a panel. Saved all-or-nothing.

A grid grows as needed: "Add a row" (static/js/rows.js adds one in the page; without
JavaScript the button sends the rows as typed and gets them back with spare rows added,
nothing saved)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField

from ..refusals import Refused
from ..services import organizer as writes
from . import bp, loading
from .specs import EVENT_ROWS, PARENT_ROWS, RESOURCES, STAGE_ROWS

SPARE_ROWS = 3  # blank rows of an empty grid
MORE_ROWS = 3  # blank rows "Add a row" adds without JavaScript
MAX_GRID_ROWS = 300


def _form_class(row_form):
    class RowsForm(FlaskForm):
        rows = FieldList(FormField(row_form))

    return RowsForm


def rows_page(editor, parent, contest, *, title, back_url):
    form_cls = _form_class(editor.row_form)
    children = list(editor.children(parent))
    spare = SPARE_ROWS if not children else 1
    form = form_cls() if request.method == "POST" else form_cls(rows=children + [None] * spare)
    errors: list[str] = []
    if request.method == "POST" and "more_rows" in request.form:
        if len(form.rows) + MORE_ROWS > MAX_GRID_ROWS:
            abort(413)
        for _row in range(MORE_ROWS):
            form.rows.append_entry()
        return render_template("organizer/rows.html", form=form, editor=editor,
                               contest=contest, parent=parent, title=title, back_url=back_url)
    if form.is_submitted():
        by_id = {str(child.id): child for child in children}
        if any(entry.form.id.data and entry.form.id.data not in by_id for entry in form.rows):
            abort(400)  # a row id that is not this parent's: a forged form (checked before
            # any validator looks the id up)
        form.validate()  # field errors of spare rows left blank are ignored below
        if form.csrf_token.errors if hasattr(form, "csrf_token") else False:
            abort(400)
        rows = [entry.form for entry in form.rows if not entry.form.is_blank()]
        errors = editor.check(parent, rows)
        if not errors and not any(f.errors for r in rows for f in r):
            changes = [writes.RowChange(by_id.get(r.id.data), r.model_values(),
                                        bool(r.remove.data)) for r in rows]
            try:
                writes.save_rows(changes, make=lambda: editor.make(parent),
                                 contest_id=contest.id, slot=editor.slot)
            except Refused as refusal:
                errors = [str(refusal)]
            else:
                flash(_("Saved."), "success")
                return redirect(request.url)
        for entry in form.rows:
            if entry.form.is_blank():
                for f in entry.form:
                    f.errors = []
    if request.method == "POST":
        for message in errors:
            flash(message, "error")
        flash(_("Nothing was saved: please correct the fields marked below."), "error")
    return render_template("organizer/rows.html", form=form, editor=editor, contest=contest,
                           parent=parent, title=title, back_url=back_url)


@bp.route("/contests/<int:contest_id>/stages", methods=["GET", "POST"])
def rows_stages(contest_id: int):
    contest = loading.contest(contest_id)
    return rows_page(STAGE_ROWS, contest, contest, title=_("Stages"),
                     back_url=url_for("organizer.contest", contest_id=contest.id))


@bp.route("/contests/<int:contest_id>/events/grid", methods=["GET", "POST"])
def rows_events(contest_id: int):
    contest = loading.contest(contest_id)
    return rows_page(EVENT_ROWS, contest, contest, title=_("Events"),
                     back_url=url_for("organizer.contest", contest_id=contest.id))


def _register_parent(segment: str, model, contest_id_of, editor) -> None:
    def view(contest_id: int, parent_id: int):
        contest = loading.contest(contest_id)
        parent = loading.in_contest(model, parent_id, contest, contest_id_of)
        return rows_page(editor, parent, contest, title=f"{parent} · {editor.title}",
                         back_url=url_for("organizer.contest", contest_id=contest.id))

    bp.add_url_rule(
        f"/contests/<int:contest_id>/{segment.replace('_', '-')}/<int:parent_id>/"
        f"{editor.name.replace('_', '-')}",
        f"rows_{editor.name}", view, methods=["GET", "POST"])


for _segment, (_model, _contest_of, _editor) in PARENT_ROWS.items():
    _register_parent(_segment, _model, _contest_of, _editor)
for _resource in RESOURCES.values():
    for _editor in _resource.rows:
        _register_parent(_resource.name, _resource.model, _resource.contest_id_of, _editor)
