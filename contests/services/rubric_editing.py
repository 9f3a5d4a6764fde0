"""The rubric editor's writes: a component's whole criteria tree, checked as a whole and
saved all-or-nothing; and reading rows pasted from a spreadsheet.

The tree arrives as a flat list of rows in reading order, each with a depth (0 = an item,
1 = its sub-item, …): a row's parent is the nearest row above it that is one level less
deep. Rules checked on the whole tree before anything is written:

- every kept row is named; a leaf has a maximum above zero; every step is above zero and
  not above its row's maximum; a kind comes from the criterion-kind vocabulary (a
  deduction item's maximum is the most it takes off), an aspect from the aspect
  vocabulary; a tolerance is not negative and not above the row's maximum;
- a sub-item's maximum is not above its item's; an item's maximum is not above what its
  sub-items add up to (it could never be reached); an item left without a maximum gets
  the sum of its sub-items;
- sub-items take their top-level item's kind (the scoring core's rule); a sub-item of an
  event-specific item is for that event too;
- codes are unique within the component;
- a criterion with marks entered is not removed, does not get sub-items and keeps a
  maximum at least as high as its highest mark.
Removing an item removes its sub-items with it."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import display
from ..extensions import db
from ..models import Criterion, Mark
from ..refusals import Conflict, Invalid, TooLarge
from ..scoring.rubric import ASPECT_VOCABULARY, CRITERION_KIND_VOCABULARY
from . import audit
from .transaction import all_or_nothing, begin_writing, flush_or_refuse

MAX_ROWS = 500
MAX_DEPTH = 3  # items, sub-items, and two levels below
DEFAULT_STEP = Decimal("0.5")


@dataclass
class TreeRow:
    """One row of the editor, already converted from text (None where left empty)."""

    id: int | None = None
    depth: int = 0
    code: str | None = None
    name: str = ""
    kind: str = "normal"
    max_points: Decimal | None = None
    step: Decimal | None = None
    event_id: int | None = None
    remove: bool = False
    aspect: str = "judgement"
    tolerance: Decimal | None = None
    # filled by check_tree
    errors: list[str] = field(default_factory=list)
    parent: int | None = None  # index of the parent row in the list
    children: list[int] = field(default_factory=list)
    removed: bool = False  # ticked, or under a ticked row


class TreeInvalid(Invalid):
    """The tree breaks a rule: `details["row_errors"]` maps row index -> messages."""

    code = "rubric_tree"


def _plain(value: Decimal) -> str:
    return display.plain(value)


def _link(rows: list[TreeRow]) -> None:
    """Parent and children of every row (removed subtrees included), from the depths."""
    stack: list[int] = []  # indexes of the open ancestors
    for index, row in enumerate(rows):
        row.children = []
        if row.depth < 0 or row.depth > MAX_DEPTH:
            row.errors.append(_("At most %(n)d levels of sub-items.", n=MAX_DEPTH))
            row.depth = max(0, min(row.depth, MAX_DEPTH))
        while stack and rows[stack[-1]].depth >= row.depth:
            stack.pop()
        if row.depth > 0 and (not stack or rows[stack[-1]].depth != row.depth - 1):
            row.errors.append(_("A sub-item needs an item just above it, one level up."))
        row.parent = stack[-1] if stack else None
        if row.parent is not None:
            rows[row.parent].children.append(index)
        row.removed = row.remove or (row.parent is not None and rows[row.parent].removed)
        stack.append(index)


def _marks_by_criterion(ids: list[int]) -> dict[int, tuple[int, Decimal]]:
    if not ids:
        return {}
    found = db.session.execute(
        select(Mark.criterion_id, func.count(Mark.id), func.max(Mark.value))
        .where(Mark.criterion_id.in_(ids)).group_by(Mark.criterion_id)).all()
    return {criterion_id: (count, highest) for criterion_id, count, highest in found}


def check_tree(component, rows: list[TreeRow], *, event_ids: set[int]) -> list[str]:
    """Put every broken rule on its row (row.errors) and return errors of the whole tree.
    Normalizes what the rules derive: inherited kind and event, an item's maximum left
    empty. Reads the database (existing criteria, marks) but writes nothing."""
    if len(rows) > MAX_ROWS:
        raise TooLarge(_("A rubric has at most %(n)d rows.", n=MAX_ROWS))
    existing = {c.id: c for c in component.criteria}
    ids = [r.id for r in rows if r.id is not None]
    if len(ids) != len(set(ids)) or any(i not in existing for i in ids):
        raise Invalid(_("This page does not match the rubric: reload it and edit again."),
                      code="rubric_rows")
    if set(ids) != set(existing):
        raise Conflict(_("Someone changed this rubric since the page was opened: reload it "
                         "and edit again."), code="rubric_changed")
    _link(rows)
    errors: list[str] = []
    kept = [r for r in rows if not r.removed]
    marks = _marks_by_criterion(ids)

    for row in rows:
        if row.removed and row.id is not None and row.id in marks:
            row.errors.append(_("%(count)d marks have been entered for it: it cannot be "
                                "removed. Withdraw or correct the marks instead.",
                                count=marks[row.id][0]))
    for row in rows:
        if row.removed:
            continue
        top = row
        while top.parent is not None:
            top = rows[top.parent]
        parent = rows[row.parent] if row.parent is not None else None
        row.kind = top.kind  # sub-items take their item's kind
        if row.kind not in CRITERION_KIND_VOCABULARY:
            row.errors.append(_("Choose a kind from the list."))
        if row.aspect not in ASPECT_VOCABULARY:
            row.errors.append(_("Choose an aspect from the list."))
        if row.tolerance is not None and row.tolerance < 0:
            row.errors.append(_("The tolerance cannot be negative."))
        elif row.tolerance is not None and row.max_points is not None \
                and row.tolerance > row.max_points:
            row.errors.append(_("The tolerance is larger than the maximum."))
        if row.event_id is not None and row.event_id not in event_ids:
            row.errors.append(_("Choose an event from the list."))
        if parent is not None and parent.event_id is not None:
            if row.event_id is None:
                row.event_id = parent.event_id
            elif row.event_id != parent.event_id:
                row.errors.append(_("A sub-item of an item for one event is for that event "
                                    "too."))
        if not row.name.strip():
            row.errors.append(_("The criterion needs a name."))
        kept_children = [rows[i] for i in row.children if not rows[i].removed]
        if kept_children and all(c.max_points is not None for c in kept_children):
            total = sum((c.max_points for c in kept_children), Decimal(0))
            if row.max_points is None:
                row.max_points = total
            elif row.max_points > total:
                row.errors.append(_("Its sub-items add up to %(total)s: a maximum of %(max)s "
                                    "could never be reached.", total=_plain(total),
                                    max=_plain(row.max_points)))
        if row.max_points is None and not kept_children:
            row.errors.append(_("Give the maximum points."))
        elif row.max_points is not None and row.max_points <= 0:
            row.errors.append(_("Maximum points must be above zero."))
        if row.step is None:
            row.step = DEFAULT_STEP
        if row.step <= 0:
            row.errors.append(_("The step must be above zero."))
        elif row.max_points is not None and row.max_points > 0 and row.step > row.max_points \
                and not kept_children:
            row.errors.append(_("The step is larger than the maximum."))
        if parent is not None and row.max_points is not None and parent.max_points is not None \
                and row.max_points > parent.max_points:
            row.errors.append(_("More than its parent's maximum (%(max)s).",
                                max=_plain(parent.max_points)))
        if row.id is not None and row.id in marks:
            count, highest = marks[row.id]
            if kept_children:
                row.errors.append(_("%(count)d marks have been entered for it: it cannot be "
                                    "given sub-items.", count=count))
            if row.max_points is not None and row.max_points < highest:
                row.errors.append(_("A mark of %(mark)s has been entered for it: its maximum "
                                    "cannot go below that.", mark=_plain(highest)))
    codes = Counter((r.code or "").strip() for r in kept if (r.code or "").strip())
    for row in kept:
        if codes.get((row.code or "").strip(), 0) > 1:
            row.errors.append(_("The code “%(code)s” is used twice.", code=row.code.strip()))
    if not kept and not existing:
        errors.append(_("There is nothing to save: add a criterion first."))
    return errors


def marked(component) -> dict[int, int]:
    """How many marks each criterion of the component has (those without: absent)."""
    counts = _marks_by_criterion([c.id for c in component.criteria])
    return {criterion_id: count for criterion_id, (count, _highest) in counts.items()}


def row_errors(rows: list[TreeRow]) -> dict[int, list[str]]:
    return {i: r.errors for i, r in enumerate(rows) if r.errors}


def save_tree(component, rows: list[TreeRow], *, event_ids: set[int],
              contest_id: int) -> int:
    """Check the whole tree and write it in one transaction, or refuse with every row's
    errors (TreeInvalid) and write nothing. Returns how many criteria the rubric has."""
    with all_or_nothing():
        begin_writing()
        errors = check_tree(component, rows, event_ids=event_ids)
        if errors or row_errors(rows):
            raise TreeInvalid(errors[0] if errors else _(
                "Nothing was saved: please correct the rows marked below."),
                row_errors=row_errors(rows), errors=errors)
        existing = {c.id: c for c in component.criteria}
        objects: list[Criterion | None] = []
        old = {}
        positions: Counter = Counter()
        with db.session.no_autoflush:  # a new row is flushed once it is filled in
            for index, row in enumerate(rows):
                if row.removed:
                    objects.append(existing.get(row.id) if row.id is not None else None)
                    continue
                obj = existing.get(row.id) if row.id is not None else None
                if obj is None:
                    obj = Criterion(component_id=component.id)
                else:
                    old[index] = audit.snapshot(obj)
                positions[row.parent] += 1
                obj.parent = objects[row.parent] if row.parent is not None else None
                obj.position = positions[row.parent]
                obj.code = (row.code or "").strip() or None
                obj.name = row.name.strip()
                obj.kind = row.kind
                obj.aspect = row.aspect
                obj.tolerance = row.tolerance
                obj.max_points = row.max_points
                obj.step = row.step
                obj.event_id = row.event_id
                db.session.add(obj)
                objects.append(obj)
        flush_or_refuse()
        for index, row in enumerate(rows):
            obj = objects[index]
            if row.removed or obj is None:
                continue
            new = audit.snapshot(obj)
            if index not in old:
                audit.record("create", obj, contest_id=contest_id, new=new)
            elif old[index] != new:
                audit.record("update", obj, contest_id=contest_id, old=old[index], new=new)
        for index in reversed(range(len(rows))):  # deepest first
            obj = objects[index]
            if rows[index].removed and obj is not None and obj not in db.session.deleted:
                audit.record("delete", obj, contest_id=contest_id, old=audit.snapshot(obj))
                db.session.delete(obj)
                flush_or_refuse()
        count = sum(1 for r in rows if not r.removed)
    return count


def totals_note(component) -> str | None:
    """A word when the items judges mark for every event do not add up to the component's
    full marks (allowed: the total is brought down to full marks, or stays below it)."""
    top = [c for c in component.criteria if c.parent_id is None and c.kind == "normal"]
    if not top or any(c.event_id is not None for c in top):
        return None  # event-specific items: the sum differs per event
    total = sum((c.max_points for c in top), Decimal(0))
    if total > component.max_score:
        return _("The items add up to %(total)s, more than the component's full marks "
                 "(%(max)s): a sheet above full marks is brought down to full marks.",
                 total=_plain(total), max=_plain(component.max_score))
    if total < component.max_score:
        return _("The items add up to %(total)s, less than the component's full marks "
                 "(%(max)s).", total=_plain(total), max=_plain(component.max_score))
    return None


def flatten(component) -> list[TreeRow]:
    """The component's criteria as editor rows, depth first in position order."""
    rows: list[TreeRow] = []

    def walk(nodes, depth):
        for c in sorted(nodes, key=lambda n: (n.position, n.id)):
            rows.append(TreeRow(id=c.id, depth=depth, code=c.code, name=c.name, kind=c.kind,
                                max_points=c.max_points, step=c.step, event_id=c.event_id,
                                aspect=c.aspect, tolerance=c.tolerance))
            walk(c.children, depth + 1)

    walk([c for c in component.criteria if c.parent_id is None], 0)
    return rows


