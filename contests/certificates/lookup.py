"""Reading certificates for the public pages: by token (the QR code), by exact number and
the holder's name, and per person (the results pages' download links). Only this module
decides which address a public link carries: a token (the PDF) for the holder's own entry
page, the look-up page for a number search, so a number never leads to a token.

Public answers cover listed contests only: a certificate of an unlisted contest is answered
exactly like an unknown one. Numbers follow a sequence, so a number alone reveals nothing:
the look-up needs the holder's name as printed as well."""
import hmac
import unicodedata
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


MAX_NUMBER = 80  # Certificate.number
MAX_NAME = 200  # Certificate.holder_name


def _listed(certificate: Certificate | None) -> Certificate | None:
    if certificate is None:
        return None
    contest = db.session.get(Contest, certificate.contest_id)
    return certificate if contest is not None and contest.is_listed else None


def by_token(token: str) -> Certificate | None:
    """The certificate behind a QR code, when its contest is listed."""
    if not token or len(token) > 64:
        return None
    return _listed(db.session.scalar(select(Certificate).where(Certificate.token == token)))


def certificate_by_number(number: str) -> Certificate | None:
    """The exact number as printed (spaces around it and letter case ignored), in a listed
    contest; no partial matches, so nothing is revealed about neighbouring numbers."""
    wanted = (number or "").strip()
    if not wanted or len(wanted) > MAX_NUMBER:
        return None
    found = db.session.scalar(select(Certificate).where(Certificate.number == wanted))
    if found is None:
        found = db.session.scalars(select(Certificate).where(
            func.upper(Certificate.number) == wanted.upper()).limit(1)).first()
    return _listed(found)


NAME_DOTS = str.maketrans("", "", "·•‧・.")  # 买买提·艾力 is also typed with other dots


def name_key(name: str) -> str:
    """A holder's name as compared: full-width letters folded (NFKC), case, spaces and the
    middle dot ignored, so "王 喆" and "王喆", "Li Yue" and "LI YUE" match."""
    folded = unicodedata.normalize("NFKC", name or "").casefold().translate(NAME_DOTS)
    return "".join(folded.split())


def by_number_and_name(number: str, name: str) -> Certificate | None:
    """The public look-up: the certificate with this exact number whose holder has this
    name, in a listed contest; None when anything does not match (the caller cannot tell
    which, so the look-up cannot be used to collect holders' names from numbers)."""
    wanted = name_key(name) if len(name or "") <= MAX_NAME else ""
    found = certificate_by_number(number)
    holder = name_key(found.holder_name) if found is not None else ""
    same = hmac.compare_digest(holder.encode(), wanted.encode())
    return found if found is not None and wanted and same else None


def downloadable(certificate: Certificate | None) -> bool:
    """Public PDFs: valid certificates of listed contests only."""
    return certificate is not None and certificate.is_valid and _listed(certificate) is not None


def _label(certificate: Certificate) -> str:
    award = certificate.award + (f" · {certificate.event}" if certificate.event else "")
    return _("%(kind)s: %(award)s", kind=KIND_LABELS[certificate.kind], award=award)


def by_number(number: str) -> CertificateLink | None:
    """For a search box that also takes certificate numbers: a link to the look-up page of
    that exact number (never to the token or the PDF), where the holder's name is asked."""
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
