"""What a contest already holds, loaded once as plain tuples so that planning a
20,000-row import asks the database a handful of questions, not one per row."""
import re
import unicodedata

from sqlalchemy import select

from ..extensions import db
from ..models import Contestant, Delegation, Entry, Event, Heat, Stage, User

PERSON_COLUMNS = ("name", "gender", "unit", "delegation_id", "draw_number",
                  "id_number_masked", "id_number_hash")


def value_key(text: str) -> str:
    """How two spellings of a name are compared: full-width, case and spaces ignored."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).casefold()


class ContestIndex:
    def __init__(self, contest):
        self.contest = contest
        session = db.session
        self.events: dict[str, tuple[int, str]] = {}
        for event_id, code, name in session.execute(
                select(Event.id, Event.code, Event.name).where(Event.contest_id == contest.id)):
            self.events[value_key(name)] = (event_id, name)
            if code:
                self.events.setdefault(value_key(code), (event_id, name))
        stages = session.execute(select(Stage.id, Stage.position, Stage.name).where(
            Stage.contest_id == contest.id).order_by(Stage.position)).all()
        self.first_stage = (stages[0].id, stages[0].name) if stages else None
        self.stages: dict[str, tuple[int, str]] = {}
        for stage_id, position, name in stages:
            self.stages[value_key(name)] = (stage_id, name)
            self.stages.setdefault(str(position), (stage_id, name))
        stage_ids = [s.id for s in stages]
        self.heats = {(stage_id, value_key(name)): (heat_id, name)
                      for heat_id, stage_id, name in session.execute(
                          select(Heat.id, Heat.stage_id, Heat.name).where(
                              Heat.stage_id.in_(stage_ids)))}
        self.delegation_rows = {value_key(row.name): row for row in session.execute(
            select(Delegation.id, Delegation.name, Delegation.code, Delegation.region).where(
                Delegation.contest_id == contest.id))}
        self.delegations = {key: (row.id, row.name) for key, row in self.delegation_rows.items()}
        for row in self.delegation_rows.values():
            if row.code:
                self.delegations.setdefault(value_key(row.code), (row.id, row.name))
        self._load_people(stage_ids)

    def _load_people(self, stage_ids) -> None:
        columns = [getattr(Contestant, name) for name in PERSON_COLUMNS]
        self.contestants = {row.bib: row for row in db.session.execute(
            select(Contestant.id, Contestant.bib, *columns).where(
                Contestant.contest_id == self.contest.id))}
        self.by_hash = {row.id_number_hash: row for row in self.contestants.values()
                        if row.id_number_hash}
        self.by_draw = {row.draw_number: row for row in self.contestants.values()
                        if row.draw_number is not None}
        self.entries = {(row.contestant_id, row.event_id, row.stage_id):
                        (row.id, row.heat_id, row.guest)
                        for row in db.session.execute(
                            select(Entry.id, Entry.contestant_id, Entry.event_id,
                                   Entry.stage_id, Entry.heat_id, Entry.guest).where(
                                Entry.stage_id.in_(stage_ids)))}
        self.delegation_names = {row.id: row.name for row in self.delegation_rows.values()}


def accounts(usernames) -> dict:
    """Existing accounts by username, for the judges of an import."""
    names = list(usernames)
    found = {}
    for start in range(0, len(names), 500):  # keep IN lists short for SQLite
        for row in db.session.execute(select(User.id, User.username, User.display_name,
                                             User.unit, User.role).where(
                User.username.in_(names[start:start + 500]))):
            found[row.username] = row
    return found