# ---------------------------------------------------------------- pasting from a spreadsheet

_NUMBERED = re.compile(r"^\d+(?:\.\d+)*\.?$")  # 1   1.2   3.1.4   2.
_LEADERS = ".·-—•"


@dataclass
class PastedRow:
    depth: int
    code: str
    name: str
    max_points: str
    step: str
    kind: str


def _cell(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].replace('""', '"').strip()
    return text


def _number(text: str) -> str:
    """A number as typed in a sheet: full-width digits, a trailing 分 (points)."""
    text = unicodedata.normalize("NFKC", text).strip()
    return text.removesuffix("分").strip()


def _is_number(text: str) -> bool:
    try:
        return Decimal(text).is_finite()
    except (InvalidOperation, ValueError):
        return False


def kind_names() -> dict[str, str]:
    """What a pasted kind cell may say: the vocabulary's names, and its labels in English
    and in the language of the page."""
    names = {}
    for name, label in CRITERION_KIND_VOCABULARY.labels.items():
        for said in (name, label, _(label)):
            names[said.strip().lower()] = name
    names.update({"加分": "bonus", "加分项": "bonus", "扣分": "deduction",
                  "扣分项": "deduction", "否决": "veto", "否决项": "veto",
                  "一票否决": "veto", "普通": "normal", "评分项": "normal"})
    return names


