"""Plans for marks imports, in two shapes:

* exam: a computer-marked theory exam, one score per entrant (bib, optional name, score)
  for one component of a stage (e.g. the theory exam of the preliminaries), covering every
  panel marking it (one per event): each entrant's score goes to the panel(s) marking the
  entrant's entries, each panel's sheet having exactly one item; the sheets belong to the
  contest's exam account (services/marks_entry.py says why);
* sheets: marks per criterion per judge (bib, judge's username, criterion code or name,
  mark) for one stage; each (panel, entry, judge) becomes that judge's whole sheet.

Read with the same readers and column mapping as the people imports; every bad cell is a
Problem naming its row and column, and nothing is applied while one remains. A sheet
already holding the same marks (and status) is left alone, so a file applied twice
changes nothing the second time."""
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import Component, Contestant, Entry, Panel, ScoreSheet
from ..services import marks_entry
from ..services.judging import access
from ..services.results.publication import final_version
from .fields import Field, ImportKind
from .lookup import value_key
from .plan import Row, RowAction, change_text, rows
from .problems import REASONS, Problem
from .readers import Table

BIB = Field("bib", _l("Bib number"), ("参赛编号", "编号", "参赛号", "参赛证号", "选手编号",
                                      "准考证号", "考号", "bib", "bibnumber", "bibno", "number"),
            required=True, max_length=40)
MARK_KINDS = {kind.name: kind for kind in (
    ImportKind("exam", _l("Theory exam scores"), (
        BIB,
        Field("name", _l("Name"), ("姓名", "选手姓名", "考生姓名", "name", "fullname"),
              max_length=100),
        Field("score", _l("Score"), ("成绩", "分数", "得分", "理论成绩", "考试成绩",
                                     "理论考试成绩", "总分", "score", "points", "result"),
              required=True, max_length=40),
    )),
    ImportKind("sheets", _l("Marks per criterion and judge"), (
        BIB,
        Field("judge", _l("Judge (username)"), ("裁判", "裁判账号", "裁判用户名", "评委",
                                                "评委账号", "用户名", "账号", "judge",
                                                "username", "judgeusername"),
              required=True, max_length=80),
        Field("criterion", _l("Criterion (code or name)"), (
            "评分项", "评分项编号", "评分项代码", "评分项目", "评分细则", "criterion",
            "criterioncode", "item", "itemcode"), required=True, max_length=300),
        Field("mark", _l("Mark"), ("分数", "得分", "评分", "成绩", "mark", "score",
                                   "points"), required=True, max_length=40),
    )),
)}

# The reasons of a marks file, added to the people imports' (problems.REASONS) so that a
# Problem of either kind reads the same way on the preview page.
REASONS.update(marks_entry.MARK_REASONS)
REASONS.update({
    "unknown_entrant": _l("There is no entrant with bib “%(value)s” on %(where)s."),
    "name_differs": _l("Bib %(bib)s is %(other)s, not “%(value)s”."),
    "unknown_judge": _l("“%(value)s” is not a judge marking bib %(bib)s in this stage."),
    "unknown_criterion": _l("The sheet of %(judge)s for bib %(bib)s has no item "
                            "“%(value)s”."),
    "ambiguous_criterion": _l("“%(value)s” names items on two of %(judge)s's sheets: use "
                              "the item's code."),
    "conflict_of_interest": _l("%(judge)s may not mark bib %(bib)s: a conflict of "
                               "interest."),
    "veto_needs_reason": _l("A veto needs its reason, which a file cannot carry: enter "
                            "this sheet on paper entry or the tablet."),
    "incomplete_sheet": _l("The sheet of %(judge)s for bib %(bib)s lacks: %(items)s."),
    "sheet_locked": _l("%(judge)s has already submitted a sheet for bib %(bib)s with other "
                       "marks: it must be reopened before it can be replaced."),
    "results_final": _l("The results of this contest are final (version %(n)d): marks can "
                        "no longer be imported."),
    "exam_no_panels": _l("No panel marks “%(component)s” of stage “%(stage)s” yet: set up "
                         "its panels first."),
    "exam_items": _l("The sheet of panel “%(panel)s” has %(n)d items: a score per entrant "
                     "needs exactly one. Use the file of marks per criterion and judge."),
})
STATUSES = ("submitted", "confirmed")


