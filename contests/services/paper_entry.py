"""Double entry of judges' paper sheets (双人录入), as Tabbycat does for paper ballots.

A first clerk types a judge's paper sheet for an entry on a panel; a second, different
clerk types it again without seeing the first. When both copies agree (every mark, and
the veto reason) the judge's ScoreSheet is written as submitted (services/marks_entry.py,
the rows the tablet writes); when they differ, an organizer of the contest or the panel's
chief judge sees the differences item by item and settles each. Until then nothing
reaches the results: only a stored ScoreSheet counts."""
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import Contest, ContestMember, Entry, Panel, PaperCopy, PaperMark, PaperSheet, Stage
from ..refusals import Conflict, Invalid, NotAllowed, NotFound
from ..web_input import MAX_ID
from . import audit, marks_entry
from .judging import access
from .transaction import all_or_nothing, begin_writing, flush_or_refuse

MAX_REASON = 500


# --- who may see what -------------------------------------------------------------------

def member_contests(user):
    """The contests this clerk (or organizer) is a member of, newest first."""
    return (select(Contest).join(ContestMember, ContestMember.contest_id == Contest.id)
            .where(ContestMember.user_id == user.id)
            .order_by(Contest.year.desc(), Contest.name))


def member_contest(user, contest_id: int) -> Contest:
    """The contest if `user` is one of its members; NotFound otherwise (a contest one is
    not a member of is not one's to know about)."""
    found = db.session.get(Contest, contest_id) if 0 < contest_id <= MAX_ID else None
    if found is None or db.session.get(ContestMember, (found.id, user.id)) is None:
        raise NotFound(_("There is no such contest."))
    return found


def panels_of(contest: Contest) -> list[Panel]:
    return db.session.scalars(select(Panel).join(Stage).where(
        Stage.contest_id == contest.id).order_by(Stage.position, Panel.name)).all()


def panel_in(contest: Contest, panel_id: int) -> Panel:
    panel = db.session.get(Panel, panel_id) if 0 < panel_id <= MAX_ID else None
    if panel is None or panel.stage.contest_id != contest.id:
        raise NotFound(_("There is no such panel in this contest."))
    return panel


def marking_judges(panel: Panel) -> list:
    """The panel's members who mark (on paper or on a tablet), in seat order; the exam
    account of computer-marked exams is left out (it has no paper)."""
    return [m.user for m in sorted(panel.judges, key=lambda m: m.id)
            if m.marks and m.user.active]


def judge_on(panel: Panel, user_id: int):
    found = next((u for u in marking_judges(panel) if u.id == user_id), None)
    if found is None:
        raise NotFound(_("This judge is not on this panel."), code="not_a_member")
    return found


def entry_on(panel: Panel, judge, entry_id: int) -> Entry:
    """The entry if the panel marks it and the judge may (no conflict of interest)."""
    entry = db.session.scalar(access.panel_entries(panel).where(Entry.id == entry_id)) \
        if 0 < entry_id <= MAX_ID else None
    if entry is None:
        raise NotFound(_("This entry is not marked by this panel."), code="not_on_panel")
    if entry.contestant_id in access.conflicted_contestants(judge, panel.stage.contest_id):
        raise NotAllowed(_("This judge may not mark this entry: a conflict of interest."),
                         code="conflict_of_interest")
    return entry


def may_review(user, panel: Panel) -> bool:
    """Organizers of the panel's contest and the panel's chief judge settle differences."""
    if user.role == "organizer":
        return db.session.get(ContestMember, (panel.stage.contest_id, user.id)) is not None
    return any(m.user_id == user.id and m.is_chief for m in panel.judges)


