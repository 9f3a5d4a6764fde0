"""Planning a marks import of one score per entrant (a computer-marked theory exam): see
plan_marks.py."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import Component, Panel, ScoreSheet
from ..services import marks_entry
from ..services.judging import access
from .lookup import value_key
from .plan import RowAction, change_text, rows
from .plan_marks_base import (
    MARK_KINDS,
    MarksPlan,
    SheetChange,
    cell_mark,
    check_name,
    entrants_by_bib,
    shown,
)
from .problems import Problem
from .readers import Table


def exam_panels(component: Component) -> list[Panel]:
    """The panels marking the component in its stage (one per event, heat, rater group)."""
    return db.session.scalars(select(Panel).where(Panel.component_id == component.id)
                              .order_by(Panel.id)).all()


def _exam_targets(panels: list[Panel]) -> dict:
    """bib key -> [(panel, (entry id, contestant id, name, event id))]: every sheet an
    entrant's exam score becomes, one per panel marking one of the entrant's entries."""
    targets: dict = {}
    for panel in panels:
        for key, found in entrants_by_bib(access.panel_entries(panel)).items():
            targets.setdefault(key, []).extend((panel, entry) for entry in found)
    return targets


def plan_exam(plan: MarksPlan, table: Table, mapping: list, contest, component: Component) -> None:
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
                check_name(row, bib, found[0][1][2])
        if not found:
            if row.get("score"):  # the score's cell is named too, as for a known bib
                cell_mark(row, "score", *items[panels[0].id])
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
            value = cell_mark(row, "score", criterion, mark_kind)
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
                    kind.field("score").label, shown(old), shown(value)))
            elif verb == "create":
                details.setdefault((None, value), _l("score %(value)s", value=shown(value)))
        verb = "update" if "update" in verbs else "create" if "create" in verbs else "skip"
        plan.actions.append(RowAction(row.number, verb, label, list(details.values())))
