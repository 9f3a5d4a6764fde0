"""An import plan: what applying a file would create, update or leave alone, row by row,
and every problem found. Building a plan writes nothing; the organizer previews it, and
services.exchange.imports applies it in one transaction only when it has no problems."""
import re
import unicodedata
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from openpyxl.utils import get_column_letter, range_boundaries

from .fields import KINDS, ImportKind, recognise
from .problems import Problem
from .readers import Table

CJK = "\u3400-\u9fff\U00020000-\U0003134f"
BETWEEN_CJK = re.compile(rf"(?<=[{CJK}])\s+(?=[{CJK}])")


@dataclass
class Change:
    """One row to insert (id None) or update in one table."""

    table: str  # delegations | contestants | entries | users
    key: tuple  # natural key, so rows created by the same plan can refer to it
    new: dict  # all values of a new row, or the changed values of an existing one
    old: dict | None = None
    id: int | None = None
    refs: dict = field(default_factory=dict)  # column -> (table, key) created in this plan


@dataclass
class RowAction:
    row: int
    verb: str  # create | update | skip
    label: str
    details: list = field(default_factory=list)  # lazy texts, translated when shown


@dataclass
class Plan:
    kind: str
    contest_id: int
    changes: list[Change] = field(default_factory=list)
    actions: list[RowAction] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Delegations the file names that the contest does not have (contestants): created by
    # the import only when the organizer agrees (create_delegations), else row problems.
    missing_delegations: list[str] = field(default_factory=list)
    create_delegations: bool = False
    # The missing delegations are the file's only problem: the preview shows the import as
    # it would be with them created, and the confirm form asks for the organizer's consent.
    consent_needed: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict:
        """{table: {"create": n, "update": m}} plus the rows that change nothing."""
        counts: dict = {}
        for change in self.changes:
            verb = "create" if change.id is None else "update"
            counts.setdefault(change.table, {"create": 0, "update": 0})[verb] += 1
        counts["unchanged_rows"] = sum(1 for a in self.actions if a.verb == "skip")
        return counts


def change_text(label, old, new):
    return _l("%(field)s: %(old)s → %(new)s", field=label, old=old if old not in (None, "")
              else "—", new=new)


def clean(text: str) -> str:
    """Full-width letters folded, runs of spaces made one, and the padding space some forms
    put inside two-character Chinese names (王　喆) removed."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "")).strip()
    return BETWEEN_CJK.sub("", text)


class Row:
    """One data row: its cells by field name, and a way to report a problem on a cell."""

    def __init__(self, table: Table, columns: dict[str, int], number: int, cells: list,
                 problems: list[Problem], kind: ImportKind, flagged: set):
        self.table, self.columns, self.number, self.cells = table, columns, number, cells
        self.problems, self.kind, self.flagged = problems, kind, flagged
        self.bad = False

    def get(self, name: str) -> str:
        index = self.columns.get(name)
        return clean(self.cells[index]) if index is not None else ""

    def raw(self, name: str) -> str:
        """The cell exactly as typed (passwords are not cleaned)."""
        index = self.columns.get(name)
        return self.cells[index] if index is not None else ""

    def problem(self, code: str, name: str, /, **params) -> None:
        index = self.columns.get(name)
        self.bad = True
        if (self.number, index) in self.flagged:
            return  # a formula or merged cell, reported already: its emptiness is no news
        self.problems.append(Problem(
            code, self.number, get_column_letter(index + 1) if index is not None else None,
            self.table.headers[index] if index is not None else None, params))

    def text(self, name: str) -> str | None:
        """The cleaned value, checked for presence and length; None when empty."""
        spec = self.kind.field(name)
        value = self.get(name)
        if not value:
            if spec.required:
                self.problem("required", name, field=spec.label)
            return None
        if spec.max_length and len(value) > spec.max_length:
            self.problem("too_long", name, max=spec.max_length)
        return value


def rows(table: Table, mapping: list, kind: ImportKind, problems: list[Problem]):
    """The rows of `table` under `mapping` (field name or None per column); nothing when a
    required column is missing, which is reported once for the whole file."""
    columns = {name: index for index, name in enumerate(mapping) if name}
    missing = [f for f in kind.fields if f.required and f.name not in columns]
    for spec in missing:
        problems.append(Problem("missing_column", params=dict(field=spec.label)))
    if missing:
        return
    flagged = _flagged_cells(table)
    for number, cells in table.rows:
        yield Row(table, columns, number, cells, problems, kind, flagged)


def _flagged_cells(table: Table) -> set[tuple[int, int]]:
    """(row, column index) of every formula and merged cell found while reading."""
    cells = set()
    for problem in table.problems:
        if problem.code == "merged":
            first_col, first_row, last_col, last_row = range_boundaries(problem.params["range"])
            cells.update((r, c - 1) for r in range(first_row, last_row + 1)
                         for c in range(first_col, last_col + 1))
        elif problem.row is not None and problem.column:
            cells.add((problem.row, range_boundaries(f"{problem.column}1")[0] - 1))
    return cells


def default_mapping(kind_name: str, table: Table) -> list:
    return recognise(KINDS[kind_name], table.headers)


def unknown_columns(mapping: list, table: Table) -> list[int]:
    """Columns with a header or data that no field claims: the organizer decides."""
    return [index for index, name in enumerate(mapping)
            if name is None and (table.headers[index] or any(r[1][index] for r in table.rows))]


def build_plan(kind_name: str, table: Table, mapping: list, contest,
               create_delegations: bool = False) -> Plan:
    """`create_delegations`: the organizer agreed that delegations named by a contestants
    file and missing from the contest are created with it."""
    from . import plan_judges, plan_people

    planner = {"delegations": plan_people.delegations, "contestants": plan_people.contestants,
               "judges": plan_judges.judges}[kind_name]
    plan = Plan(kind_name, contest.id, problems=list(table.problems),
                create_delegations=create_delegations and kind_name == "contestants")
    planner(plan, table, mapping, contest)
    return plan


def preview_plan(kind_name: str, table: Table, mapping: list, contest,
                 create_delegations: bool = False) -> Plan:
    """The plan the preview shows. When the missing delegations are a contestants file's
    only problem, it is the import as it would be with them created, and the confirm form
    asks for consent (`consent_needed`): one submission instead of a preview round trip."""
    plan = build_plan(kind_name, table, mapping, contest, create_delegations)
    if create_delegations or not plan.missing_delegations or any(
            p.code != "unknown_delegation" for p in plan.problems):
        return plan
    plan = build_plan(kind_name, table, mapping, contest, create_delegations=True)
    plan.create_delegations, plan.consent_needed = False, True
    return plan
