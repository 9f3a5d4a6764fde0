"""Publishing results: publicity period (公示) with objections, then final. Every version is
a frozen snapshot; a correction is a new version that says what changed and why."""
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from ... import display
from ...extensions import db
from ...models import Contest, Objection, ResultVersion, User
from ...models.results import app_zone
from ...refusals import Conflict, Invalid
from ...scoring.values import cyclic_gc_paused
from .. import audit
from ..transaction import all_or_nothing, flush_or_refuse
from .compute import compute_contest
from .loading import OFFICIAL
from .published import Snapshot, read
from .snapshot import build, dumps, restamp, stamp


def utc_now() -> datetime:
    """Now, as stored: UTC without a zone (like every other moment in the database)."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def from_local(moment: datetime) -> datetime:
    """A wall-clock time in the app's zone (what an organizer types) as stored (UTC)."""
    return moment.replace(tzinfo=app_zone()).astimezone(UTC).replace(tzinfo=None)


def to_local(moment: datetime) -> datetime:
    """A stored moment (UTC) on the app's wall clock."""
    return moment.replace(tzinfo=UTC).astimezone(app_zone()).replace(tzinfo=None)


def end_moment(ends: date | datetime | None) -> datetime | None:
    """The stored moment (UTC) a publicity period ends. A datetime is a wall-clock time in
    the app's zone; a bare day D (scripts, the demo) means "until the end of D" on the
    server's clock, as before: D+1 00:00."""
    if ends is None:
        return None
    if isinstance(ends, datetime):
        return from_local(ends)
    return _server_midnight(ends + timedelta(days=1))


def _server_midnight(day: date) -> datetime:
    return datetime.combine(day, time()).astimezone(UTC).replace(tzinfo=None)


