"""Who may mark which entry. Conflicts of interest are enforced here, for lists and for
direct URLs alike: a judge never receives an entry they must recuse from.

Judges address an entry by its code on the panel (`entry_code`), never by the entry's id,
which is also the id of its public page: knowing the code tells nothing about who it is."""
import base64
import hashlib
import hmac
from dataclasses import dataclass
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, and_, bindparam, or_, select
from sqlalchemy.orm import joinedload

from ...extensions import db
from ...models import Conflict, Contestant, Entry, Panel, PanelJudge, SealedCode, Stage, User
from ...refusals import NotAllowed, NotFound
from . import opening

MARKABLE_STATUSES = ("registered", "advanced")


@dataclass(frozen=True)
class Seat:
    """A judge's place on a panel."""

    panel: Panel
    judge: User
    is_chief: bool
    marks: bool = True  # False: a chief judge who chairs without marking


def seat(judge: User, panel_id: int) -> Seat:
    """The judge's seat on a panel; NotFound when they are not on it (a panel they do not
    sit on is not theirs to know about). The panel comes with what a judge's request reads
    of it (stage, contest, component), in the same query: loaded once per request."""
    return seat_of(db.session.scalar(seat_query(), seat_params(judge, panel_id)), judge)


#: The parameters of `seat_query` (and `with_own_conflicts`).
_PANEL, _JUDGE = bindparam("seat_panel_id"), bindparam("seat_judge_id")


@cache
def seat_query() -> Select:
    """The query of `seat` (one row or none; parameters `seat_params`), for a caller that
    reads more beside it. Built once: every save runs it."""
    panel = joinedload(PanelJudge.panel)
    return (select(PanelJudge).select_from(PanelJudge)
            .where(PanelJudge.panel_id == _PANEL, PanelJudge.user_id == _JUDGE)
            .options(panel.joinedload(Panel.stage).joinedload(Stage.contest),
                     panel.joinedload(Panel.component)))


def seat_params(judge: User, panel_id: int) -> dict:
    return {_PANEL.key: panel_id, _JUDGE.key: judge.id}


def seat_of(row: PanelJudge | None, judge: User) -> Seat:
    """The Seat of a row of `seat_query`; NotFound for no row."""
    if row is None:
        raise NotFound(_("You are not on this panel."), code="not_on_panel")
    return Seat(row.panel, judge, row.is_chief, row.marks)


def member(panel: Panel, user_id: int) -> User:
    """A judge of the panel, by their account id; NotFound for any other account (the
    panel's pages name only its own members)."""
    found = next((m.user for m in panel.judges if m.user_id == user_id), None)
    if found is None:
        raise NotFound(_("This judge is not on this panel."), code="not_a_member")
    return found


def chief_seat(judge: User, panel_id: int) -> Seat:
    found = seat(judge, panel_id)
    if not found.is_chief:
        raise NotAllowed(_("Only the panel's chief judge may do this."), code="not_chief")
    return found


def contest_id_of(panel: Panel) -> int:
    """The panel's contest, through its stage (already loaded by `seat`: no query then)."""
    return panel.stage.contest_id


@dataclass(frozen=True)
class Recusal:
    """Whom a judge must not mark in one contest: declared conflicts (a person, a
    delegation, a unit) and, without declaration, anyone from the judge's own work unit."""

    contest_id: int
    people: frozenset[int]
    delegations: frozenset[int]
    units: frozenset[str]

    def bars(self, contestant_id: int, contest_id: int, delegation_id: int | None,
             unit: str | None) -> bool:
        """Whether this contestant (of `contest_id`, in the delegation and unit given) is
        one the judge must not mark."""
        return contestant_id in self.people or (contest_id == self.contest_id and (
            delegation_id in self.delegations or unit in self.units))


#: A judge's declared conflicts as `recusal` reads them.
CONFLICT_COLUMNS = (Conflict.contestant_id, Conflict.delegation_id, Conflict.unit)


def with_own_conflicts(query: Select) -> Select:
    """`query` (of the judge's seat, `seat_query`) with the judge's declared conflicts in
    the contest of the panel outer-joined: its last columns are CONFLICT_COLUMNS, a row per
    conflict (one row of Nones when there is none). Parameters: `seat_params`."""
    contest = (select(Stage.contest_id).join(Panel, Panel.stage_id == Stage.id)
               .where(Panel.id == _PANEL).scalar_subquery())
    return query.add_columns(*CONFLICT_COLUMNS).outerjoin(
        Conflict, and_(Conflict.user_id == _JUDGE, Conflict.contest_id == contest))


