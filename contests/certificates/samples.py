"""Specimens for the organizer's previews: for each design family (award, grade, title)
the contest's own certificate when it has one, else a made-up one, marked SAMPLE across
the page, that borrows the contest's real stage, event and title names where it can."""
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale, lazy_pgettext
from sqlalchemy import select

from ..extensions import db
from ..models import Certificate, Event, Stage, TitleRule
from . import numbering, printable, wording

FAMILY_ORDER = ("award", "grade", "title")
#: The stored kind a made-up specimen of each family has.
SAMPLE_KINDS = {"award": "individual", "grade": "grade", "title": "title"}
# Made-up data, printed in the contest's language.
SAMPLE = {
    "name": lazy_pgettext("certificate sample", "Zhang Zhekun"),
    "team": lazy_pgettext("certificate sample", "Sample delegation"),
    "unit": lazy_pgettext("certificate sample", "Sample work unit"),
    "prize": lazy_pgettext("certificate sample", "First prize"),
    "grade": lazy_pgettext("certificate sample", "Intermediate"),
    "title": lazy_pgettext("certificate sample", "Excellent team leader"),
    "stage": lazy_pgettext("certificate sample", "Final"),
    "event": lazy_pgettext("certificate sample", "Sample event"),
    "allowance": lazy_pgettext("certificate sample", "200 yuan a month (2,400 yuan a year)"),
}


@dataclass(frozen=True)
class Specimen:
    family: str
    certificate: object  # a stored Certificate, or a printable.Sample

    @property
    def is_sample(self) -> bool:
        return getattr(self.certificate, "is_sample", False)


def real(contest, kinds) -> Certificate | None:
    """The contest's first certificate of these kinds, a valid one before a revoked one."""
    return db.session.scalars(select(Certificate).where(
        Certificate.contest_id == contest.id, Certificate.kind.in_(list(kinds)))
        .order_by(Certificate.status.desc(), Certificate.serial).limit(1)).first()


def _names(contest) -> dict[str, str]:
    """The contest's last stage, first event and first honorary title, where it has them."""
    stage = db.session.scalar(select(Stage.name).where(Stage.contest_id == contest.id)
                              .order_by(Stage.position.desc()).limit(1))
    event = db.session.scalar(select(Event.name).where(Event.contest_id == contest.id)
                              .order_by(Event.position, Event.id).limit(1))
    title = db.session.scalar(select(TitleRule.name).where(
        TitleRule.contest_id == contest.id, TitleRule.is_nomination.is_(False))
        .order_by(TitleRule.id).limit(1))
    return {k: v for k, v in {"stage": stage, "event": event, "title": title}.items() if v}


def _today():
    """Today in the contest's time zone, as an issue date would be."""
    zone = current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Shanghai")
    return datetime.now(ZoneInfo(zone)).date()


def sample(contest, kind: str, number_format: str, names: dict | None = None):
    """A made-up certificate of `kind` (never saved), numbered in `number_format`."""
    with force_locale(wording.print_locale()):
        text = {key: str(value) for key, value in SAMPLE.items()}
    text.update(names if names is not None else _names(contest))
    award = {"grade": text["grade"], "title": text["title"]}.get(kind, text["prize"])
    holder = text["team"] if kind == "team" else text["name"]
    return printable.Sample(
        kind=kind, holder_name=holder, holder_unit=text["unit"], holder_delegation=text["team"],
        award=award, stage=text["stage"],
        event=text["event"] if kind not in ("title", "team") else "",
        benefit=text["allowance"] if kind == "grade" else "", issued_on=_today(),
        number=numbering.format_number(number_format, code=contest.code, year=contest.year,
                                       serial=1))


def for_kind(contest, kind: str, chosen: wording.Wording):
    """One certificate of a stored kind: the contest's own, else a sample."""
    return real(contest, [kind]) or sample(contest, kind, chosen.number_format)


def specimens(contest) -> list[Specimen]:
    """One certificate of each design family, in FAMILY_ORDER."""
    saved = printable.wordings(contest)
    default_format = printable.default_number_format(contest)
    names = None
    out = []
    for family in FAMILY_ORDER:
        kinds = [k for k, f in wording.FAMILIES.items() if f == family]
        found = real(contest, kinds)
        if found is None:
            kind = SAMPLE_KINDS[family]
            fmt = printable.wording_for(contest, kind, saved,
                                        number_format=default_format).number_format
            names = _names(contest) if names is None else names
            found = sample(contest, kind, fmt, names)
        out.append(Specimen(family, found))
    return out
