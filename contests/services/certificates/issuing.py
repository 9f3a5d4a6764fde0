"""Issuing certificates from a final version, and revoking them. A number is allocated
once, in the transaction that creates the certificate, and never changes; a changed result
revokes the old certificate and issues a new one with a new number. A certificate whose
result is unchanged but whose kind is now read differently (a first prize with a one-off
bonus was once taken for a grade) keeps its number: its kind is corrected in place,
audited, and it prints in its family's design from then on."""
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from ...certificates import numbering, printable
from ...certificates.grants import Grant, Skipped, grants_from_snapshot
from ...extensions import db
from ...models import Certificate, Contest, ResultVersion
from ...refusals import Conflict, Invalid
from .. import audit
from ..results import published
from ..transaction import all_or_nothing, flush_or_refuse

# Certificate columns ← Grant.printed() keys: the content a reissue compares.
PRINTED = {"kind": "kind", "holder_name": "name", "holder_unit": "unit",
           "holder_delegation": "delegation", "award": "award", "rule": "rule",
           "stage": "stage", "event": "event", "benefit": "benefit"}


@dataclass
class IssueReport:
    """What issuing from one version did (numbers as printed)."""

    version_number: int
    issued: list[str] = field(default_factory=list)
    revoked: list[str] = field(default_factory=list)
    unchanged: int = 0
    reclassified: list[str] = field(default_factory=list)  # kind corrected, number kept
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.issued or self.revoked or self.reclassified)


def _printed(certificate: Certificate) -> dict:
    return {key: getattr(certificate, column) or "" for column, key in PRINTED.items()}


def _reclassify(certificate: Certificate, kind: str) -> None:
    old = audit.snapshot(certificate)
    certificate.kind = kind
    audit.record("update", certificate, contest_id=certificate.contest_id, old=old,
                 new=audit.snapshot(certificate), reason=f"kind corrected to {kind}")


def _issue_date(version: ResultVersion) -> date:
    """The day the results became final, in the contest's time zone."""
    moment = version.finalized_at or datetime.now(UTC)
    if moment.tzinfo is None:  # SQLite gives back naive UTC
        moment = moment.replace(tzinfo=UTC)
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Shanghai"))
    return moment.astimezone(zone).date()


def _new(grant: Grant, contest: Contest, version: ResultVersion, serial: int, fmt: str,
         issued_on: date) -> Certificate:
    values = {column: getattr(grant, key) or None for column, key in PRINTED.items()}
    values["holder_name"] = grant.name
    values["award"] = grant.award
    values["kind"] = grant.kind
    return Certificate(
        contest_id=contest.id, serial=serial, token=numbering.new_token(),
        number=numbering.format_number(fmt, code=contest.code, year=contest.year,
                                       serial=serial),
        subject=grant.subject, entry_id=grant.entry_id, contestant_id=grant.contestant_id,
        delegation_id=grant.delegation_id, tier_position=grant.tier_position,
        version_id=version.id, version_number=version.number, issued_on=issued_on,
        status="valid", **values)


def _revoke(certificate: Certificate, *, reason: str, version_number: int | None = None,
            replaced_by: Certificate | None = None) -> None:
    old = audit.snapshot(certificate)
    certificate.status = "revoked"
    certificate.revoked_at = datetime.now(UTC)
    certificate.revoked_reason = reason[:300]
    certificate.revoked_in_version = version_number
    certificate.replaced_by_id = replaced_by.id if replaced_by is not None else None
    audit.record("revoke", certificate, contest_id=certificate.contest_id, old=old,
                 new=audit.snapshot(certificate), reason=reason[:500])


def _lock(contest_id: int) -> Contest:
    """Serialise issuing per contest (PostgreSQL row lock; SQLite locks the whole file)."""
    return db.session.scalars(select(Contest).where(Contest.id == contest_id)
                              .with_for_update()).one()


