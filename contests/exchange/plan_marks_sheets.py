"""Planning a marks import of marks per criterion per judge (each (panel, entry, judge)
becomes that judge's whole sheet): see plan_marks.py."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import Contestant, Entry, Panel
from ..services import marks_entry
from ..services.judging import access
from .lookup import value_key
from .plan import RowAction, change_text, rows
from .plan_marks_base import (
    MARK_KINDS,
    MarksPlan,
    SheetChange,
    cell_mark,
    entrants_by_bib,
    sheet_key,
    shown,
)
from .problems import Problem
from .readers import Table


@dataclass
class _PanelView:
    panel: Panel
    judges: dict  # user id -> User (marking members)
    entries: set  # entry ids the panel marks
    leaves: dict
    kinds: dict
    by_name: dict  # value_key(code or name) -> [criterion]


def _panel_views(stage) -> list[_PanelView]:
    views = []
    for panel in db.session.scalars(select(Panel).where(Panel.stage_id == stage.id)
                                    .order_by(Panel.id)):
        leaves, kinds = marks_entry.sheet_items(panel)
        by_name: dict = {}
        for criterion in leaves.values():
            for text in {criterion.code, criterion.name} - {None, ""}:
                by_name.setdefault(value_key(text), []).append(criterion)
        entries = set(db.session.scalars(access.panel_entries(panel).with_only_columns(
            Entry.id)))
        views.append(_PanelView(panel, {m.user_id: m.user for m in panel.judges if m.marks},
                                entries, leaves, kinds, by_name))
    return views


def plan_sheets(plan: MarksPlan, table: Table, mapping: list, contest, stage) -> None:
    kind = MARK_KINDS["sheets"]
    views = _panel_views(stage)
    entrants = entrants_by_bib(select(Entry).join(Contestant).where(
        Entry.stage_id == stage.id, Entry.status.in_(access.MARKABLE_STATUSES)))
    judges = {value_key(u.username): u for v in views for u in v.judges.values()}
    conflicts: dict[int, set] = {}
    where = _l("stage “%(stage)s”", stage=stage.name)
    seen: dict[tuple, int] = {}
    sheets: dict[tuple, SheetChange] = {}
    bad_sheets: set[tuple] = set()
    labels: dict[tuple, str] = {}
    for row in rows(table, mapping, kind, plan.problems):
        bib, username = row.text("bib"), row.text("judge")
        item, _raw = row.text("criterion"), row.text("mark")
        entries = entrants.get(value_key(bib or "")) if bib else None
        if bib and not entries:
            row.problem("unknown_entrant", "bib", value=bib, where=where)
        judge = judges.get(value_key(username or "")) if username else None
        if username and entries and judge is None:
            row.problem("unknown_judge", "judge", value=username, bib=bib)
        if row.bad or not (entries and judge and item):
            continue
        seats = [(v, e) for v in views if judge.id in v.judges for e in entries
                 if e[0] in v.entries]
        if not seats:
            row.problem("unknown_judge", "judge", value=username, bib=bib)
            continue
        matches = [(v, e, c) for v, e in seats for c in v.by_name.get(value_key(item), [])]
        name = judge.display_name
        if not matches:
            row.problem("unknown_criterion", "criterion", value=item, judge=name, bib=bib)
            continue
        if len(matches) > 1:
            row.problem("ambiguous_criterion", "criterion", value=item, judge=name)
            continue
        view, entry, criterion = matches[0]
        if judge.id not in conflicts:
            conflicts[judge.id] = access.conflicted_contestants(judge, contest.id)
        key = (view.panel.id, entry[0], judge.id)
        if entry[1] in conflicts[judge.id]:
            row.problem("conflict_of_interest", "judge", judge=name, bib=bib)
        value = cell_mark(row, "mark", criterion, view.kinds[criterion.id])
        if value is not None and view.kinds[criterion.id] == "veto" and value:
            row.problem("veto_needs_reason", "mark")
        mark_key = key + (criterion.id,)
        if mark_key in seen:
            row.problem("row_repeated", "criterion", row=seen[mark_key])
        seen.setdefault(mark_key, row.number)
        sheet = sheets.setdefault(key, SheetChange(*key, {}, []))
        sheet.rows.append(row.number)
        labels[key] = f"{bib} {entry[2]} · {name} · {view.panel.name}"
        if row.bad:
            bad_sheets.add(key)
            continue
        sheet.values[criterion.id] = value
    by_panel = {v.panel.id: v for v in views}
    for key, sheet in sheets.items():
        if key in bad_sheets:
            continue
        _settle(plan, by_panel[key[0]], sheet, labels[key], table, mapping)
    plan.actions.sort(key=lambda action: action.row)


def _settle(plan: MarksPlan, view: _PanelView, sheet: SheetChange, label: str,
            table: Table, mapping: list) -> None:
    judge = view.judges[sheet.judge_id]
    bib = label.split(" ", 1)[0]
    first = sheet.rows[0]
    column = mapping.index("judge") if "judge" in mapping else None
    letter, header = (None, None) if column is None else (
        _letter(column), table.headers[column])
    missing = [c.name for cid, c in view.leaves.items()
               if view.kinds[cid] == "normal" and cid not in sheet.values]
    if missing:
        plan.problems.append(Problem("incomplete_sheet", first, letter, header, dict(
            judge=judge.display_name, bib=bib, items="、".join(missing))))
        return
    stored = marks_entry.current_sheet(*sheet_key(sheet))
    sheet.verb = marks_entry.outcome_for(stored, sheet.values, plan.status)
    if stored is not None and stored.status in marks_entry.LOCKED and sheet.verb == "update" \
            and {m.criterion_id: m.value for m in stored.marks} != sheet.values:
        plan.problems.append(Problem("sheet_locked", first, letter, header, dict(
            judge=judge.display_name, bib=bib)))
        return
    plan.sheets.append(sheet)
    details = []
    if stored is not None and sheet.verb == "update":
        old = {m.criterion_id: m.value for m in stored.marks}
        details = [change_text(view.leaves[cid].name, shown(old.get(cid)), shown(value))
                   for cid, value in sheet.values.items() if old.get(cid) != value]
    elif sheet.verb == "create":
        details = [_l("%(n)d marks", n=len(sheet.values))]
    for number in sheet.rows:
        plan.actions.append(RowAction(number, sheet.verb, label,
                                      details if number == first else []))



def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
