"""Certificate verification for anyone: the QR code's page (by token), a look-up by the
exact printed number, and the holder's own PDF. The pages show the authentic record only:
name, contest, award, date and status; no unit, no contact, no neighbouring numbers."""
import io

from flask import abort, render_template, request, send_file

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
def certificate_verify(token: str):
    certificate = lookup.by_token(token)
    if certificate is None:
        abort(404)
    return _page(certificate, by_token=True)


@bp.route("/certificates/lookup")
def certificate_lookup():
    number = (request.args.get("number") or "").strip()
    certificate = lookup.certificate_by_number(number) if number else None
    if certificate is not None:
        return _page(certificate, by_token=False)
    status = 404 if number else 200
    return render_template("public/certificate_lookup.html", number=number,
                           not_found=bool(number)), status


@bp.route("/certificates/<token>.pdf")
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
