"""Publishing results: publicity period (公示) with objections, then final. Every version is
a frozen snapshot; a correction is a new version that says what changed and why."""
import json
from datetime import date, datetime, timezone

from flask_babel import gettext as _
from sqlalchemy import select

from ...extensions import db
from ...models import Contest, Objection, ResultVersion, User
from .. import audit
from .compute import compute_contest
from .loading import OFFICIAL
from .snapshot import build


class Refused(Exception):
    """A publication step that cannot happen now; the message says why."""


def versions(contest: Contest) -> list[ResultVersion]:
    return db.session.scalars(select(ResultVersion).where(ResultVersion.contest_id == contest.id)
                              .order_by(ResultVersion.number.desc())).all()


def public_version(contest: Contest) -> ResultVersion | None:
    """What the public sees: the newest version in publicity or final."""
    return db.session.scalar(select(ResultVersion).where(
        ResultVersion.contest_id == contest.id,
        ResultVersion.status.in_(("publicity", "final")))
        .order_by(ResultVersion.number.desc()).limit(1))


def _rows(snapshot: dict) -> dict:
    rows = {}
    for stage in snapshot["stages"]:
        for group in stage["groups"]:
            for row in group["rows"]:
                rows[(stage["id"], row["entry_id"])] = row
    return rows


def _awards(snapshot: dict) -> dict:
    return {(a["rule_id"], a["entry_id"] or f"d{a['delegation_id']}"): a["tier"]
            for a in snapshot["awards"]}


def changes_between(old: dict, new: dict) -> list[str]:
    """What a correction changed, entry by entry, in plain words."""
    lines = []
    before, after = _rows(old), _rows(new)
    for key, row in after.items():
        was = before.get(key)
        if was is None:
            continue
        parts = []
        if was["total"] != row["total"]:
            parts.append(_("total %(a)s → %(b)s", a=was["total"] or "—", b=row["total"] or "—"))
        if was["rank"] != row["rank"]:
            parts.append(_("rank %(a)s → %(b)s", a=was["rank"] or "—", b=row["rank"] or "—"))
        if was["status"] != row["status"]:
            parts.append(_("status %(a)s → %(b)s", a=was["status"], b=row["status"]))
        if parts:
            lines.append(f"{row['bib']} {row['name']}: " + "; ".join(parts))
    old_awards, new_awards = _awards(old), _awards(new)
    for key in sorted(set(old_awards) | set(new_awards), key=str):
        if old_awards.get(key) != new_awards.get(key):
            lines.append(_("award of %(who)s: %(a)s → %(b)s", who=key[1],
                           a=old_awards.get(key) or "—", b=new_awards.get(key) or "—"))
    return lines


def publish(contest: Contest, *, publicity_ends_on: date | None, change_note: str | None,
            user: User | None) -> ResultVersion:
    """Freeze the official results (confirmed sheets only) as a new public version in
    its publicity period. Earlier public versions are superseded."""
    previous = versions(contest)
    if previous and not (change_note or "").strip():
        raise Refused(_("Say what changed since version %(n)d and why.", n=previous[0].number))
    if publicity_ends_on is None or publicity_ends_on < date.today():
        raise Refused(_("The publicity period must end today or later."))
    number = previous[0].number + 1 if previous else 1
    snapshot = build(compute_contest(contest, OFFICIAL), number=number, status="publicity",
                     publicity_ends_on=publicity_ends_on, change_note=change_note)
    if previous:
        snapshot["version"]["changes"] = changes_between(json.loads(previous[0].snapshot),
                                                         snapshot)
    for old in previous:
        if old.status != "superseded":
            old.status = "superseded"
    version = ResultVersion(contest_id=contest.id, number=number, status="publicity",
                            publicity_ends_on=publicity_ends_on, change_note=change_note,
                            published_by=user.id if user else None,
                            snapshot=json.dumps(snapshot, ensure_ascii=False))
    db.session.add(version)
    db.session.flush()
    audit.record("publish", version, contest_id=contest.id, user=user,
                 new={"number": number, "publicity_ends_on": publicity_ends_on.isoformat()},
                 reason=change_note)
    db.session.commit()
    return version


def finalize(version: ResultVersion, user: User | None, today: date | None = None):
    """End the publicity period: results become final (certificates may be issued)."""
    today = today or date.today()
    if version.status != "publicity":
        raise Refused(_("Only a version in its publicity period can become final."))
    if version.publicity_ends_on and today <= version.publicity_ends_on:
        raise Refused(_("The publicity period runs until %(day)s; objections may still come.",
                        day=version.publicity_ends_on.isoformat()))
    pending = [o for o in version.objections if o.status == "pending"]
    if pending:
        raise Refused(_("%(n)d objections still wait for a decision.", n=len(pending)))
    version.status = "final"
    version.finalized_at = datetime.now(timezone.utc)
    snapshot = json.loads(version.snapshot)
    snapshot["version"]["status"] = "final"
    version.snapshot = json.dumps(snapshot, ensure_ascii=False)
    audit.record("finalize", version, contest_id=version.contest_id, user=user,
                 old={"status": "publicity"}, new={"status": "final"})
    db.session.commit()
    _issue_certificates(version)
    return version


def _issue_certificates(version: ResultVersion) -> None:
    try:
        from ..certificates import issue_for_version
    except ImportError:  # certificates not installed in this build
        return
    issue_for_version(version)


def file_objection(version: ResultVersion, *, entry_text: str, entry_id: int | None,
                   name: str, contact: str, grounds: str, today: date | None = None) -> Objection:
    today = today or date.today()
    if version.status != "publicity" or (version.publicity_ends_on
                                         and today > version.publicity_ends_on):
        raise Refused(_("Objections are accepted only during the publicity period."))
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
        raise Refused(_("Decide: upheld or dismissed."))
    if not (note or "").strip():
        raise Refused(_("Record the arbitration decision's reasons."))
    if objection.status != "pending":
        raise Refused(_("This objection has already been decided."))
    objection.status = decision
    objection.decision_note = note.strip()
    objection.decided_at = datetime.now(timezone.utc)
    objection.decided_by = user.id if user else None
    audit.record("decide", objection, contest_id=objection.version.contest_id, user=user,
                 old={"status": "pending"}, new={"status": decision}, reason=note)
    db.session.commit()
    return objection
