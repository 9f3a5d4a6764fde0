from flask import abort, current_app, render_template, send_from_directory
from sqlalchemy import select

from ..extensions import db
from ..models import Contest
from . import bp


@bp.route("/")
def index():
    contests = db.session.scalars(
        select(Contest).where(Contest.is_listed.is_(True))
        .order_by(Contest.year.desc(), Contest.name)
    ).all()
    return render_template("public/index.html", contests=contests)


@bp.route("/contests/<code>")
def contest(code: str):
    found = db.session.scalar(select(Contest).where(Contest.code == code))
    if found is None or not found.is_listed:
        abort(404)
    return render_template("public/contest.html", contest=found)


@bp.route("/judging/sw.js")
def service_worker():
    """The judges' offline helper, served from /judging/ so it may look after those pages."""
    response = send_from_directory(current_app.static_folder + "/js", "service-worker.js",
                                   mimetype="text/javascript", max_age=0)
    response.headers["Service-Worker-Allowed"] = "/judging/"
    return response
