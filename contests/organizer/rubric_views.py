"""The rubric editor: one page per component with its whole criteria tree, saved in one
POST (services/rubric_editing.py checks the whole tree and writes all of it or nothing).

Without JavaScript every action is a button of the one form: "move up/down", "make it a
sub-item / an item again", "add a row" and "preview pasted rows" send the rows as typed and
get them back rearranged (nothing saved); "Save all" saves. static/js/rubric.js does the
same moves in the page (and drag and drop) without a round trip."""
import re
from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from .. import display
from ..models import Component
from ..refusals import Refused, TooLarge
from ..responses import status_of
from ..services import rubric_editing
from ..services.rubric_editing import MAX_DEPTH, MAX_ROWS, TreeRow
from ..web_input import MAX_ID
from . import bp, loading
from .forms.assessment import RubricForm

FIELDS = ("id", "depth", "code", "name", "kind", "aspect", "max_points", "step", "tolerance",
          "event_id", "remove")
_KEY = re.compile(r"rows-(\d{1,6})-([a-z_]+)")
_OP = re.compile(r"(up|down|in|out)-(\d{1,6})")


def _component(contest_id: int, parent_id: int):
    contest = loading.contest(contest_id)
    component = loading.in_contest(Component, parent_id, contest, lambda o: o.stage.contest_id)
    return contest, component


def _with_choices(form, contest):
    events = [("", _("All events"))] + [(str(e.id), e.name) for e in contest.events]
    for entry in form.rows:
        entry.form.event_id.choices = events
    return form


def _posted_rows() -> list[dict]:
    """The rows as posted, in their index order, as the text typed."""
    by_index: dict[int, dict] = {}
    for key in request.form:
        found = _KEY.fullmatch(key)
        if found and found.group(2) in FIELDS:
            by_index.setdefault(int(found.group(1)), {})[found.group(2)] = request.form[key]
    if len(by_index) > MAX_ROWS:
        raise TooLarge(_("A rubric has at most %(n)d rows.", n=MAX_ROWS))
    return [by_index[i] for i in sorted(by_index)]


def _depth(row: dict) -> int:
    text = str(row.get("depth") or "0").strip()
    return max(0, min(int(text), MAX_DEPTH)) if text.isdigit() and len(text) < 3 else 0


def _block_end(rows: list[dict], index: int) -> int:
    """Just past the row's sub-items."""
    end, depth = index + 1, _depth(rows[index])
    while end < len(rows) and _depth(rows[end]) > depth:
        end += 1
    return end


def rearrange(rows: list[dict], op: str, index: int) -> list[dict]:
    """One move of a row with its sub-items (the same moves as static/js/rubric.js)."""
    if not 0 <= index < len(rows):
        return rows
    depth, end = _depth(rows[index]), _block_end(rows, index)
    if op == "up":
        above = index - 1
        while above >= 0 and _depth(rows[above]) > depth:
            above -= 1
        if above < 0 or _depth(rows[above]) < depth:
            return rows  # first among its siblings
        return rows[:above] + rows[index:end] + rows[above:index] + rows[end:]
    if op == "down":
        if end >= len(rows) or _depth(rows[end]) < depth:
            return rows  # last among its siblings
        after = _block_end(rows, end)
        return rows[:index] + rows[end:after] + rows[index:end] + rows[after:]
    block = rows[index:end]
    if op == "in" and index > 0 and _depth(rows[index - 1]) >= depth \
            and max(_depth(r) for r in block) < MAX_DEPTH:
        for row in block:
            row["depth"] = str(_depth(row) + 1)
    elif op == "out" and depth > 0:
        for row in block:
            row["depth"] = str(_depth(row) - 1)
    return rows


def _blank(row: dict) -> bool:
    return not any(str(row.get(k) or "").strip() for k in ("id", "code", "name", "max_points"))


def _form_of(rows: list[dict], *, paste: str = "") -> RubricForm:
    data = MultiDict({"csrf_token": request.form.get("csrf_token", ""), "paste": paste})
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"rows-{index}-{key}"] = value
    return RubricForm(formdata=data)


def _pasted(form_rows: list[dict]) -> list[dict]:
    pasted, problems = rubric_editing.parse_paste(request.form.get("paste", "")[:100_000])
    while form_rows and _blank(form_rows[-1]):
        form_rows.pop()
    added = [{"depth": str(p.depth), "code": p.code, "name": p.name,
              "max_points": p.max_points, "step": p.step, "kind": p.kind or "normal",
              "aspect": "judgement"}
             for p in pasted]
    if len(form_rows) + len(added) > MAX_ROWS:
        raise TooLarge(_("A rubric has at most %(n)d rows.", n=MAX_ROWS))
    for problem in problems:
        flash(problem, "error")
    if added:
        flash(_("%(n)d rows were read from the paste and added below. Nothing is saved "
                "yet: check them, then save.", n=len(added)), "success")
    elif not problems:
        flash(_("Nothing was pasted."), "error")
    return form_rows + added