def shown(moment: datetime | None) -> str:
    """A stored publicity end as people read it, on the app's clock: 2026-12-07 18:00."""
    return to_local(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def publicity_running(version: ResultVersion, now: datetime | None = None) -> bool:
    """Objections are still accepted: the version is in publicity and its end has not come
    (`now`: stored time, UTC)."""
    now = now or utc_now()
    return version.status == "publicity" and (version.publicity_ends_at is None
                                              or now < version.publicity_ends_at)


def _now(now: datetime | None, today: date | None) -> datetime:
    """`now` (UTC), or the start of the server's day `today` (the older day-based calls)."""
    if now is not None:
        return now
    return _server_midnight(today) if today is not None else utc_now()


def versions(contest: Contest) -> list[ResultVersion]:
    return db.session.scalars(select(ResultVersion).where(ResultVersion.contest_id == contest.id)
                              .order_by(ResultVersion.number.desc())).all()


def public_version(contest: Contest) -> ResultVersion | None:
    """What the public sees: the newest version in publicity or final."""
    return db.session.scalar(select(ResultVersion).where(
        ResultVersion.contest_id == contest.id,
        ResultVersion.status.in_(("publicity", "final")))
        .order_by(ResultVersion.number.desc()).limit(1))


def final_version(contest_id: int) -> ResultVersion | None:
    """The newest version that was ever made final (it may since have been superseded by a
    correction): once there is one, results are final and a change is a correction."""
    return db.session.scalar(select(ResultVersion).where(
        ResultVersion.contest_id == contest_id, ResultVersion.finalized_at.is_not(None))
        .order_by(ResultVersion.number.desc()).limit(1))


def corrected(listed: list[ResultVersion]) -> dict[int, int]:
    """Version number -> the final version it corrects, for versions published after
    results were final (`listed`: every version of one contest)."""
    finals = sorted(v.number for v in listed if v.finalized_at is not None)
    out = {}
    for version in listed:
        earlier = [n for n in finals if n < version.number]
        if earlier:
            out[version.number] = earlier[-1]
    return out


def _rows(snapshot: Snapshot) -> dict:
    return {(stage.id, row.entry_id): row for stage, _group, row in snapshot.standings()}


def _awards(snapshot: Snapshot) -> dict:
    return {(a.rule_id, a.holder): a.tier for a in snapshot.awards}


def changes_between(old: Snapshot, new: Snapshot) -> list[str]:
    """What a correction changed, entry by entry, in plain words."""
    lines = []
    before, after = _rows(old), _rows(new)
    for key, row in after.items():
        was = before.get(key)
        if was is None:
            continue
        parts = []
        if was.total != row.total:
            parts.append(_("total %(a)s → %(b)s", a=display.score(was.total, new.places),
                           b=display.score(row.total, new.places)))
        if was.rank != row.rank:
            parts.append(_("rank %(a)s → %(b)s", a=was.rank or "—", b=row.rank or "—"))
        if was.status != row.status:
            parts.append(_("status %(a)s → %(b)s", a=was.status, b=row.status))
        if parts:
            lines.append(f"{row.bib} {row.name}: " + "; ".join(parts))
    old_awards, new_awards = _awards(old), _awards(new)
    for key in sorted(set(old_awards) | set(new_awards), key=str):
        if old_awards.get(key) != new_awards.get(key):
            lines.append(_("award of %(who)s: %(a)s → %(b)s", who=key[1],
                           a=old_awards.get(key) or "—", b=new_awards.get(key) or "—"))
    return lines


def check(contest: Contest, *, publicity_ends_on: date | datetime | None,
          change_note: str | None) -> tuple[list[ResultVersion], datetime]:
    """What publish refuses, refused before anything is computed (a queued publication,
    services/results/queued.py, checks it in the request): the versions so far and the
    stored end moment."""
    from ..draws import still_sealed  # 加密: results name entrants only after unsealing

    if still_sealed(contest.id):
        raise Conflict(_("Some entries are still sealed: unseal their codes before "
                         "publishing results."), code="still_sealed")
    previous = versions(contest)
    if previous and not (change_note or "").strip():
        raise Invalid(_("Say what changed since version %(n)d and why.", n=previous[0].number),
                      code="change_note")
    ends = end_moment(publicity_ends_on)
    if ends is None or ends <= utc_now():
        raise Invalid(_("The publicity period must end later than now."),
                      code="publicity_ends_on")
    return previous, ends


def publish(contest: Contest, *, publicity_ends_on: date | datetime | None,
            change_note: str | None, user: User | None) -> ResultVersion:
    """Freeze the official results (confirmed sheets only) as a new public version in
    its publicity period, which ends at `publicity_ends_on` (a local date and time; a bare
    day means the end of that day). Earlier public versions are superseded."""
    previous, ends = check(contest, publicity_ends_on=publicity_ends_on,
                           change_note=change_note)
    number = previous[0].number + 1 if previous else 1
    final = next((v for v in previous if v.finalized_at is not None), None)
    with cyclic_gc_paused():  # load, score and freeze make many objects and no cycles
        snapshot = build(compute_contest(contest, OFFICIAL), number=number,
                         status="publicity", publicity_ends_at=ends, change_note=change_note)
        if previous:
            stamp(snapshot, changes=changes_between(read(previous[0]),
                                                    Snapshot.from_json(snapshot)))
        if final is not None:  # results were final: this version is a correction of them
            stamp(snapshot, correction_of=final.number)
        text = dumps(snapshot)
    for old in previous:
        if old.status != "superseded":
            old.status = "superseded"
    version = ResultVersion(contest_id=contest.id, number=number, status="publicity",
                            publicity_ends_at=ends, change_note=change_note,
                            published_by=user.id if user else None,
                            snapshot=text)
    db.session.add(version)
    flush_or_refuse()  # a version published at the same moment: a readable refusal
    audit.record("publish", version, contest_id=contest.id, user=user,
                 new=dict({"number": number, "publicity_ends_at": ends.isoformat()},
                          **({"correction_of": final.number} if final else {})),
                 reason=change_note)
    db.session.commit()
    return version


def keep_open(version: ResultVersion, user: User | None, until: date) -> str | None:
    """The demo's publicity period kept in the future: a version in publicity whose end
    has passed runs again until the end of `until`. Returns the new end as shown, or None
    when nothing changed (the period is still running, or the version is not in
    publicity)."""
    if version.status != "publicity" or publicity_running(version):
        return None
    ends = end_moment(until)
    old = version.publicity_ends_at
    version.publicity_ends_at = ends
    version.snapshot = restamp(version.snapshot, publicity_ends_at=ends.isoformat(
        timespec="seconds"), publicity_ends_on=(to_local(ends) - timedelta(seconds=1))
        .date().isoformat())
    audit.record("reopen", version, contest_id=version.contest_id, user=user,
                 old={"publicity_ends_at": old.isoformat() if old else None},
                 new={"publicity_ends_at": ends.isoformat()})
    db.session.commit()
    return shown(ends)


def finalize(version: ResultVersion, user: User | None, now: datetime | None = None,
             today: date | None = None):
    """End the publicity period: the results become final and their certificates are
    issued in the same transaction. Allowed from the moment the period ends (`now`: local
    wall clock, default the present). If issuing is refused (a number format that cannot
    be used, a number already taken) the version stays in its publicity period, nothing
    is issued, and the refusal says why."""
    if version.status != "publicity":
        raise Conflict(_("Only a version in its publicity period can become final."),
                       code="not_in_publicity")
    if publicity_running(version, _now(now, today)):
        raise Conflict(_("The publicity period runs until %(day)s; objections may still come.",
                         day=shown(version.publicity_ends_at)), code="publicity_running")
    pending = [o for o in version.objections if o.status == "pending"]
    if pending:
        raise Conflict(_("%(n)d objections still wait for a decision.", n=len(pending)),
                       code="objections_pending")
    with all_or_nothing():  # final with its certificates, or (issuing refused) neither
        _make_final(version, user)
        _issue_certificates(version)
    return version


def _make_final(version: ResultVersion, user: User | None) -> None:
    version.status = "final"
    version.finalized_at = datetime.now(UTC)
    version.snapshot = restamp(version.snapshot, status="final")
    audit.record("finalize", version, contest_id=version.contest_id, user=user,
                 old={"status": "publicity"}, new={"status": "final"})


def _issue_certificates(version: ResultVersion) -> None:
    from ..certificates import issue_for_version  # imported here: certificates read results

    issue_for_version(version, commit=False)  # in the caller's transaction


def file_objection(version: ResultVersion, *, entry_text: str, entry_id: int | None,
                   name: str, contact: str, grounds: str,
                   now: datetime | None = None, today: date | None = None) -> Objection:
    if not publicity_running(version, _now(now, today)):
        raise Conflict(_("Objections are accepted only during the publicity period."),
                       code="objections_closed")
    objection = Objection(version_id=version.id, entry_text=entry_text.strip(),
                          entry_id=entry_id, filer_name=name.strip(),
                          filer_contact=contact.strip(), grounds=grounds.strip())
    db.session.add(objection)
    db.session.flush()
    audit.record("object", objection, contest_id=version.contest_id,
                 new={"entry": entry_text, "grounds": grounds})
    db.session.commit()
    return objection


def decide_objection(objection: Objection, *, decision: str, note: str, user: User | None):
    if decision not in ("upheld", "dismissed"):
        raise Invalid(_("Decide: upheld or dismissed."), code="decision")
    if not (note or "").strip():
        raise Invalid(_("Record the arbitration decision's reasons."), code="reason")
    if objection.status != "pending":
        raise Conflict(_("This objection has already been decided."), code="already_decided")
    objection.status = decision
    objection.decision_note = note.strip()
    objection.decided_at = datetime.now(UTC)
    objection.decided_by = user.id if user else None
    audit.record("decide", objection, contest_id=objection.version.contest_id, user=user,
                 old={"status": "pending"}, new={"status": decision}, reason=note)
    db.session.commit()
    return objection
