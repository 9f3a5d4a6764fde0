"""The marks matrix: every mark entered, entry × criterion × judge.

The first sheet is long (one row per mark: filters and pivot tables work on it, and it is
what CSV gets); the .xlsx adds one sheet per stage and component laid out like the paper
form: a row per entry and judge, a column per criterion."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import aliased

from .. import display
from ..extensions import db
from ..models import (
    Component,
    Contestant,
    Criterion,
    Delegation,
    Entry,
    Event,
    Heat,
    Mark,
    Panel,
    RaterGroup,
    ScoreSheet,
    Stage,
    User,
)
from ..vocabularies import label
from .exports import ExportKind, register
from .writers import Column, Sheet


def _columns(places: int) -> list[Column]:
    return [Column(_l("Stage")), Column(_l("Event")), Column(_l("Heat")),
            Column(_l("Delegation"), width=24), Column(_l("Bib number")),
            Column(_l("Draw number"), "integer"), Column(_l("Name")),
            Column(_l("Component")), Column(_l("Rater group")), Column(_l("Panel"), width=24),
            Column(_l("Judge")), Column(_l("Username")), Column(_l("Sheet status")),
            Column(_l("Criterion code")), Column(_l("Criterion"), width=30),
            Column(_l("Maximum"), "number", places), Column(_l("Mark"), "number", places)]


def _marks(contest):
    heat = aliased(Heat)
    return db.session.execute(
        select(Stage.name, Event.name, heat.name, Delegation.name, Contestant.bib,
               Contestant.draw_number, Contestant.name, Component.name, RaterGroup.name,
               Panel.name, User.display_name, User.username, ScoreSheet.status,
               Criterion.code, Criterion.name, Criterion.max_points, Mark.value,
               Stage.id, Component.id, Entry.id, Criterion.id)
        .select_from(Mark)
        .join(ScoreSheet, Mark.sheet_id == ScoreSheet.id)
        .join(Entry, ScoreSheet.entry_id == Entry.id)
        .join(Contestant, Entry.contestant_id == Contestant.id)
        .outerjoin(Delegation, Contestant.delegation_id == Delegation.id)
        .join(Stage, Entry.stage_id == Stage.id)
        .join(Event, Entry.event_id == Event.id)
        .outerjoin(heat, Entry.heat_id == heat.id)
        .join(Panel, ScoreSheet.panel_id == Panel.id)
        .join(Component, Panel.component_id == Component.id)
        .join(RaterGroup, Panel.rater_group_id == RaterGroup.id)
        .join(User, ScoreSheet.judge_id == User.id)
        .join(Criterion, Mark.criterion_id == Criterion.id)
        .where(Stage.contest_id == contest.id)
        .order_by(Stage.position, Event.position, Contestant.bib, Component.position,
                  RaterGroup.position, User.username, Criterion.position, Criterion.id)).all()


def marks(contest) -> list[Sheet]:
    places = contest.decimal_places
    found = _marks(contest)
    rows = [[*r[:12], str(label(r[12], "sheet_status")), *r[13:17]] for r in found]
    sheets = [Sheet(_l("Marks"), _columns(places), rows)]
    for group in _by_component(found).values():
        sheets.append(_matrix(group, places))
    return sheets


def _by_component(found) -> dict:
    groups: dict = {}
    for row in found:
        groups.setdefault((row[17], row[18]), []).append(row)
    return groups


def _matrix(group: list, places: int) -> Sheet:
    """Rows: entry × judge; columns: the criteria marked, in rubric order."""
    criteria = _criteria_in_order(group)
    lines: dict = {}
    for row in group:
        line = lines.setdefault((row[19], row[11]), [row[2], row[3], row[4], row[6], row[1],
                                                     row[8], row[10], {}])
        line[7][row[20]] = row[16]
    columns = [Column(_l("Heat")), Column(_l("Delegation"), width=24),
               Column(_l("Bib number")), Column(_l("Name")), Column(_l("Event")),
               Column(_l("Rater group")), Column(_l("Judge"))]
    columns += [Column(f"{code or ''} {name} ({display.plain(maximum)})".strip(), "number",
                       places, width=12) for _id, code, name, maximum in criteria]
    rows = [line[:7] + [line[7].get(c[0]) for c in criteria] for line in lines.values()]
    return Sheet(f"{group[0][0]}·{group[0][7]}", columns, rows)


def _criteria_in_order(group: list) -> list[tuple]:
    ids = {row[20] for row in group}
    known = {c.id: c for c in db.session.scalars(select(Criterion).where(Criterion.id.in_(ids)))}
    ordered = []

    def walk(nodes):
        for node in nodes:
            if node.id in ids:
                ordered.append((node.id, node.code, node.name, node.max_points))
            walk(node.children)

    roots = db.session.scalars(select(Criterion).where(
        Criterion.component_id == next(iter(known.values())).component_id,
        Criterion.parent_id.is_(None)).order_by(Criterion.position)).all()
    walk(roots)
    return ordered


register(ExportKind("marks", _l("Marks (entry × criterion × judge)"), marks))