@dataclass
class SheetChange:
    """One judge's whole sheet to write (verb create/update) or leave alone (skip)."""

    panel_id: int
    entry_id: int
    judge_id: int | None  # None: the exam account, created when the plan is applied
    values: dict  # criterion id -> Decimal
    rows: list
    verb: str = "create"


@dataclass
class MarksPlan:
    kind: str
    contest_id: int
    target_id: int  # the component (exam) or the stage (sheets)
    status: str
    sheets: list[SheetChange] = field(default_factory=list)
    actions: list[RowAction] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changes(self) -> list[SheetChange]:
        return [s for s in self.sheets if s.verb != "skip"]

    def counts(self) -> dict:
        counts = {"score_sheets": {"create": 0, "update": 0}}
        for sheet in self.changes:
            counts["score_sheets"][sheet.verb] += 1
        counts["unchanged_rows"] = sum(1 for a in self.actions if a.verb == "skip")
        return counts


def build_marks_plan(kind_name: str, table: Table, mapping: list, contest, target,
                     status: str) -> MarksPlan:
    """The plan for a marks file; `target` is the Component (exam) or the Stage (sheets)."""
    plan = MarksPlan(kind_name, contest.id, target.id, status,
                     problems=list(table.problems))
    final = final_version(contest.id)
    if final is not None:
        plan.problems.append(Problem("results_final", params=dict(n=final.number)))
    if kind_name == "exam":
        _exam(plan, table, mapping, contest, target)
    else:
        _sheets(plan, table, mapping, contest, target)
    return plan


def _entrants(query) -> dict:
    """bib -> [(entry id, contestant id, name, event id)] of the entries selected."""
    found: dict = {}
    for entry_id, contestant_id, bib, name, event_id in db.session.execute(
            query.with_only_columns(Entry.id, Contestant.id, Contestant.bib, Contestant.name,
                                    Entry.event_id)):
        found.setdefault(value_key(bib), []).append((entry_id, contestant_id, name, event_id))
    return found


def _mark(row: Row, column: str, criterion, kind: str):
    try:
        return marks_entry.parse_mark(row.get(column), criterion, kind)
    except marks_entry.BadMark as bad:
        row.problem(bad.code, column, **bad.params)
        return None


def _check_name(row: Row, bib: str, stored_name: str) -> None:
    given = row.get("name")
    if given and value_key(given) != value_key(stored_name):
        row.problem("name_differs", "name", bib=bib, other=stored_name, value=given)


# --- one score per entrant --------------------------------------------------------------

def exam_panels(component: Component) -> list[Panel]:
    """The panels marking the component in its stage (one per event, heat, rater group)."""
    return db.session.scalars(select(Panel).where(Panel.component_id == component.id)
                              .order_by(Panel.id)).all()


def _exam_targets(panels: list[Panel]) -> dict:
    """bib key -> [(panel, (entry id, contestant id, name, event id))]: every sheet an
    entrant's exam score becomes, one per panel marking one of the entrant's entries."""
    targets: dict = {}
    for panel in panels:
        for key, found in _entrants(access.panel_entries(panel)).items():
            targets.setdefault(key, []).extend((panel, entry) for entry in found)
    return targets


