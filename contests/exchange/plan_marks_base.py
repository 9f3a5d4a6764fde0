"""What the two marks imports share (plan_marks.py says what they are): the kinds of file
and their columns, the reasons a row is refused, the plan and its sheets, and the reading
of a cell's bib, name and mark."""
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..models import Contestant, Entry
from ..services import marks_entry
from .fields import Field, ImportKind
from .lookup import value_key
from .plan import Row, RowAction
from .problems import REASONS, Problem

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



def entrants_by_bib(query) -> dict:
    """bib -> [(entry id, contestant id, name, event id)] of the entries selected."""
    found: dict = {}
    for entry_id, contestant_id, bib, name, event_id in db.session.execute(
            query.with_only_columns(Entry.id, Contestant.id, Contestant.bib, Contestant.name,
                                    Entry.event_id)):
        found.setdefault(value_key(bib), []).append((entry_id, contestant_id, name, event_id))
    return found


def cell_mark(row: Row, column: str, criterion, kind: str):
    """A cell's mark. A deduction item's mark is the points taken off: "3" and "-3" (as
    score sheets often write it) both take 3 off."""
    text = row.get(column)
    if kind == "deduction":
        text = str(text or "").strip().lstrip("-−－").strip()
    try:
        return marks_entry.parse_mark(text, criterion, kind)
    except marks_entry.BadMark as bad:
        row.problem(bad.code, column, **bad.params)
        return None


def check_name(row: Row, bib: str, stored_name: str) -> None:
    given = row.get("name")
    if given and value_key(given) != value_key(stored_name):
        row.problem("name_differs", "name", bib=bib, other=stored_name, value=given)



def shown(value):
    from ..display import plain

    return plain(value, empty="—")


def sheet_key(sheet: SheetChange) -> tuple:
    return sheet.panel_id, sheet.entry_id, sheet.judge_id

