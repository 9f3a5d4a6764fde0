"""Load the demo accounts and the five demo contests, play them through the real services
(marks, advancement, publication) and leave four with final results and one in its
publicity period; safe to run again (it then only restores demo rows that were changed or
removed, and completes a run that was interrupted)."""
from sqlalchemy import func, select

from ...extensions import db
from ...models import Contestant, Delegation, Entry, Event, Mark, ScoreSheet, Stage
from . import accounts, hotel, mental_health, studio, team_leader, union_chair
from .playing import state
from .records import Sync

CONTESTS = (hotel, union_chair, team_leader, mental_health, studio)


def _entries(contest_id: int):
    return Entry.stage_id.in_(select(Stage.id).where(Stage.contest_id == contest_id))


def _count(model, contest_id: int) -> int:
    query = select(func.count()).select_from(model)
    if model is Entry:
        query = query.where(_entries(contest_id))
    elif model is ScoreSheet:
        query = query.join(Entry, ScoreSheet.entry_id == Entry.id).where(_entries(contest_id))
    elif model is Mark:
        query = (query.join(ScoreSheet, Mark.sheet_id == ScoreSheet.id)
                 .join(Entry, ScoreSheet.entry_id == Entry.id).where(_entries(contest_id)))
    else:
        query = query.where(model.contest_id == contest_id)
    return db.session.scalar(query)


def _changes(sync: Sync, done: list[str]) -> str:
    if not (sync.created or sync.updated or done):
        return "unchanged"
    parts = [f"{sync.created} rows created, {sync.updated} updated"] if (
        sync.created or sync.updated) else []
    return "; ".join(parts + done)


def _summary(contest, sync: Sync, done: list[str]) -> str:
    counts = ", ".join(f"{_count(model, contest.id)} {label}" for model, label in (
        (Stage, "stages"), (Event, "events"), (Delegation, "delegations"),
        (Contestant, "contestants"), (Entry, "entries"), (ScoreSheet, "sheets"),
        (Mark, "marks")))
    return f"{contest.code} {contest.name}: {counts}; {state(contest)} ({_changes(sync, done)})"


def load_all(only: tuple[str, ...] | None = None, play: bool = True) -> list[str]:
    """Create or refresh the demo data, committing once per contest, then play each
    contest through; returns summary lines. `only` limits it to the contests with these
    codes (the accounts are always loaded); with `play` false the contests are only set
    up (no marks, advancement or results)."""
    sync = Sync()
    try:
        users = accounts.load(sync)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    lines = [f"accounts: {', '.join(u for u, *_ in accounts.ACCOUNTS)} "
             f"(password {accounts.DEMO_PASSWORD!r}; {_changes(sync, [])})"]
    for module in CONTESTS:
        if only is not None and module.CODE not in only:
            continue
        sync = Sync()
        try:
            contest = module.load(sync, users)
            accounts.members(sync, contest, users)
            db.session.commit()  # all of this contest's set-up or none of it
        except Exception:
            db.session.rollback()
            raise
        # Marks, advancement and publication: each step commits once done, and is skipped
        # when already there.
        done = module.play(contest, users) if play else []
        lines.append(_summary(contest, sync, done))
    return lines
