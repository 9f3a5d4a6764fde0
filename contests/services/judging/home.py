"""A judge's home page: each panel they sit on, how far they are, and where to go next."""
from dataclasses import dataclass, field

from sqlalchemy import select

from ...extensions import db
from ...models import Panel, PanelJudge, ScoreSheet, Stage
from . import access, opening


@dataclass
class MyPanel:
    """One of the judge's panels, with this judge's own progress on it."""

    panel: Panel
    is_chief: bool
    marks: bool = True  # False: a chief judge who chairs without marking
    judging_open: bool = True
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
        found = access.Seat(seat_row.panel, judge, seat_row.is_chief, seat_row.marks)
        entries = access.markable_entries(found)
        statuses = my_statuses(found)
        mine = MyPanel(found.panel, found.is_chief, found.marks,
                       opening.is_open(found.panel.stage), entries=len(entries))
        for entry in entries:
            status = statuses.get(entry.id)
            if status in mine.counts:
                mine.counts[status] += 1
            if mine.next_entry_code is None and status not in ("submitted", "confirmed"):
                mine.next_entry_code = access.entry_code(found.panel.id, entry.id)
        out.append(mine)
    return out


DONE = ("submitted", "confirmed")


def my_statuses(found: access.Seat) -> dict[int, str]:
    """Entry id -> the status of this judge's sheet on the panel (entries with a sheet)."""
    return dict(db.session.execute(
        select(ScoreSheet.entry_id, ScoreSheet.status).where(
            ScoreSheet.panel_id == found.panel.id,
            ScoreSheet.judge_id == found.judge.id)).all())


def neighbours(found: access.Seat, entry_id: int) -> tuple[str | None, str | None]:
    """The codes of the entries before and after `entry_id` in panel order (None at the
    ends), among the entries this judge marks."""
    ids = [e.id for e in access.markable_entries(found)]
    if entry_id not in ids:
        return None, None
    at = ids.index(entry_id)
    before = ids[at - 1] if at > 0 else None
    after = ids[at + 1] if at + 1 < len(ids) else None
    return tuple(access.entry_code(found.panel.id, i) if i is not None else None
                 for i in (before, after))


def next_open(found: access.Seat, after_entry_id: int) -> str | None:
    """The code of the next entry (in panel order, after `after_entry_id`, then from the
    top) whose sheet this judge has not yet submitted; None when every one is submitted."""
    ids = [e.id for e in access.markable_entries(found)]
    statuses = my_statuses(found)
    at = ids.index(after_entry_id) + 1 if after_entry_id in ids else 0
    for entry_id in ids[at:] + ids[:at]:
        if entry_id != after_entry_id and statuses.get(entry_id) not in DONE:
            return access.entry_code(found.panel.id, entry_id)
    return None