def recusal(judge: User, contest_id: int, declared) -> Recusal:
    """The judge's Recusal from their declared conflicts in the contest (rows of
    CONFLICT_COLUMNS; rows of None are skipped)."""
    units = {unit.strip() for _person, _delegation, unit in declared if unit}
    if judge.unit:
        units.add(judge.unit.strip())
    return Recusal(contest_id,
                   frozenset(person for person, _d, _u in declared if person),
                   frozenset(delegation for _p, delegation, _u in declared if delegation),
                   frozenset(units))


def conflicted_contestants(judge: User, contest_id: int) -> set[int]:
    """Contestants this judge must not mark: declared conflicts (a person, a delegation,
    a unit) and, without declaration, anyone from the judge's own work unit."""
    declared = db.session.execute(select(*CONFLICT_COLUMNS).where(
        Conflict.contest_id == contest_id, Conflict.user_id == judge.id)).all()
    barred = recusal(judge, contest_id, declared)
    people = set(barred.people)
    conditions = []
    if barred.delegations:
        conditions.append(Contestant.delegation_id.in_(barred.delegations))
    if barred.units:
        conditions.append(Contestant.unit.in_(barred.units))
    if conditions:
        people |= set(db.session.scalars(select(Contestant.id).where(
            Contestant.contest_id == contest_id, or_(*conditions))).all())
    return people


def _of_panel(query: Select, stage_id, event_id, heat_id) -> Select:
    """`query` (of entries joined to their contestants) narrowed to what a panel marks: its
    stage and event (and heat, unless `heat_id` is None), still in the contest."""
    query = query.where(Entry.stage_id == stage_id, Entry.event_id == event_id,
                        Entry.status.in_(MARKABLE_STATUSES))
    return query if heat_id is None else query.where(Entry.heat_id == heat_id)


def panel_entries(panel: Panel):
    """Entries a panel marks: its stage and event (and heat), still in the contest."""
    query = _of_panel(select(Entry).join(Contestant), panel.stage_id, panel.event_id,
                      panel.heat_id)
    # sealed entries (加密) in the order of their codes, which says nothing of who they are
    query = query.outerjoin(SealedCode, SealedCode.entry_id == Entry.id)
    return query.order_by(SealedCode.code, Contestant.draw_number, Contestant.bib)


def entries_of(panel: Panel) -> list[Entry]:
    return db.session.scalars(panel_entries(panel)).all()


def may_mark(found: Seat) -> None:
    """Refuses unless the judge may mark on the panel now: NotAllowed for a chief judge who
    does not mark, Conflict (judging_closed) before judging of the stage is opened."""
    if not found.marks:
        raise NotAllowed(_("You chair this panel without marking: you confirm and reopen "
                           "its sheets, but have no sheet of your own."), code="not_marking")
    opening.require_open(found.panel.stage)


def markable_entries(found: Seat) -> list[Entry]:
    """The entries this judge marks on the panel, in panel order (none for a chief judge
    who does not mark)."""
    if not found.marks:
        return []
    blocked = conflicted_contestants(found.judge, contest_id_of(found.panel))
    return [e for e in db.session.scalars(panel_entries(found.panel)).all()
            if e.contestant_id not in blocked]


def markable_entry(found: Seat, entry_id: int) -> Entry:
    """The entry if this judge may mark it on this panel; NotFound when it is not on the
    panel, NotAllowed when the judge must recuse from it (or does not mark), Conflict
    before judging is opened."""
    may_mark(found)
    entry = db.session.scalar(panel_entries(found.panel).where(Entry.id == entry_id))
    if entry is None:
        raise _not_on_panel()
    return _unconflicted(found, entry)


def _not_on_panel() -> NotFound:
    return NotFound(_("This entry is not marked by this panel."), code="not_on_panel")


def _unconflicted(found: Seat, entry: Entry) -> Entry:
    if entry.contestant_id in conflicted_contestants(found.judge, contest_id_of(found.panel)):
        raise _conflicted()
    return entry


def _conflicted() -> NotAllowed:
    return NotAllowed(_("You may not mark this entry: a conflict of interest."),
                      code="conflict_of_interest")


CODE_LENGTH = 10  # url-safe base64 characters: 60 bits of an HMAC-SHA256


