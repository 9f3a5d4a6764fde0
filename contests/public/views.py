from flask import abort, render_template
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
