"""Load the demo accounts and the three demo contests; safe to run again (it then only
restores demo rows that were changed or removed)."""
from sqlalchemy import func, select

from ...extensions import db
from ...models import Contestant, Delegation, Entry, Event, Stage
from . import accounts, hotel, team_leader, union_chair
from .records import Sync

CONTESTS = (hotel, union_chair, team_leader)


def _count(model, contest_id: int) -> int:
    if model is Entry:
        condition = Entry.stage_id.in_(select(Stage.id).where(Stage.contest_id == contest_id))
    else:
        condition = model.contest_id == contest_id
    return db.session.scalar(select(func.count()).select_from(model).where(condition))


def _changes(sync: Sync) -> str:
    if not (sync.created or sync.updated):
        return "unchanged"
    return f"{sync.created} rows created, {sync.updated} updated"


def _summary(contest, sync: Sync) -> str:
    counts = ", ".join(f"{_count(model, contest.id)} {label}" for model, label in (
        (Stage, "stages"), (Event, "events"), (Delegation, "delegations"),
        (Contestant, "contestants"), (Entry, "entries")))
    return f"{contest.code} {contest.name}: {counts} ({_changes(sync)})"


def load_all() -> list[str]:
    """Create or refresh the demo data, committing once per contest; returns summary lines."""
    sync = Sync()
    try:
        users = accounts.load(sync)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    lines = [f"accounts: {', '.join(u for u, *_ in accounts.ACCOUNTS)} "
             f"(password {accounts.DEMO_PASSWORD!r}; {_changes(sync)})"]
    for module in CONTESTS:
        sync = Sync()
        try:
            contest = module.load(sync, users)
            db.session.commit()  # all of this contest or none of it
        except Exception:
            db.session.rollback()
            raise
        lines.append(_summary(contest, sync))
    return lines
