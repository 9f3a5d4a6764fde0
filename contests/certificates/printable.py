"""Stored certificates → what each printed page shows → the HTML of one document.

Everything printed comes from the certificate's stored record and the contest's current
wording; the number and date never come from anywhere else, so reprints match."""
from dataclasses import dataclass

from flask import current_app, has_request_context, render_template, request
from flask_babel import force_locale
from markupsafe import Markup, escape
from sqlalchemy import select

from ..extensions import db
from ..models import CertificateWording
from . import qr, templates_text, wording


@dataclass(frozen=True)
class Page:
    kind: str
    title: str
    body: Markup
    issuers: tuple[str, ...]
    date: str
    number: str
    qr: str  # data URI
    revoked: bool


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


def wording_for(contest, kind: str, saved: dict, *, has_benefit: bool = True):
    row = saved.get(kind)
    if row is not None:
        return row if isinstance(row, wording.Wording) else wording.from_row(row)
    return wording.default(contest, kind, has_benefit=has_benefit)


def _field(name, value):
    return Markup('<span class="field field-{0}">{1}</span>').format(name, value)


def _text(text: str, values: dict) -> Markup:
    pieces = templates_text.fill(text, values, wrap=_field)
    html = Markup("").join(p if isinstance(p, Markup) else escape(p) for p in pieces)
    return Markup(str(html).replace("\n", "<br>"))


def page(certificate, contest, chosen: wording.Wording, base_url: str) -> Page:
    values = wording.values(certificate, contest, chosen)
    plain = dict(values.items())
    return Page(kind=certificate.kind,
                title=templates_text.fill_plain(chosen.title, plain),
                body=_text(chosen.body, values), issuers=chosen.issuers,
                date=values["date"], number=certificate.number,
                qr=qr.data_uri(verify_url(certificate.token, base_url)),
                revoked=not certificate.is_valid)


def pages(certificates, contest, base_url: str, *, override: wording.Wording | None = None):
    """Pages for certificates of one contest; `override` replaces the saved wording of
    its kind (the organizer's unsaved preview)."""
    saved = wordings(contest)
    if override is not None:
        saved[override.kind] = override
    return [page(c, contest, wording_for(contest, c.kind, saved, has_benefit=bool(c.benefit)),
                 base_url) for c in certificates]


def document(pages_: list[Page], title: str = "") -> str:
    """One HTML document, one page per certificate. Printed labels are in the contest's
    language (the default locale), whoever is looking at the screen."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return render_template("certificates/document.html", pages=pages_,
                               document_title=title)
