"""Public start page and contest pages."""
from flask import current_app, render_template, send_from_directory
from sqlalchemy import select

from ..certificates.printable import public_base_url
from ..extensions import db
from ..models import Contest
from ..services.results.publication import public_version
from . import bp
from .delegations import delegations
from .snapshots import cached_page, listed_contest, published


@bp.app_template_global()
def public_address(path: str) -> str:
    """The absolute address of a path of this site, for links shared outside it (Open Graph):
    PUBLIC_URL when set (the address people use, whatever proxy is in between), as the
    certificates' QR codes do."""
    return public_base_url() + path


@bp.route("/")
def index():
    contests = db.session.scalars(
        select(Contest).where(Contest.is_listed.is_(True))
        .order_by(Contest.year.desc(), Contest.name)
    ).all()
    versions = {c.id: public_version(c) for c in contests}
    return render_template("public/index.html", contests=contests, versions=versions)


@bp.route("/contests/<code>")
def contest(code: str):
    found = listed_contest(code)
    if public_version(found) is None:
        return render_template("public/contest.html", contest=found, version=None, snap=None)
    version, snapshot = published(found)
    return cached_page(version, lambda: render_template(
        "public/contest.html", contest=found, version=version, snap=snapshot,
        delegations=delegations(snapshot)))


@bp.route("/judging/sw.js")
def service_worker():
    """The judges' offline helper, served from /judging/ so it may look after those pages."""
    response = send_from_directory(current_app.static_folder + "/js", "service-worker.js",
                                   mimetype="text/javascript", max_age=0)
    response.headers["Service-Worker-Allowed"] = "/judging/"
    return response



