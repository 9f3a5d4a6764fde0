"""Stored certificates → what each printed page shows → the HTML of one document.

Everything printed comes from the certificate's stored record and the contest's current
wording; the number and date never come from anywhere else, so reprints match. Every page,
whatever its wording, names the contest, and the stage and event where they apply."""
from dataclasses import dataclass
from datetime import date

from flask import current_app, has_request_context, render_template, request
from flask_babel import force_locale
from markupsafe import Markup, escape
from sqlalchemy import select

from ..extensions import db
from ..models import Certificate, CertificateWording
from . import numbering, qr, templates_text, wording


@dataclass(frozen=True)
class Page:
    kind: str
    family: str  # award / grade / title: the design (certificate.css)
    contest: str
    occasion: tuple[str, ...]  # the stage and the event, where they apply
    title: str
    body: Markup
    issuers: tuple[str, ...]
    date: str
    number: str
    qr: str  # data URI
    revoked: bool
    sample: bool = False  # a made-up certificate in a preview: marked across the page


@dataclass(frozen=True)
class Sample:
    """A made-up certificate for previews, shaped like a stored one (never saved)."""

    kind: str
    number: str
    holder_name: str
    award: str
    issued_on: date
    holder_unit: str = ""
    holder_delegation: str = ""
    stage: str = ""
    event: str = ""
    benefit: str = ""
    token: str = "sample"
    is_valid: bool = True
    is_sample: bool = True


def public_base_url() -> str:
    """Where the verification pages live, for the QR code. PUBLIC_URL (CONTESTS_PUBLIC_URL)
    when set; else the address of the current request; else SERVER_NAME."""
    configured = current_app.config.get("PUBLIC_URL")
    if configured:
        return configured.rstrip("/")
    if has_request_context():
        return request.host_url.rstrip("/")
    server = current_app.config.get("SERVER_NAME") or "localhost:5000"
    return f"{current_app.config.get('PREFERRED_URL_SCHEME', 'http')}://{server}"


def verify_url(token: str, base_url: str) -> str:
    adapter = current_app.url_map.bind("localhost")
    return base_url + adapter.build("public.certificate_verify", {"token": token})


def wordings(contest) -> dict:
    """The contest's saved wording rows by kind."""
    rows = db.session.scalars(select(CertificateWording)
                              .where(CertificateWording.contest_id == contest.id))
    return {row.kind: row for row in rows}


def default_number_format(contest) -> str:
    """The number format of a kind the organizer has not worded: see numbering."""
    first = db.session.execute(select(Certificate.serial, Certificate.number)
                               .where(Certificate.contest_id == contest.id)
                               .order_by(Certificate.serial).limit(1)).first()
    return numbering.default_format(contest.code, contest.year,
                                    tuple(first) if first is not None else None)


def wording_for(contest, kind: str, saved: dict, *, has_benefit: bool = True,
                number_format: str | None = None):
    row = saved.get(kind)
    if row is not None:
        return row if isinstance(row, wording.Wording) else wording.from_row(row)
    return wording.default(contest, kind, has_benefit=has_benefit, number_format=number_format)


def _field(name, value):
    return Markup('<span class="field field-{0}">{1}</span>').format(name, value)


def _text(text: str, values: dict) -> Markup:
    pieces = templates_text.fill(text, values, wrap=lambda name, value: (name, str(value)))
    out = []
    for index, piece in enumerate(pieces):
        if isinstance(piece, tuple):
            out.append(_field(*piece) if piece[1] else Markup(""))
            continue
        # An empty placeholder between two spaces ("awarded {event} {tier}") leaves one.
        before = pieces[index - 2] if index >= 2 else ""
        if (piece.startswith(" ") and isinstance(pieces[index - 1], tuple)
                and not pieces[index - 1][1] and isinstance(before, str) and before.endswith(" ")):
            piece = piece[1:]
        out.append(escape(piece))
    return Markup(str(Markup("").join(out)).replace("\n", "<br>"))


def page(certificate, contest, chosen: wording.Wording, base_url: str) -> Page:
    values = wording.values(certificate, contest, chosen)
    plain = dict(values.items())
    return Page(kind=certificate.kind, family=wording.family(certificate.kind),
                contest=contest.name,
                occasion=tuple(p for p in (certificate.stage, certificate.event) if p),
                title=templates_text.fill_plain(chosen.title, plain),
                body=_text(chosen.body, values), issuers=chosen.issuers,
                date=values["date"], number=certificate.number,
                qr=qr.data_uri(verify_url(certificate.token, base_url)),
                revoked=not certificate.is_valid,
                sample=getattr(certificate, "is_sample", False))


def pages(certificates, contest, base_url: str, *, override: wording.Wording | None = None):
    """Pages for certificates of one contest, in the printed language; `override`
    replaces the saved wording of its kind (the organizer's unsaved preview)."""
    saved = wordings(contest)
    if override is not None:
        saved[override.kind] = override
    chosen: dict[tuple[str, bool], wording.Wording] = {}  # defaults: worked out once
    out = []
    with force_locale(wording.print_locale()):
        for certificate in certificates:
            key = (certificate.kind, bool(certificate.benefit))
            if key not in chosen:
                chosen[key] = wording_for(contest, key[0], saved, has_benefit=key[1])
            out.append(page(certificate, contest, chosen[key], base_url))
    return out


def document(pages_: list[Page], title: str = "") -> str:
    """One HTML document, one page per certificate. Printed labels are in the contest's
    language (the default locale), whoever is looking at the screen."""
    locale = wording.print_locale()
    with force_locale(locale):
        return render_template("certificates/document.html", pages=pages_,
                               document_title=title, lang=locale.replace("_", "-"))
