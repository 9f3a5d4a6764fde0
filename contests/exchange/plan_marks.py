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
from ..services.results.publication import final_version
from .plan_marks_base import MARK_KINDS, REASONS, STATUSES, MarksPlan, SheetChange, sheet_key
from .plan_marks_exam import exam_panels, plan_exam
from .plan_marks_sheets import plan_sheets
from .problems import Problem
from .readers import Table

__all__ = ["MARK_KINDS", "REASONS", "STATUSES", "MarksPlan", "SheetChange",
           "build_marks_plan", "exam_panels", "sheet_key"]


def build_marks_plan(kind_name: str, table: Table, mapping: list, contest, target,
                     status: str) -> MarksPlan:
    """The plan for a marks file; `target` is the Component (exam) or the Stage (sheets)."""
    plan = MarksPlan(kind_name, contest.id, target.id, status,
                     problems=list(table.problems))
    final = final_version(contest.id)
    if final is not None:
        plan.problems.append(Problem("results_final", params=dict(n=final.number)))
    if kind_name == "exam":
        plan_exam(plan, table, mapping, contest, target)
    else:
        plan_sheets(plan, table, mapping, contest, target)
    return plan