def issue_for_version(version: ResultVersion, *, commit: bool = True) -> IssueReport:
    """Certificates for every award and title of a FINAL version: new ones numbered, ones
    whose printed content changed revoked ("superseded by version N") and reissued, ones
    no longer awarded revoked, the rest untouched. Idempotent. With commit=False the
    caller commits (e.g. together with making the version final)."""
    if version.status != "final":
        raise Conflict(_("Certificates are issued from final results only; version %(n)d is "
                         "not final.", n=version.number), code="not_final")
    contest = _lock(version.contest_id)
    newest = max(db.session.scalar(select(func.max(column)).where(
        Certificate.contest_id == contest.id)) or 0
        for column in (Certificate.version_number, Certificate.revoked_in_version))
    if newest > version.number:  # issuing from an old version would undo newer results
        raise Conflict(_("Certificates were already issued from version %(newest)d; version "
                         "%(n)d is older.", newest=newest, n=version.number), code="older_version")
    grants, skipped = grants_from_snapshot(published.read(version))
    report = IssueReport(version_number=version.number, skipped=skipped)
    current = {c.subject: c for c in db.session.scalars(
        select(Certificate).where(Certificate.contest_id == contest.id,
                                  Certificate.status == "valid"))}
    serial = db.session.scalar(select(func.max(Certificate.serial))
                               .where(Certificate.contest_id == contest.id)) or 0
    saved = printable.wordings(contest)
    default_format = printable.default_number_format(contest)
    issued_on = _issue_date(version)
    reason = f"superseded by version {version.number}"
    pairs = []
    for grant in grants:
        old = current.pop(grant.subject, None)
        if old is not None and _printed(old) == grant.printed():
            report.unchanged += 1
            continue
        if old is not None and dict(_printed(old), kind=grant.kind) == grant.printed():
            _reclassify(old, grant.kind)
            report.reclassified.append(old.number)
            continue
        serial += 1
        fmt = _number_format(contest, grant.kind, saved, default_format)
        new = _new(grant, contest, version, serial, fmt, issued_on)
        db.session.add(new)
        pairs.append((old, new))
    try:
        flush_or_refuse()  # ids for audit rows and replaced_by; unique numbers checked here
    except Conflict as clash:
        raise Conflict(_("No certificate was issued: a certificate number is already taken. "
                         "Try again; if the number format lacks {code}, add it so numbers "
                         "differ between contests."), code="number_taken") from clash
    for old, new in pairs:
        if old is not None:
            _revoke(old, reason=reason, version_number=version.number, replaced_by=new)
            report.revoked.append(old.number)
        audit.record("issue", new, contest_id=contest.id, new=audit.snapshot(new),
                     reason=f"version {version.number}")
        report.issued.append(new.number)
    for old in current.values():  # no longer awarded at all
        _revoke(old, reason=reason, version_number=version.number)
        report.revoked.append(old.number)
    if commit:
        db.session.commit()
    return report


def _number_format(contest: Contest, kind: str, saved: dict, default_format: str) -> str:
    """The kind's number format (`default_format` when the organizer chose none), refused
    (nothing issued) when it cannot number anything, e.g. one stored before formats were
    checked."""
    fmt = printable.wording_for(contest, kind, saved, number_format=default_format).number_format
    problems = numbering.check_format(fmt)
    if problems:
        raise Invalid(_("No certificate was issued: the number format “%(format)s” cannot be "
                        "used. %(problem)s", format=fmt, problem=problems[0]),
                      code="number_format")
    return fmt


def latest_final(contest: Contest) -> ResultVersion | None:
    return db.session.scalar(select(ResultVersion).where(
        ResultVersion.contest_id == contest.id, ResultVersion.status == "final")
        .order_by(ResultVersion.number.desc()).limit(1))


def issue_latest(contest: Contest) -> IssueReport:
    """The organizer's "issue now": certificates for the newest final version."""
    version = latest_final(contest)
    if version is None:
        raise Conflict(_("There are no final results yet: certificates are issued once the "
                         "publicity period is over and the results are final."),
                       code="no_final_version")
    return issue_for_version(version)


def revoke(certificate: Certificate, reason: str) -> None:
    """Revoke by hand (a mistake, a disqualification found later); the reason is shown on
    the public verification page. No new certificate is issued."""
    if not certificate.is_valid:
        raise Conflict(_("Certificate %(number)s is already revoked.",
                         number=certificate.number), code="already_revoked")
    if not reason.strip():
        raise Invalid(_("Give the reason for revoking: it is shown on the verification page."),
                      code="reason")
    with all_or_nothing():
        _revoke(certificate, reason=reason.strip())
