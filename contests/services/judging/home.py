"""A judge's home page: each panel they sit on, how far they are, and where to go next."""
from dataclasses import dataclass, field

from sqlalchemy import select

from ...extensions import db
from ...models import Panel, PanelJudge, ScoreSheet, Stage
from . import access


@dataclass
class MyPanel:
    """One of the judge's panels, with this judge's own progress on it."""

    panel: Panel
    is_chief: bool
    entries: int = 0
    counts: dict = field(default_factory=lambda: {"draft": 0, "submitted": 0, "confirmed": 0})
    next_entry_code: str | None = None  # the first entry not yet submitted, by its code

    @property
    def done(self) -> int:
        return self.counts["submitted"] + self.counts["confirmed"]


def my_panels(judge) -> list[MyPanel]:
    seats = db.session.scalars(
        select(PanelJudge).join(Panel).join(Stage).where(PanelJudge.user_id == judge.id)
        .order_by(Stage.contest_id, Stage.position, Panel.name)).all()
    out = []
    for seat_row in seats:
        found = access.Seat(seat_row.panel, judge, seat_row.is_chief)
        entries = access.markable_entries(found)
        statuses = dict(db.session.execute(
            select(ScoreSheet.entry_id, ScoreSheet.status).where(
                ScoreSheet.panel_id == found.panel.id, ScoreSheet.judge_id == judge.id)).all())
        mine = MyPanel(found.panel, found.is_chief, entries=len(entries))
        for entry in entries:
            status = statuses.get(entry.id)
            if status in mine.counts:
                mine.counts[status] += 1
            if mine.next_entry_code is None and status not in ("submitted", "confirmed"):
                mine.next_entry_code = access.entry_code(found.panel.id, entry.id)
        out.append(mine)
    return out
