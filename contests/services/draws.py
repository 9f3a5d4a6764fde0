"""Draws by lot (抽签) and sealed codes (加密): the organizer's writes.

Every draw runs the pure procedure of contests/scoring/draws.py on names anyone can
check (bib numbers, workstation numbers, panel names, judges' user names) and records
the seed, the algorithm, the names drawn from and the result, so it can be re-run
(docs/draws.md). A draw is allowed only before marking: once a sheet (typed or on paper)
exists for what it decides, drawing again is refused.

Sealed codes: judges see an entry's code only; the seed of a sealed draw stays with the
contest office (its SHA-256 is published at once) until the organizer unseals it, a
recorded step (who, when). Results are not published while a code of the contest is
still sealed."""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from ..extensions import db
from ..models import (
    Contestant,
    Draw,
    Entry,
    Event,
    Heat,
    Panel,
    PanelJudge,
    PaperSheet,
    ScoreSheet,
    SealedCode,
    Stage,
    User,
)
from ..refusals import Conflict, Invalid
from ..scoring import draws as core
from ..vocabularies import label
from . import audit
from .judging.access import MARKABLE_STATUSES, conflicted_contestants, panel_entries
from .results.publication import shown as shown_moment
from .transaction import all_or_nothing

MAX_WORKSTATIONS = 500
MAX_PER_PANEL = 50


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def new_seed() -> str:
    """A seed nobody could have guessed: 16 decimal digits from `secrets` (digits read
    the same in every language, and aloud)."""
    return f"{secrets.randbelow(10**16):016d}"


def _seed(seed: str | None) -> str:
    seed = (seed or "").strip() or new_seed()
    if not seed.isprintable():
        raise Invalid(_("A seed is letters, digits, spaces and punctuation only."),
                      code="seed")
    if len(seed) > core.SEED_MAX_LENGTH:
        raise Invalid(_("A seed is at most %(n)d characters.", n=core.SEED_MAX_LENGTH),
                      code="seed")
    return seed


def _problem(problem: core.DrawProblem) -> Invalid:
    messages = {
        "no_entrants": _("Nobody is entered here: there is nothing to draw."),
        "too_few_workstations": _("%(stations)d workstations for %(entrants)d entrants: "
                                  "every entrant needs one.", **problem.params),
        "no_panels": _("Choose at least one panel."),
        "no_judges": _("Choose at least one judge."),
        "per_panel_positive": _("A panel needs at least one judge."),
        "duplicate_names": _("Two of the names drawn are the same: make them unique first."),
    }
    return Invalid(messages.get(problem.key, problem.key), code=problem.key)


def _entries(stage: Stage, *, heat: Heat | None = None, event: Event | None = None):
    query = select(Entry).join(Contestant).where(
        Entry.stage_id == stage.id, Entry.status.in_(MARKABLE_STATUSES))
    if heat is not None:
        query = query.where(Entry.heat_id == heat.id)
    if event is not None:
        query = query.where(Entry.event_id == event.id)
    return db.session.scalars(query.order_by(Contestant.bib)).all()


def _marked(entry_ids=(), panel_ids=()) -> bool:
    """Whether any sheet (on a tablet or on paper) exists for these entries or panels."""
    entry_ids, panel_ids = list(entry_ids), list(panel_ids)
    if not entry_ids and not panel_ids:
        return False
    for model in (ScoreSheet, PaperSheet):
        if db.session.scalar(select(func.count(model.id)).where(or_(
                model.entry_id.in_(entry_ids), model.panel_id.in_(panel_ids)))):
            return True
    return False


def _refuse_after_marking() -> Conflict:
    return Conflict(_("Marking has started: a draw can no longer be made or made again."),
                    code="marks_exist")


def in_force(stage: Stage, kind: str, *, heat_id=None, event_id=None) -> Draw | None:
    return db.session.scalar(select(Draw).where(
        Draw.stage_id == stage.id, Draw.kind == kind, Draw.heat_id.is_(None) if heat_id is None
        else Draw.heat_id == heat_id, Draw.event_id.is_(None) if event_id is None
        else Draw.event_id == event_id, Draw.replaced_at.is_(None)))


