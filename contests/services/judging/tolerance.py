"""A criterion's tolerance on a panel: when the judges' submitted marks for one item of
one entry spread more than the item's tolerance (the rule: scoring/consistency.py
`spread_breaches`), the chief judge cannot confirm that entry's sheets until the judges
re-mark (the chief reopens a sheet, its judge corrects and submits again) or the chief
records a resolution with a reason. A resolution holds for the lowest and highest marks
it was given on; a re-mark that spreads differently needs a new look."""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from ... import display
from ...extensions import db
from ...models import Criterion, Mark, Panel, ScoreSheet, SpreadResolution
from ...models.user import _now
from ...refusals import Conflict, Invalid, NotFound
from ...scoring.consistency import CriterionMark, Resolution, SpreadBreach, spread_breaches
from .. import audit
from ..transaction import all_or_nothing, begin_writing
from . import access, rubric

COUNTED = ("submitted", "confirmed")  # a draft is still being (re-)marked


@dataclass(frozen=True)
class Spread:
    """A breach of one criterion's tolerance on one entry, and its resolution if the chief
    judge recorded one on these very marks."""

    breach: SpreadBreach
    entry_id: int
    criterion: Criterion
    resolution: SpreadResolution | None

    @property
    def open(self) -> bool:
        return self.resolution is None


def _tolerances(panel: Panel) -> dict[int, Criterion]:
    """The panel's marked items that have a tolerance, by id."""
    rows = rubric.criteria(panel)
    by_id = {c.id: c for c in rows}
    return {cid: c for cid, c in rubric.markable(rows).items()
            if c.tolerance is not None and rubric.kind_of(c, by_id) != "veto"}


def spreads(panel: Panel, entry_id: int | None = None) -> list[Spread]:
    """Every breach on the panel (or on one entry), with its resolution if any."""
    items = _tolerances(panel)
    if not items:
        return []
    query = (select(ScoreSheet.entry_id, ScoreSheet.judge_id, Mark.criterion_id, Mark.value)
             .join(Mark, Mark.sheet_id == ScoreSheet.id)
             .where(ScoreSheet.panel_id == panel.id, ScoreSheet.status.in_(COUNTED),
                    Mark.criterion_id.in_(list(items))))
    if entry_id is not None:
        query = query.where(ScoreSheet.entry_id == entry_id)
    marks = [CriterionMark(str(e), str(j), str(c), v) for e, j, c, v in db.session.execute(query)]
    found = spread_breaches(marks, {str(cid): c.tolerance for cid, c in items.items()})
    if not found:
        return []
    resolutions = {(r.entry_id, r.criterion_id): r for r in db.session.scalars(
        select(SpreadResolution).where(SpreadResolution.panel_id == panel.id))}
    out = []
    for breach in found:
        key = (int(breach.entry), int(breach.criterion))
        resolution = resolutions.get(key)
        if resolution is not None and (resolution.lowest, resolution.highest) != (
                breach.lowest, breach.highest):
            resolution = None  # given on other marks
        out.append(Spread(breach, key[0], items[key[1]], resolution))
    return out


def open_spreads(panel: Panel, entry_id: int | None = None) -> dict[int, list[Spread]]:
    """Entry id -> its breaches nobody has resolved: what holds its sheets back."""
    held: dict[int, list[Spread]] = {}
    for spread in spreads(panel, entry_id):
        if spread.open:
            held.setdefault(spread.entry_id, []).append(spread)
    return held


def describe(held: list[Spread]) -> str:
    """One sentence naming each item, its spread and its tolerance."""
    return "; ".join(_("%(item)s: marks %(low)s to %(high)s spread %(spread)s, more than "
                       "the tolerance %(tolerance)s",
                       item=str(s.criterion), low=display.plain(s.breach.lowest),
                       high=display.plain(s.breach.highest),
                       spread=display.plain(s.breach.spread),
                       tolerance=display.plain(s.breach.tolerance)) for s in held)


def refuse_if_held(panel: Panel, entry_id: int) -> None:
    """Refuse (Conflict 'spread') to confirm a sheet of an entry with an open breach."""
    held = open_spreads(panel, entry_id).get(entry_id)
    if held:
        db.session.rollback()
        raise Conflict(_("The judges' marks differ more than the tolerance allows (%(what)s): "
                         "have them re-marked, or record a resolution with a reason, before "
                         "confirming.", what=describe(held)),
                       code="spread")


