"""Who has submitted what: per panel for its chief judge, per contest for organizers."""
from dataclasses import dataclass, field

from sqlalchemy import select

from ...extensions import db
from ...models import Panel, ScoreSheet, Stage
from . import access


@dataclass
class PanelProgress:
    panel: Panel
    entries: list = field(default_factory=list)
    judges: list = field(default_factory=list)  # the members who mark
    non_marking: list = field(default_factory=list)  # chief judges who chair without marking
    # (entry id, judge id) -> sheet, or "recused" where a conflict keeps the judge off
    cells: dict = field(default_factory=dict)
    expected: int = 0
    counts: dict = field(default_factory=lambda: {"draft": 0, "submitted": 0,
                                                   "confirmed": 0, "missing": 0})


def panel_progress(panel: Panel) -> PanelProgress:
    progress = PanelProgress(panel)
    progress.entries = db.session.scalars(access.panel_entries(panel)).all()
    members = sorted(panel.judges, key=lambda m: m.user.display_name)
    progress.judges = [m.user for m in members if m.marks]
    progress.non_marking = [m.user for m in members if not m.marks]  # owe no sheet
    sheets = db.session.scalars(select(ScoreSheet).where(ScoreSheet.panel_id == panel.id)).all()
    by_cell = {(s.entry_id, s.judge_id): s for s in sheets}
    contest_id = access.contest_id_of(panel)
    for judge in progress.judges:
        blocked = access.conflicted_contestants(judge, contest_id)
        for entry in progress.entries:
            if entry.contestant_id in blocked:
                progress.cells[(entry.id, judge.id)] = "recused"
                continue
            progress.expected += 1
            sheet = by_cell.get((entry.id, judge.id))
            progress.cells[(entry.id, judge.id)] = sheet
            progress.counts[sheet.status if sheet else "missing"] += 1
    return progress


def contest_progress(contest_id: int) -> list[PanelProgress]:
    panels = db.session.scalars(select(Panel).join(Stage).where(Stage.contest_id == contest_id)
                                .order_by(Stage.position, Panel.name)).all()
    return [panel_progress(p) for p in panels]