def _record(stage: Stage, kind: str, *, seed: str, inputs: dict, result, user: User | None,
            heat: Heat | None = None, event: Event | None = None) -> Draw:
    previous = in_force(stage, kind, heat_id=heat.id if heat else None,
                        event_id=event.id if event else None)
    if previous is not None:
        previous.replaced_at = _now()
        db.session.execute(SealedCode.__table__.delete().where(
            SealedCode.draw_id == previous.id))
    draw = Draw(contest_id=stage.contest_id, stage_id=stage.id, kind=kind, seed=seed,
                seed_sha256=core.seed_commitment(seed), algorithm=core.ALGORITHM,
                heat_id=heat.id if heat else None, event_id=event.id if event else None,
                inputs=json.dumps(inputs, ensure_ascii=False),
                result=json.dumps(result, ensure_ascii=False),
                drawn_by_id=user.id if user else None, drawn_at=_now())
    db.session.add(draw)
    db.session.flush()
    audit.record("draw", draw, contest_id=stage.contest_id, user=user,
                 old={"replaced": previous.id} if previous else None,
                 new={"kind": kind, "seed_sha256": draw.seed_sha256,
                      "algorithm": draw.algorithm,
                      **({} if kind == "seal" else {"seed": seed})})
    return draw


def draw_order(stage: Stage, *, heat: Heat | None = None, event: Event | None = None,
               seed: str | None = None, workstations: int | None = None,
               user: User | None = None) -> Draw:
    """Running order (and workstations 1..N when N is given) of the entrants of a heat
    (or of the whole stage), for one event or all: drawn by bib number."""
    seed = _seed(seed)
    if workstations is not None and not 1 <= workstations <= MAX_WORKSTATIONS:
        raise Invalid(_("Between 1 and %(n)d workstations.", n=MAX_WORKSTATIONS),
                      code="workstations")
    entries = _entries(stage, heat=heat, event=event)
    if _marked(entry_ids=[e.id for e in entries]):
        raise _refuse_after_marking()
    bibs = sorted({e.contestant.bib for e in entries})
    stations = [str(n) for n in range(1, workstations + 1)] if workstations else []
    try:
        lots = core.draw_order(seed, bibs, stations)
    except core.DrawProblem as problem:
        raise _problem(problem) from None
    result = [{"bib": lot.entrant, "position": lot.position, "workstation": lot.workstation}
              for lot in lots]
    with all_or_nothing():
        draw = _record(stage, "order", seed=seed, heat=heat, event=event, user=user,
                       inputs={"entrants": bibs, "workstations": stations}, result=result)
    return draw


def seal(stage: Stage, *, event: Event, seed: str | None = None,
         user: User | None = None) -> Draw:
    """A sealed code for every entry of the event in this stage; judges see only these."""
    seed = _seed(seed)
    entries = _entries(stage, event=event)
    if _marked(entry_ids=[e.id for e in entries]):
        raise _refuse_after_marking()
    by_bib = {e.contestant.bib: e for e in entries}
    try:
        codes = core.sealed_codes(seed, sorted(by_bib))
    except core.DrawProblem as problem:
        raise _problem(problem) from None
    with all_or_nothing():
        draw = _record(stage, "seal", seed=seed, event=event, user=user,
                       inputs={"entrants": sorted(by_bib)},
                       result=[{"bib": bib, "code": codes[bib]} for bib in sorted(by_bib)])
        db.session.add_all(SealedCode(draw_id=draw.id, entry_id=by_bib[bib].id, code=code)
                           for bib, code in codes.items())
    return draw


def unseal(draw: Draw, user: User | None) -> Draw:
    """解密: the explicit, recorded step that maps codes back to entrants and publishes
    the seed. Once only."""
    if draw.kind != "seal" or draw.replaced_at is not None:
        raise Invalid(_("Only sealed codes in force can be unsealed."), code="not_sealed")
    if draw.unsealed_at is not None:
        raise Conflict(_("These codes were already unsealed."), code="already_unsealed")
    with all_or_nothing():
        draw.unsealed_at, draw.unsealed_by_id = _now(), user.id if user else None
        audit.record("unseal", draw, contest_id=draw.contest_id, user=user,
                     new={"unsealed_at": draw.unsealed_at.isoformat(), "seed": draw.seed})
    return draw


