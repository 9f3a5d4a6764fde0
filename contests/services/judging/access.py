"""Who may mark which entry. Conflicts of interest are enforced here, for lists and for
direct URLs alike: a judge never receives an entry they must recuse from.

Judges address an entry by its code on the panel (`entry_code`), never by the entry's id,
which is also the id of its public page: knowing the code tells nothing about who it is."""
import base64
import hashlib
import hmac
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select
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
    panel = joinedload(PanelJudge.panel)
    row = db.session.scalar(
        select(PanelJudge).where(PanelJudge.panel_id == panel_id, PanelJudge.user_id == judge.id)
        .options(panel.joinedload(Panel.stage).joinedload(Stage.contest),
                 panel.joinedload(Panel.component)))
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


def conflicted_contestants(judge: User, contest_id: int) -> set[int]:
    """Contestants this judge must not mark: declared conflicts (a person, a delegation,
    a unit) and, without declaration, anyone from the judge's own work unit."""
    declared = db.session.scalars(select(Conflict).where(
        Conflict.contest_id == contest_id, Conflict.user_id == judge.id)).all()
    people = {c.contestant_id for c in declared if c.contestant_id}
    delegations = {c.delegation_id for c in declared if c.delegation_id}
    units = {c.unit.strip() for c in declared if c.unit}
    if judge.unit:
        units.add(judge.unit.strip())
    conditions = []
    if delegations:
        conditions.append(Contestant.delegation_id.in_(delegations))
    if units:
        conditions.append(Contestant.unit.in_(units))
    if conditions:
        people |= set(db.session.scalars(select(Contestant.id).where(
            Contestant.contest_id == contest_id, or_(*conditions))).all())
    return people


def panel_entries(panel: Panel):
    """Entries a panel marks: its stage and event (and heat), still in the contest."""
    query = select(Entry).join(Contestant).where(
        Entry.stage_id == panel.stage_id, Entry.event_id == panel.event_id,
        Entry.status.in_(MARKABLE_STATUSES))
    if panel.heat_id is not None:
        query = query.where(Entry.heat_id == panel.heat_id)
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
        raise NotAllowed(_("You may not mark this entry: a conflict of interest."),
                         code="conflict_of_interest")
    return entry


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