def _exam(plan: MarksPlan, table: Table, mapping: list, contest, component: Component) -> None:
    """The exam of a component of a stage covers all the component's panels: each row's
    entrant gets the score on every entry those panels mark (one exam counts for each
    event the contestant enters)."""
    kind = MARK_KINDS["exam"]
    panels = exam_panels(component)
    where = _l("component “%(component)s” of stage “%(stage)s”", component=component.name,
               stage=component.stage.name)
    if not panels:
        plan.problems.append(Problem("exam_no_panels", params=dict(
            component=component.name, stage=component.stage.name)))
        return
    items: dict[int, tuple] = {}  # panel id -> (its one criterion, its kind)
    for panel in panels:
        leaves, kinds = marks_entry.sheet_items(panel)
        if len(leaves) != 1:
            plan.problems.append(Problem("exam_items", params=dict(panel=panel.name,
                                                                   n=len(leaves))))
            continue
        criterion = next(iter(leaves.values()))
        items[panel.id] = (criterion, kinds[criterion.id])
    if len(items) != len(panels):
        return
    targets = _exam_targets(panels)
    account = marks_entry.exam_account(contest.id, create=False)
    existing = {}
    if account is not None:
        existing = {(s.panel_id, s.entry_id): s for s in db.session.scalars(
            select(ScoreSheet).where(ScoreSheet.panel_id.in_([p.id for p in panels]),
                                     ScoreSheet.judge_id == account.id))}
    events = {p.event_id: p.event.name for p in panels}
    seen: dict[str, int] = {}
    for row in rows(table, mapping, kind, plan.problems):
        bib = row.text("bib")
        found = None
        if bib:
            key = value_key(bib)
            if key in seen:
                row.problem("row_repeated", "bib", row=seen[key])
            seen.setdefault(key, row.number)
            found = targets.get(key)
            if not found:
                row.problem("unknown_entrant", "bib", value=bib, where=where)
            else:
                _check_name(row, bib, found[0][1][2])
        if not found:
            if row.get("score"):  # the score's cell is named too, as for a known bib
                _mark(row, "score", *items[panels[0].id])
            continue
        label = f"{bib} {found[0][1][2]}"
        if len(found) > 1:
            label += " · " + "、".join(dict.fromkeys(events[entry[3]] for _p, entry in found))
        if not row.get("score") and not row.bad:
            # an entrant who missed the exam: the blank form lists everyone
            plan.actions.append(RowAction(row.number, "skip", label,
                                          [_l("no score: left as it is")]))
            continue
        values = {}
        for panel, _entry in found:  # every cell's problem named once, even if repeated
            criterion, mark_kind = items[panel.id]
            value = _mark(row, "score", criterion, mark_kind)
            if value is None:
                break
            values[panel.id] = {criterion.id: value}
        if row.bad:
            continue
        verbs, details = [], {}
        for panel, entry in found:
            sheet = existing.get((panel.id, entry[0]))
            verb = marks_entry.outcome_for(sheet, values[panel.id], plan.status)
            plan.sheets.append(SheetChange(panel.id, entry[0], None, values[panel.id],
                                           [row.number], verb))
            verbs.append(verb)
            criterion_id, value = next(iter(values[panel.id].items()))
            if sheet is not None and verb == "update":
                old = {m.criterion_id: m.value for m in sheet.marks}.get(criterion_id)
                details.setdefault((old, value), change_text(
                    kind.field("score").label, _plain(old), _plain(value)))
            elif verb == "create":
                details.setdefault((None, value), _l("score %(value)s", value=_plain(value)))
        verb = "update" if "update" in verbs else "create" if "create" in verbs else "skip"
        plan.actions.append(RowAction(row.number, verb, label, list(details.values())))


def _plain(value):
    from ..display import plain

    return plain(value, empty="—")


# --- marks per criterion per judge ----------------------------------------------------

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


def _sheets(plan: MarksPlan, table: Table, mapping: list, contest, stage) -> None:
    kind = MARK_KINDS["sheets"]
    views = _panel_views(stage)
    entrants = _entrants(select(Entry).join(Contestant).where(
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
        value = _mark(row, "mark", criterion, view.kinds[criterion.id])
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
        details = [change_text(view.leaves[cid].name, _plain(old.get(cid)), _plain(value))
                   for cid, value in sheet.values.items() if old.get(cid) != value]
    elif sheet.verb == "create":
        details = [_l("%(n)d marks", n=len(sheet.values))]
    for number in sheet.rows:
        plan.actions.append(RowAction(number, sheet.verb, label,
                                      details if number == first else []))


def sheet_key(sheet: SheetChange) -> tuple:
    return sheet.panel_id, sheet.entry_id, sheet.judge_id


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