def parse_paste(text: str) -> tuple[list[PastedRow], list[str]]:
    """Rows copied from a spreadsheet (cells separated by tabs): code, name, maximum,
    step (optional), kind (optional). A code numbered with dots (1.1, 2.3.1) is a sub-item
    one level down per dot; a code or name starting with "." or "·" is a sub-item (one
    level per leading mark). A first row whose maximum is not a number is taken for column
    titles and skipped. Returns the rows and the problems of lines that were skipped."""
    rows: list[PastedRow] = []
    problems: list[str] = []
    kinds = kind_names()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        cells = [_cell(c) for c in line.split("\t")]
        if len(cells) < 3:
            problems.append(_("Line %(n)d: expected code, name and maximum separated by "
                              "tabs (copy the cells from the spreadsheet).", n=number))
            continue
        code, name, maximum = cells[0], cells[1], _number(cells[2])
        step = _number(cells[3]) if len(cells) > 3 else ""
        kind_text = cells[4].strip().lower() if len(cells) > 4 else ""
        if not rows and not problems and not _is_number(maximum) and maximum:
            continue  # the column titles
        depth = 0
        marked = code or name
        while marked and marked[0] in _LEADERS:
            depth += 1
            marked = marked[1:].lstrip()
        if code:
            code = code.lstrip(_LEADERS + " ")
        else:
            name = name.lstrip(_LEADERS + " ")
        if depth == 0 and _NUMBERED.match(code):
            depth = code.rstrip(".").count(".")
        kind = kinds.get(kind_text, "") if kind_text else ""
        if kind_text and not kind:
            problems.append(_("Line %(n)d: the kind “%(kind)s” is not one of the list; "
                              "it was left as it was.", n=number, kind=cells[4].strip()))
        rows.append(PastedRow(depth=min(depth, MAX_DEPTH), code=code, name=name,
                              max_points=maximum, step=step, kind=kind))
    if rows:  # the first pasted row starts a new item
        shift = rows[0].depth
        for row in rows:
            row.depth = max(0, row.depth - shift)
    return rows, problems


__all__ = ["MAX_ROWS", "PastedRow", "TreeInvalid", "TreeRow", "check_tree", "flatten", "marked",
           "parse_paste", "row_errors", "save_tree", "totals_note"]