def _tree_rows(form) -> tuple[list[int], list[TreeRow]]:
    """The non-blank rows of a validated form (their indexes in the form) as the service's
    rows; a forged id is 400."""
    entries, tree = [], []
    for index, entry in enumerate(form.rows):
        row = entry.form
        if row.is_blank():
            for f in row:
                f.errors = []
            continue
        raw_id = (row.id.data or "").strip()
        if raw_id and not (raw_id.isdigit() and 0 < int(raw_id) <= MAX_ID):
            abort(400)
        entries.append(index)
        tree.append(TreeRow(
            id=int(raw_id) if raw_id else None, depth=row.depth.data or 0,
            code=(row.code.data or "").strip() or None, name=row.name.data or "",
            kind=row.kind.data, max_points=row.max_points.data, step=row.step.data,
            event_id=row.event_id.data, remove=bool(row.remove.data),
            aspect=row.aspect.data or "judgement", tolerance=row.tolerance.data))
    return entries, tree


def _check_only(component, contest, form) -> dict[int, list[str]]:
    """The rules' verdict on the rows shown, without saving (after a paste)."""
    form.validate()
    entries, tree = _tree_rows(form)
    try:
        errors = rubric_editing.check_tree(component, tree,
                                           event_ids={e.id for e in contest.events})
    except Refused as refusal:
        flash(str(refusal), "error")
        return {}
    for message in errors:
        flash(message, "error")
    return {entries[i]: r.errors for i, r in enumerate(tree) if r.errors}


@bp.route("/contests/<int:contest_id>/components/<int:parent_id>/rubric",
          methods=["GET", "POST"])
def rubric_editor(contest_id: int, parent_id: int):
    contest, component = _component(contest_id, parent_id)
    status, row_errors = 200, {}
    if request.method == "GET":
        rows = [{"id": str(r.id), "depth": r.depth, "code": r.code or "", "name": r.name,
                 "kind": r.kind, "max_points": Decimal(display.plain(r.max_points)),
                 "step": Decimal(display.plain(r.step)), "event_id": r.event_id,
                 "aspect": r.aspect,
                 "tolerance": None if r.tolerance is None
                 else Decimal(display.plain(r.tolerance))}
                for r in rubric_editing.flatten(component)]
        spare = 3 if not rows else 1
        form = RubricForm(formdata=None, data={"rows": rows + [{"depth": 0}] * spare})
        return render_template("organizer/rubric.html", **_page(contest, component,
                                                                _with_choices(form, contest)))
    op = request.form.get("op", "save")
    moved = _OP.fullmatch(op)
    if op != "save":
        if not _csrf_ok(RubricForm()):
            abort(400)
        rows = _posted_rows()
        paste = request.form.get("paste", "")[:100_000]
        if moved:
            rows = rearrange(rows, moved.group(1), int(moved.group(2)))
        elif op == "add":
            rows.append({"depth": "0", "kind": "normal", "aspect": "judgement"})
        elif op == "paste":
            rows, paste = _pasted(rows), ""
        form = _with_choices(_form_of(rows, paste=paste), contest)
        if op == "paste":
            row_errors = _check_only(component, contest, form)
        return render_template("organizer/rubric.html",
                               **_page(contest, component, form, row_errors, focus=op))
    _posted_rows()  # refuses more rows than a rubric holds
    form = _with_choices(RubricForm(), contest)
    valid = form.validate()
    if not _csrf_ok(form):
        abort(400)
    entries, tree = _tree_rows(form)
    if not valid and any(f.errors for i in entries for f in form.rows[i].form):
        flash(_("Nothing was saved: please correct the rows marked below."), "error")
        status = 422
    else:
        try:
            count = rubric_editing.save_tree(component, tree,
                                             event_ids={e.id for e in contest.events},
                                             contest_id=contest.id)
        except rubric_editing.TreeInvalid as refusal:
            for message in refusal.details.get("errors", []):
                flash(message, "error")
            flash(_("Nothing was saved: please correct the rows marked below."), "error")
            row_errors = {entries[i]: messages
                          for i, messages in refusal.details["row_errors"].items()}
            status = 422
        except Refused as refusal:
            flash(str(refusal), "error")
            status = status_of(refusal)
        else:
            flash(_("Saved: the rubric has %(n)d criteria.", n=count), "success")
            note = rubric_editing.totals_note(component)
            if note:
                flash(note, "info")
            return redirect(request.url)
    return render_template("organizer/rubric.html",
                           **_page(contest, component, form, row_errors)), status


def _csrf_ok(form) -> bool:
    if not hasattr(form, "csrf_token"):
        return True
    form.csrf_token.errors = []
    form.csrf_token.validate(form)
    return not form.csrf_token.errors


def _page(contest, component, form, row_errors=None, focus=None) -> dict:
    return dict(contest=contest, component=component, form=form, row_errors=row_errors or {},
                marked={str(k): v for k, v in rubric_editing.marked(component).items()},
                max_depth=MAX_DEPTH, focus=focus,
                back_url=url_for("organizer.contest", contest_id=contest.id))