def paper_for(panel_id: int, entry_id: int, judge_id: int, lock: bool = False):
    query = select(PaperSheet).where(PaperSheet.panel_id == panel_id,
                                     PaperSheet.entry_id == entry_id,
                                     PaperSheet.judge_id == judge_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(query)


def papers_of(panel: Panel) -> dict[tuple[int, int], PaperSheet]:
    """(entry id, judge id) -> paper sheet, for the panel's grid."""
    return {(p.entry_id, p.judge_id): p for p in db.session.scalars(
        select(PaperSheet).where(PaperSheet.panel_id == panel.id))}


# --- reading a typed sheet ----------------------------------------------------------------

@dataclass
class Typed:
    values: dict  # criterion id -> Decimal
    veto_reason: str | None
    errors: dict  # criterion id (or "veto_reason", "sheet") -> message


def read_sheet(panel: Panel, raw: dict, veto_reason: str | None) -> Typed:
    """A typed paper sheet checked as the tablet checks a submit: each mark 0 to the
    item's maximum in its steps, every normal item marked, a veto with its reason."""
    leaves, kinds = marks_entry.sheet_items(panel)
    values, errors = {}, {}
    for criterion_id, criterion in leaves.items():
        text = str(raw.get(criterion_id) or "").strip()
        if not text:
            if kinds[criterion_id] == "normal":
                errors[criterion_id] = _("Required: every item of the paper sheet is typed.")
            continue
        try:
            values[criterion_id] = marks_entry.parse_mark(text, criterion,
                                                          kinds[criterion_id])
        except marks_entry.BadMark as bad:
            errors[criterion_id] = str(bad)
    reason = (veto_reason or "").strip() or None
    if reason and len(reason) > MAX_REASON:
        errors["veto_reason"] = _("At most %(n)d characters.", n=MAX_REASON)
    if marks_entry.vetoed(panel, values) and not reason:
        errors["veto_reason"] = _("A veto needs its reason.")
    return Typed(values, reason, errors)


# --- entering -------------------------------------------------------------------------------

def next_turn(paper: PaperSheet | None, clerk) -> int | None:
    """1 or 2: the copy this clerk would type now; None when it is not theirs to type."""
    if paper is None:
        return 1
    if paper.stored_at is not None or len(paper.copies) >= 2:
        return None
    return None if paper.copies[0].clerk_id == clerk.id else 2


def enter(clerk, panel: Panel, entry: Entry, judge, typed: Typed) -> str:
    """Record this clerk's copy: "first" (waiting for the second clerk), "stored" (the two
    copies agree: the judge's sheet is written, submitted) or "mismatch" (waiting for an
    organizer or the chief judge)."""
    if typed.errors:
        raise Invalid(_("Correct the marked fields; nothing was saved."), code="typed")
    contest_id = panel.stage.contest_id
    begin_writing()
    sheet = marks_entry.current_sheet(panel.id, entry.id, judge.id)
    if sheet is not None and sheet.status in marks_entry.LOCKED:
        db.session.rollback()
        raise Conflict(_("This judge has already submitted this sheet: there is nothing to "
                         "type."), code="already_submitted")
    paper = paper_for(panel.id, entry.id, judge.id, lock=True)
    turn = next_turn(paper, clerk)
    if turn is None:
        db.session.rollback()
        if paper.stored_at is not None:
            raise Conflict(_("This paper sheet is already stored."), code="stored")
        if len(paper.copies) >= 2:
            raise Conflict(_("Both copies are typed; they differ and wait for an organizer "
                             "or the chief judge."), code="mismatch")
        raise NotAllowed(_("You typed the first copy of this sheet: a different clerk types "
                           "the second."), code="same_clerk")
    with all_or_nothing():
        if paper is None:
            paper = PaperSheet(panel_id=panel.id, entry_id=entry.id, judge_id=judge.id)
            db.session.add(paper)
        copy = PaperCopy(turn=turn, clerk_id=clerk.id, veto_reason=typed.veto_reason)
        copy.marks = [PaperMark(criterion_id=cid, value=value)
                      for cid, value in sorted(typed.values.items())]
        paper.copies.append(copy)
        flush_or_refuse()
        audit.record("paper_copy", entity="paper_sheets", entity_id=paper.id,
                     contest_id=contest_id, user=clerk,
                     new={"turn": turn, "judge": judge.username, "entry": entry.id})
        if turn == 1:
            return "first"
        first = paper.copies[0]
        if first.values() != typed.values or (first.veto_reason or None) != typed.veto_reason:
            return "mismatch"
        _store(paper, panel, judge, typed.values, typed.veto_reason, contest_id,
               source=_("paper sheet typed twice"), reviewer=None)
        return "stored"


def _store(paper: PaperSheet, panel: Panel, judge, values: dict, veto_reason,
           contest_id: int, *, source: str, reviewer) -> None:
    marks_entry.store_sheet(panel, paper.entry_id, judge, values, status="submitted",
                            contest_id=contest_id, source=source, action="paper",
                            veto_reason=veto_reason)
    stored = marks_entry.current_sheet(panel.id, paper.entry_id, judge.id)
    paper.stored_at = datetime.now(UTC)
    paper.score_sheet_id = stored.id
    paper.resolved_by = reviewer.id if reviewer is not None else None


# --- settling differences -------------------------------------------------------------------

@dataclass
class Line:
    criterion: object
    first: Decimal | None
    second: Decimal | None

    @property
    def differs(self) -> bool:
        return self.first != self.second


def lines(paper: PaperSheet) -> list[Line]:
    """Item by item, the two copies (all items, the differing ones flagged)."""
    leaves, _kinds = marks_entry.sheet_items(paper.panel)
    first, second = (c.values() for c in paper.copies[:2])
    return [Line(c, first.get(cid), second.get(cid)) for cid, c in leaves.items()]


def resolve(reviewer, paper: PaperSheet, raw: dict, veto_reason: str | None) -> None:
    """Store the judge's sheet with the agreed marks and, for each differing item, the
    value the reviewer chose or corrected (`raw`: criterion id -> typed text)."""
    panel = paper.panel
    if not may_review(reviewer, panel):
        raise NotAllowed(_("Only an organizer of the contest or the panel's chief judge "
                           "settles differing copies."), code="not_reviewer")
    if paper.stored_at is not None or len(paper.copies) < 2:
        raise Conflict(_("There is nothing to settle on this sheet."), code="nothing")
    chosen = {line.criterion.id: raw.get(line.criterion.id)
              if line.differs else line.first for line in lines(paper)}
    typed = read_sheet(panel, chosen, veto_reason)
    if typed.errors:
        raise Invalid(_("Correct the marked fields; nothing was saved."), code="typed",
                      errors=typed.errors)
    contest_id = panel.stage.contest_id
    begin_writing()
    locked = paper_for(paper.panel_id, paper.entry_id, paper.judge_id, lock=True)
    if locked.stored_at is not None:
        db.session.rollback()
        raise Conflict(_("There is nothing to settle on this sheet."), code="nothing")
    with all_or_nothing():
        audit.record("paper_resolve", entity="paper_sheets", entity_id=paper.id,
                     contest_id=contest_id, user=reviewer,
                     new={str(cid): str(v) for cid, v in sorted(typed.values.items())})
        _store(locked, panel, locked.judge, typed.values, typed.veto_reason, contest_id,
               source=_("paper sheet settled by %(name)s", name=reviewer.username),
               reviewer=reviewer)
