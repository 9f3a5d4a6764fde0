"""What a certificate says: per contest and kind, with defaults the organizer may edit.
Placeholders are filled from the certificate's stored record.

Kinds and designs: the stored kinds (individual, team, grade, title) print in one family of
designs, one design per FAMILY: an award (个人奖, 团体奖: 获奖证书), a grade (等级证书) or an
honorary title (荣誉证书). The family follows the kind alone, never the tier or a benefit: a
first prize that carries a one-off bonus is an award certificate, and only a grade speaks of
an allowance. Default titles and texts go through the translation layer and are printed in
the contest's language (the default locale), whoever is looking at the screen."""
import re
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import force_locale, format_date, lazy_pgettext
from flask_babel import lazy_gettext as _l

from ..models import CERTIFICATE_KINDS
from ..vocabularies import label
from . import numbering, templates_text

#: Certificate kind -> its translated label, from the kinds' one vocabulary.
KIND_LABELS = {kind: label(kind, "certificate_kind") for kind in CERTIFICATE_KINDS}
#: Stored kind -> the design family it prints in.
FAMILIES = {"individual": "award", "team": "award", "grade": "grade", "title": "title"}
if set(FAMILIES) != set(CERTIFICATE_KINDS):
    raise ValueError(f"certificate kinds {CERTIFICATE_KINDS} without a design family")
FAMILY_LABELS = {
    "award": _l("Award certificate"),
    "grade": _l("Grade certificate"),
    "title": _l("Honorary title certificate"),
}
PLACEHOLDERS = {
    "name": _l("holder: the person's name, or the delegation's for a team"),
    "unit": _l("the person's work unit"),
    "delegation": _l("the delegation (team)"),
    "contest": _l("the contest's name"),
    "event": _l("the event"),
    "stage": _l("the stage"),
    "tier": _l("the prize, grade or title awarded"),
    "title": _l("the honorary title (the award for other kinds)"),
    "date": _l("the date text"),
    "issuers": _l("the issuing bodies, joined by an enumeration comma"),
    "benefit": _l("the benefit of a grade, e.g. an allowance by the month with its yearly sum"),
}

DEFAULT_TITLES = {
    "award": lazy_pgettext("certificate", "Certificate of Award"),
    "grade": lazy_pgettext("certificate", "Certificate of Grade"),
    "title": lazy_pgettext("certificate", "Certificate of Honour"),
}
DEFAULT_BODIES = {
    "individual": lazy_pgettext("certificate", "This is to certify that {name} has been awarded {event} "
                                     "{tier} at {contest}."),
    "team": lazy_pgettext("certificate", "This is to certify that the delegation {name} has been "
                               "awarded {event} {tier} at {contest}."),
    "title": lazy_pgettext("certificate", "This is to certify that {name}, for outstanding performance "
                                "at {contest}, is awarded the honorary title “{title}”."),
    "grade": lazy_pgettext("certificate", "This is to certify that {name}, assessed at {contest}, is "
                                "graded {tier} and receives a work allowance of {benefit}."),
}
# A grade without an allowance would otherwise print "享受工作补贴。".
GRADE_WITHOUT_BENEFIT = lazy_pgettext("certificate", "This is to certify that {name}, assessed at "
                                           "{contest}, is graded {tier}.")


@dataclass(frozen=True)
class Wording:
    kind: str
    title: str
    body: str
    issuers: tuple[str, ...]
    date_text: str
    number_format: str
    saved: bool = False  # False: the defaults, not yet edited


def family(kind: str) -> str:
    return FAMILIES.get(kind, "award")


def print_locale() -> str:
    """Certificates are printed in the contest's language: the default locale."""
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def split_issuers(text: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in re.split(r"[\n、;；]+", text or "") if p.strip())


def default(contest, kind: str, *, has_benefit: bool = True,
            number_format: str | None = None) -> Wording:
    """The default wording of a kind, in the printed language. `number_format`: the
    contest's default (printable.default_number_format), else worked out from its code."""
    body = DEFAULT_BODIES[kind]
    if kind == "grade" and not has_benefit:
        body = GRADE_WITHOUT_BENEFIT
    with force_locale(print_locale()):
        title, body = str(DEFAULT_TITLES[family(kind)]), str(body)
    return Wording(kind=kind, title=title, body=body,
                   issuers=split_issuers(contest.organizer), date_text="",
                   number_format=number_format or numbering.default_format(contest.code,
                                                                           contest.year))


def from_row(row) -> Wording:
    return Wording(kind=row.kind, title=row.title, body=row.body,
                   issuers=split_issuers(row.issuers), date_text=row.date_text or "",
                   number_format=row.number_format, saved=True)


def check(title: str, body: str) -> dict[str, list[str]]:
    """Problems per field ({"title": [...], "body": [...]}), empty lists when fine."""
    return {"title": templates_text.check(title, PLACEHOLDERS),
            "body": templates_text.check(body, PLACEHOLDERS)}


def printed_date(day: date) -> str:
    """The issue date in the current locale's long form: 2026年5月3日, May 3, 2026."""
    return format_date(day, "long")


def values(certificate, contest, wording: Wording) -> dict:
    """Placeholder values for one certificate (stored record → text). Call it in the
    printed locale (printable.pages does)."""
    date_text = wording.date_text or printed_date(certificate.issued_on)
    return {"name": certificate.holder_name, "unit": certificate.holder_unit or "",
            "delegation": certificate.holder_delegation or "", "contest": contest.name,
            "event": certificate.event or "", "stage": certificate.stage or "",
            "tier": certificate.award, "title": certificate.award, "date": date_text,
            "issuers": "、".join(wording.issuers), "benefit": certificate.benefit or ""}
