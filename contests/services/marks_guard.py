"""How many marks hang below an object: deleting anything with marks is refused."""
from sqlalchemy import func, or_, select

from ..extensions import db
from ..models import (
    Component,
    Contest,
    Contestant,
    Criterion,
    Delegation,
    Entry,
    Event,
    Heat,
    Mark,
    Panel,
    PanelJudge,
    RaterGroup,
    ScoreSheet,
    Stage,
    User,
)


def _count(*conditions, via_entry=False, via_panel=False) -> int:
    query = select(func.count(Mark.id)).join(ScoreSheet, Mark.sheet_id == ScoreSheet.id)
    if via_entry:
        query = query.join(Entry, ScoreSheet.entry_id == Entry.id)
    if via_panel:
        query = query.join(Panel, ScoreSheet.panel_id == Panel.id)
    return db.session.scalar(query.where(*conditions)) or 0


def _criterion_ids(criterion: Criterion) -> list[int]:
    ids, todo = [], [criterion]
    while todo:
        node = todo.pop()
        ids.append(node.id)
        todo.extend(node.children)
    return ids


_COUNTERS = {
    Contest: lambda o: _count(
        Entry.stage_id.in_(select(Stage.id).where(Stage.contest_id == o.id)), via_entry=True),
    Event: lambda o: _count(Entry.event_id == o.id, via_entry=True),
    Stage: lambda o: _count(Entry.stage_id == o.id, via_entry=True),
    Heat: lambda o: _count(or_(Entry.heat_id == o.id, Panel.heat_id == o.id),
                           via_entry=True, via_panel=True),
    Component: lambda o: _count(Panel.component_id == o.id, via_panel=True),
    RaterGroup: lambda o: _count(Panel.rater_group_id == o.id, via_panel=True),
    Criterion: lambda o: _count(Mark.criterion_id.in_(_criterion_ids(o))),
    Delegation: lambda o: _count(Entry.contestant_id.in_(
        select(Contestant.id).where(Contestant.delegation_id == o.id)), via_entry=True),
    Contestant: lambda o: _count(Entry.contestant_id == o.id, via_entry=True),
    Entry: lambda o: _count(ScoreSheet.entry_id == o.id),
    Panel: lambda o: _count(ScoreSheet.panel_id == o.id),
    PanelJudge: lambda o: _count(ScoreSheet.panel_id == o.panel_id,
                                 ScoreSheet.judge_id == o.user_id),
    User: lambda o: _count(ScoreSheet.judge_id == o.id),
}


def marks_under(obj) -> int:
    """Marks that deleting `obj` would destroy or orphan (0 for kinds that hold no marks)."""
    counter = _COUNTERS.get(type(obj))
    return counter(obj) if counter else 0
