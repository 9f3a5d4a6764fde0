"""What a certificate says: per contest and kind, with Chinese defaults the organizer may
edit. Placeholders are filled from the certificate's stored record."""
import re
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from ..models import CERTIFICATE_KINDS
from ..vocabularies import label
from . import numbering, templates_text

#: Certificate kind -> its translated label, from the kinds' one vocabulary.
KIND_LABELS = {kind: label(kind, "certificate_kind") for kind in CERTIFICATE_KINDS}
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
    "issuers": _l("the issuing bodies, joined by 、"),
    "benefit": _l("the benefit of a grade (每月300元（全年3600元）)"),
}

_TAIL = "特发此证，以资鼓励。"
DEFAULT_TITLES = {"individual": "荣誉证书", "team": "荣誉证书", "title": "荣誉证书",
                  "grade": "等级证书"}
DEFAULT_BODIES = {
    "individual": "{name}同志在{contest}{event}中荣获{tier}，" + _TAIL,
    "team": "{name}在{contest}{event}中荣获{tier}，" + _TAIL,
    "title": "{name}同志在{contest}中表现优异，被授予“{title}”荣誉称号，" + _TAIL,
    "grade": "{name}同志参加{contest}，经考核评定为{tier}，享受工作补贴{benefit}。特发此证。",
}
# Grades of a contest without a benefit would otherwise print "享受工作补贴。".
GRADE_WITHOUT_BENEFIT = "{name}同志参加{contest}，经考核评定为{tier}。特发此证。"


@dataclass(frozen=True)
class Wording:
    kind: str
    title: str
    body: str
    issuers: tuple[str, ...]
    date_text: str
    number_format: str
    saved: bool = False  # False: the defaults, not yet edited


def split_issuers(text: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in re.split(r"[\n、;；]+", text or "") if p.strip())


def default(contest, kind: str, *, has_benefit: bool = True) -> Wording:
    body = DEFAULT_BODIES[kind]
    if kind == "grade" and not has_benefit:
        body = GRADE_WITHOUT_BENEFIT
    return Wording(kind=kind, title=DEFAULT_TITLES[kind], body=body,
                   issuers=split_issuers(contest.organizer), date_text="",
                   number_format=numbering.DEFAULT_FORMAT)


def from_row(row) -> Wording:
    return Wording(kind=row.kind, title=row.title, body=row.body,
                   issuers=split_issuers(row.issuers), date_text=row.date_text or "",
                   number_format=row.number_format, saved=True)


def check(title: str, body: str) -> dict[str, list[str]]:
    """Problems per field ({"title": [...], "body": [...]}), empty lists when fine."""
    return {"title": templates_text.check(title, PLACEHOLDERS),
            "body": templates_text.check(body, PLACEHOLDERS)}


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def values(certificate, contest, wording: Wording) -> dict:
    """Placeholder values for one certificate (stored record → text)."""
    date_text = wording.date_text or chinese_date(certificate.issued_on)
    return {"name": certificate.holder_name, "unit": certificate.holder_unit or "",
            "delegation": certificate.holder_delegation or "", "contest": contest.name,
            "event": certificate.event or "", "stage": certificate.stage or "",
            "tier": certificate.award, "title": certificate.award, "date": date_text,
            "issuers": "、".join(wording.issuers), "benefit": certificate.benefit or ""}