def still_sealed(contest_id: int) -> list[Draw]:
    """Sealed codes of the contest not yet unsealed (results wait for them)."""
    return db.session.scalars(select(Draw).where(
        Draw.contest_id == contest_id, Draw.kind == "seal", Draw.replaced_at.is_(None),
        Draw.unsealed_at.is_(None))).all()


def sealed_code_map(stage_id: int, event_id: int, *,
                    sealed_only: bool = False) -> dict[int, str]:
    """Entry id -> sealed code in force, for the judges' pages of one panel; with
    ``sealed_only``, only while the codes are not yet unsealed (the clerks' pages)."""
    query = (select(SealedCode.entry_id, SealedCode.code).join(Draw)
             .join(Entry, Entry.id == SealedCode.entry_id)
             .where(Entry.stage_id == stage_id, Entry.event_id == event_id))
    if sealed_only:
        query = query.where(Draw.unsealed_at.is_(None))
    return dict(db.session.execute(query).all())


def allocate_panels(stage: Stage, *, panels: list[Panel], judges: list[User], per_panel: int,
                    seed: str | None = None, user: User | None = None) -> Draw:
    """Judges drawn onto panels: each panel's marking judges become those drawn (its chief
    judge stays); a judge is not drawn onto a panel marking someone they must recuse from."""
    seed = _seed(seed)
    if not 1 <= per_panel <= MAX_PER_PANEL:
        raise Invalid(_("Between 1 and %(n)d judges a panel.", n=MAX_PER_PANEL),
                      code="per_panel")
    if _marked(panel_ids=[p.id for p in panels]):
        raise _refuse_after_marking()
    by_name = {j.username: j for j in judges}
    named = {p.name: p for p in panels}
    blocked = []
    for judge in judges:
        barred = conflicted_contestants(judge, stage.contest_id)
        for panel in panels:
            if barred & {e.contestant_id for e in db.session.scalars(panel_entries(panel))}:
                blocked.append((judge.username, panel.name))
    try:
        seats = core.allocate_judges(seed, list(by_name), list(named), per_panel, blocked)
    except core.DrawProblem as problem:
        raise _problem(problem) from None
    with all_or_nothing():
        for name, panel in named.items():
            for member in list(panel.judges):
                if not member.is_chief:
                    panel.judges.remove(member)
            db.session.flush()
            chiefs = {m.user_id for m in panel.judges}
            for username in seats[name]:
                if by_name[username].id not in chiefs:
                    panel.judges.append(PanelJudge(user_id=by_name[username].id))
        draw = _record(stage, "panels", seed=seed, user=user,
                       inputs={"judges": sorted(by_name), "panels": sorted(named),
                               "per_panel": per_panel, "blocked": sorted(blocked)},
                       result={"panels": {n: list(seats[n]) for n in sorted(named)},
                               "left_out": list(seats[""])})
    return draw


@dataclass(frozen=True)
class Shown:
    """A draw as its pages show it: the result only once it may be known."""

    draw: Draw
    inputs: dict
    result: object | None  # None while sealed

    @property
    def seed(self) -> str | None:
        return None if self.draw.sealed else self.draw.seed

    @property
    def kind_label(self):
        return label(self.draw.kind, "draw_kind")

    @property
    def drawn(self) -> str:
        return shown_moment(self.draw.drawn_at)

    @property
    def unsealed(self) -> str:
        return shown_moment(self.draw.unsealed_at)


def shown(draw: Draw) -> Shown:
    return Shown(draw, json.loads(draw.inputs),
                 None if draw.sealed else json.loads(draw.result))


def of_contest(contest_id: int, *, stage_id: int | None = None) -> list[Shown]:
    query = select(Draw).where(Draw.contest_id == contest_id)
    if stage_id is not None:
        query = query.where(Draw.stage_id == stage_id)
    return [shown(d) for d in db.session.scalars(
        query.order_by(Draw.drawn_at.desc(), Draw.id.desc())).all()]
