"""Certificate verification for anyone: the QR code's page (by token), a look-up by the
exact printed number with the holder's name, and the holder's own PDF, for listed contests
only. The pages show the authentic record only: name, contest, award, date and status (a
revocation in public wording, never the organizer's reason); no unit, no contact, no
neighbouring numbers."""
import io

from flask import abort, render_template, request, send_file

from .. import throttle
from ..certificates import bulk, lookup
from ..extensions import db
from ..models import Contest
from . import bp


def _page(certificate, *, by_token: bool):
    contest = db.session.get(Contest, certificate.contest_id)
    return render_template("public/certificate_verify.html", certificate=certificate,
                           contest=contest, by_token=by_token,
                           downloadable=by_token and lookup.downloadable(certificate))


@bp.route("/verify/<token>")
@throttle.certificates
def certificate_verify(token: str):
    certificate = lookup.by_token(token)
    if certificate is None:
        abort(404)
    return _page(certificate, by_token=True)


@bp.route("/certificates/lookup")
@throttle.certificates
def certificate_lookup():
    """Both the printed number and the holder's name must match; a wrong name, an unknown
    number and an unlisted contest all get the same answer."""
    number = (request.args.get("number") or "").strip()
    name = (request.args.get("name") or "").strip()
    asked = bool(number and name)
    certificate = lookup.by_number_and_name(number, name) if asked else None
    if certificate is not None:
        return _page(certificate, by_token=False)
    return render_template("public/certificate_lookup.html", number=number, name=name,
                           not_found=asked), 404 if asked else 200


@bp.route("/certificates/<token>.pdf")
@throttle.certificates
def certificate_pdf(token: str):
    certificate = lookup.by_token(token)
    if not lookup.downloadable(certificate):
        abort(404)
    contest = db.session.get(Contest, certificate.contest_id)
    data = bulk.render_one(certificate, contest)
    response = send_file(io.BytesIO(data), mimetype="application/pdf",
                         download_name=bulk.file_name(certificate))
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
