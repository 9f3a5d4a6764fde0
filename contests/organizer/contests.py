"""The organizer's home: the contests they run, one contest's overview, contest settings."""
from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from ..extensions import db
from ..models import Contest, Contestant, Delegation, Entry, Stage
from ..services import accounts
from . import bp, loading
from .forms.contest import ContestForm
from .pages import delete_page, form_page
from .specs import RESOURCES


@bp.route("/")
def index():
    contests = db.session.scalars(loading.managed_contests(current_user)).all()
    return render_template("organizer/index.html", contests=contests)


def _creator_joins(contest, _form, _values) -> None:
    accounts.join_when_created(contest, current_user)  # saved with the contest or not at all


@bp.route("/contests/new", methods=["GET", "POST"])
def contest_new():
    return form_page(ContestForm, Contest(), contest=None, title=_("New contest"),
                     back_url=url_for("organizer.index"), values_hook=_creator_joins)


@bp.route("/contests/<int:contest_id>/")
def contest(contest_id: int):
    found = loading.contest(contest_id)
    counts = {
        "delegations": db.session.scalar(
            select(func.count(Delegation.id)).where(Delegation.contest_id == found.id)),
        "contestants": db.session.scalar(
            select(func.count(Contestant.id)).where(Contestant.contest_id == found.id)),
        "entries": db.session.scalar(
            select(func.count(Entry.id)).join(Stage).where(Stage.contest_id == found.id)),
    }
    return render_template("organizer/contest.html", contest=found, counts=counts,
                           resources=RESOURCES)


@bp.route("/contests/<int:contest_id>/edit", methods=["GET", "POST"])
def contest_edit(contest_id: int):
    found = loading.contest(contest_id)
    return form_page(ContestForm, found, contest=found, title=_("Contest settings"),
                     back_url=url_for("organizer.contest", contest_id=found.id))


@bp.route("/contests/<int:contest_id>/delete", methods=["POST"])
def contest_delete(contest_id: int):
    found = loading.contest(contest_id)
    return delete_page(found, contest=None, back_url=url_for("organizer.index"))
