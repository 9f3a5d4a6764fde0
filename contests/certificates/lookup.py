"""Reading certificates for the public pages: by token (the QR code), by exact number, and
per person (the results pages' download links). Only this module decides which address a
public link carries: a token (the PDF) for the holder's own entry page, the exact-number
look-up page for a number search, so a number never leads to a token."""
from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from ..extensions import db
from ..models import Certificate, Contest, Contestant
from .wording import KIND_LABELS


@dataclass(frozen=True)
class CertificateLink:
    """What a results page shows for a certificate: a label, its number, where it goes."""

    url: str
    label: str
    number: str
    kind: str
    valid: bool


def by_token(token: str) -> Certificate | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(Certificate).where(Certificate.token == token))


def certificate_by_number(number: str) -> Certificate | None:
    """The exact number as printed (spaces around it and letter case ignored); no partial
    matches, so the look-up reveals nothing about neighbouring numbers."""
    wanted = (number or "").strip()
    if not wanted or len(wanted) > 80:
        return None
    found = db.session.scalar(select(Certificate).where(Certificate.number == wanted))
    if found is None:
        found = db.session.scalars(select(Certificate).where(
            func.upper(Certificate.number) == wanted.upper()).limit(1)).first()
    return found


def downloadable(certificate: Certificate | None) -> bool:
    """Public PDFs: valid certificates of listed contests only."""
    return (certificate is not None and certificate.is_valid
            and db.session.get(Contest, certificate.contest_id).is_listed)


def _label(certificate: Certificate) -> str:
    award = certificate.award + (f" · {certificate.event}" if certificate.event else "")
    return _("%(kind)s: %(award)s", kind=KIND_LABELS[certificate.kind], award=award)


def by_number(number: str) -> CertificateLink | None:
    """For a search box that also takes certificate numbers: a link to the look-up page of
    that exact number (never to the token or the PDF)."""
    found = certificate_by_number(number)
    if found is None:
        return None
    return CertificateLink(url=url_for("public.certificate_lookup", number=found.number),
                           label=_label(found), number=found.number, kind=found.kind,
                           valid=found.is_valid)


def valid_for_contestant(contest: Contest, contestant_id: int | None) -> list[CertificateLink]:
    """A person's valid certificates (their own, and their delegation's team ones) with
    links to the PDFs, for their public result entry. [] for unlisted contests."""
    if contestant_id is None or not contest.is_listed:
        return []
    person = db.session.get(Contestant, contestant_id)
    team = person.delegation_id if person is not None else None
    mine = Certificate.contestant_id == contestant_id
    if team is not None:
        mine = or_(mine, (Certificate.kind == "team") & (Certificate.delegation_id == team))
    rows = db.session.scalars(select(Certificate).where(
        Certificate.contest_id == contest.id, Certificate.status == "valid", mine)
        .order_by(Certificate.serial))
    return [CertificateLink(url=url_for("public.certificate_pdf", token=c.token),
                            label=_label(c), number=c.number, kind=c.kind, valid=True)
            for c in rows]


def valid_for_entries(contest_id: int, entry_ids) -> dict[int, list[Certificate]]:
    """entry id → its valid certificates (individual, grade and title)."""
    ids = list(entry_ids)
    out: dict[int, list[Certificate]] = {}
    if not ids:
        return out
    rows = db.session.scalars(select(Certificate).where(
        Certificate.contest_id == contest_id, Certificate.status == "valid",
        Certificate.entry_id.in_(ids)).order_by(Certificate.serial))
    for row in rows:
        out.setdefault(row.entry_id, []).append(row)
    return out


def valid_for_delegations(contest_id: int, delegation_ids) -> dict[int, list[Certificate]]:
    """delegation id → its valid team certificates."""
    ids = list(delegation_ids)
    out: dict[int, list[Certificate]] = {}
    if not ids:
        return out
    rows = db.session.scalars(select(Certificate).where(
        Certificate.contest_id == contest_id, Certificate.status == "valid",
        Certificate.kind == "team", Certificate.delegation_id.in_(ids))
        .order_by(Certificate.serial))
    for row in rows:
        out.setdefault(row.delegation_id, []).append(row)
    return out