def entry_code(panel_id: int, entry_id: int) -> str:
    """The entry's opaque code on one panel: a keyed hash (the app's SECRET_KEY) of the
    panel and the entry, so the same entry has another code on every panel and nobody
    without the key can compute one. Derived, not stored: no table, nothing written when
    a judge opens a page, the same on every worker."""
    key = current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    digest = hmac.new(key, f"contests.judging.entry-code|{panel_id}|{entry_id}".encode(),
                      hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()[:CODE_LENGTH]


def entry_codes(panel: Panel, entries) -> dict[int, str]:
    """Entry id -> its code on this panel, for pages that link to several sheets."""
    return {e.id: entry_code(panel.id, e.id) for e in entries}


def panel_entry_by_code(panel: Panel, code) -> Entry:
    """The panel's entry with this code (conflicts not checked: for the chief's pages);
    NotFound for anything else, an entry id included."""
    if isinstance(code, str) and len(code) == CODE_LENGTH and code.isascii():
        for entry in entries_of(panel):
            if hmac.compare_digest(entry_code(panel.id, entry.id), code):
                return entry
    raise _not_on_panel()


@cache
def _entry_rows(in_heat: bool) -> Select:
    """`panel_entries` as plain rows (entry, contestant, contest, delegation, unit), for a
    panel of a heat or not; parameters stage_id, event_id (and heat_id). Built once."""
    return _of_panel(select(Entry.id, Entry.contestant_id, Contestant.contest_id,
                            Contestant.delegation_id, Contestant.unit).join(Contestant),
                     bindparam("stage_id"), bindparam("event_id"),
                     bindparam("heat_id") if in_heat else None)


def markable_entry_id_by_code(found: Seat, code, barred: Recusal) -> int:
    """The id of the entry with this code if this judge, whose declared conflicts are
    `barred`, may mark it on this panel; refusals as `markable_entry_by_code`. The
    entries are read with their contestants' delegations and units (one query, no ORM
    objects), so the conflicts need no query of their own."""
    may_mark(found)
    if isinstance(code, str) and len(code) == CODE_LENGTH and code.isascii():
        panel = found.panel
        rows = db.session.execute(_entry_rows(panel.heat_id is not None), {
            "stage_id": panel.stage_id, "event_id": panel.event_id,
            "heat_id": panel.heat_id}).all()
        for entry_id, *contestant in rows:
            if hmac.compare_digest(entry_code(found.panel.id, entry_id), code):
                if barred.bars(*contestant):
                    raise _conflicted()
                return entry_id
    raise _not_on_panel()


def markable_entry_by_code(found: Seat, code) -> Entry:
    """The entry with this code if this judge may mark it on this panel: NotFound when no
    entry of the panel has the code, NotAllowed when the judge must recuse from it (or does
    not mark), Conflict before judging is opened."""
    may_mark(found)
    return _unconflicted(found, panel_entry_by_code(found.panel, code))


def affected_by_conflicts(panel: Panel) -> dict[int, list[Entry]]:
    """For each judge of the panel, the entries they must recuse from (for organizers)."""
    contest_id = contest_id_of(panel)
    entries = db.session.scalars(panel_entries(panel)).all()
    affected = {}
    for member in panel.judges:
        if not member.marks:
            continue
        blocked = conflicted_contestants(member.user, contest_id)
        hits = [e for e in entries if e.contestant_id in blocked]
        if hits:
            affected[member.user_id] = hits
    return affected


def substitutes(panel: Panel, entries: list[Entry]) -> list[User]:
    """Judges not on the panel who could mark all of `entries` without a conflict."""
    contest_id = contest_id_of(panel)
    on_panel = {m.user_id for m in panel.judges}
    people = {e.contestant_id for e in entries}
    candidates = db.session.scalars(select(User).where(
        User.role.in_(("judge", "chief_judge")), User.active.is_(True))
        .order_by(User.display_name)).all()
    return [u for u in candidates if u.id not in on_panel
            and not people & conflicted_contestants(u, contest_id)]


def expected_sheets(stage: Stage, event) -> dict[int, int]:
    """Entry id -> how many sheets its panels' judges owe (recusals excluded)."""
    panels = db.session.scalars(select(Panel).where(Panel.stage_id == stage.id,
                                                    Panel.event_id == event.id)).all()
    expected: dict[int, int] = {}
    for panel in panels:
        entries = db.session.scalars(panel_entries(panel)).all()
        for member in panel.judges:
            if not member.marks:
                continue  # a chief judge who does not mark owes no sheet
            blocked = conflicted_contestants(member.user, stage.contest_id)
            for entry in entries:
                if entry.contestant_id not in blocked:
                    expected[entry.id] = expected.get(entry.id, 0) + 1
    return expected