def resolve(found: access.Seat, entry_id: int, criterion_id: int,
            reason: str) -> SpreadResolution:
    """The chief judge lets the present marks stand, saying why; audited."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Say why the marks may stand."), code="reason")
    if len(reason) > 500:
        raise Invalid(_("The reason is longer than %(n)d characters.", n=500), code="reason")
    begin_writing()
    current = next((s for s in spreads(found.panel, entry_id)
                    if s.criterion.id == criterion_id), None)
    if current is None:
        db.session.rollback()
        raise NotFound(_("These marks are within the tolerance: there is nothing to resolve."),
                       code="no_spread")
    with all_or_nothing():
        row = db.session.scalar(select(SpreadResolution).where(
            SpreadResolution.panel_id == found.panel.id, SpreadResolution.entry_id == entry_id,
            SpreadResolution.criterion_id == criterion_id))
        old = None
        if row is None:
            row = SpreadResolution(panel_id=found.panel.id, entry_id=entry_id,
                                   criterion_id=criterion_id)
            db.session.add(row)
        else:
            old = {"lowest": str(row.lowest), "highest": str(row.highest), "reason": row.reason}
        row.lowest, row.highest = current.breach.lowest, current.breach.highest
        user = found.judge
        row.reason, row.user_id = reason, user.id
        row.at = _now()
        db.session.flush()
        audit.record("resolve_spread", entity="spread_resolutions", entity_id=row.id,
                     contest_id=access.contest_id_of(found.panel), old=old,
                     new={"entry_id": entry_id, "criterion_id": criterion_id,
                          "lowest": str(row.lowest), "highest": str(row.highest),
                          "tolerance": str(current.breach.tolerance)},
                     reason=reason, user=user)
    return row


def resolved_notes(panel_ids: list[int]) -> list[SpreadResolution]:
    """Resolutions recorded on these panels (for explanations), oldest first."""
    if not panel_ids:
        return []
    return db.session.scalars(select(SpreadResolution).where(
        SpreadResolution.panel_id.in_(panel_ids)).order_by(SpreadResolution.at)).all()


def entry_resolutions(entry_ids: list[int], sheets: list, values: dict, panels: dict,
                      keys: dict[int, str]) -> dict[int, tuple[Resolution, ...]]:
    """Entry id -> the resolutions that still hold on its counted marks (lowest and
    highest as they were when the chief judge let them stand), for its explanation.
    ``sheets`` are plain rows (id, panel_id, entry_id, ...), ``values`` sheet id ->
    {criterion id: value}, ``keys`` criterion id -> the core's key. One select."""
    if not entry_ids:
        return {}
    rows = db.session.execute(
        select(SpreadResolution, Criterion.tolerance)
        .join(Criterion, Criterion.id == SpreadResolution.criterion_id)
        .where(SpreadResolution.entry_id.in_(entry_ids))
        .order_by(SpreadResolution.at, SpreadResolution.id)).all()
    if not rows:
        return {}
    marked: dict[tuple[int, int, int], list] = {}
    for sheet in sheets:
        for cid, value in values.get(sheet.id, {}).items():
            marked.setdefault((sheet.panel_id, sheet.entry_id, cid), []).append(value)
    out: dict[int, list[Resolution]] = {}
    for row, tol in rows:
        found = marked.get((row.panel_id, row.entry_id, row.criterion_id), [])
        panel = panels.get(row.panel_id)
        if panel is None or row.criterion_id not in keys or len(found) < 2 \
                or (min(found), max(found)) != (row.lowest, row.highest):
            continue  # re-marked since, or not counted here
        tol = row.highest - row.lowest if tol is None else tol
        out.setdefault(row.entry_id, []).append(Resolution(
            panel.component.name, keys[row.criterion_id], row.lowest.normalize(),
            row.highest.normalize(), tol.normalize(), row.reason,
            row.at.strftime("%Y-%m-%d %H:%M")))
    return {k: tuple(v) for k, v in out.items()}
