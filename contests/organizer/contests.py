"""The organizer's home: the contests they run (each with its phase), one contest's page
with its set-up guide, contest settings."""
from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ..extensions import db
from ..models import Contest, Event, Stage
from ..services import accounts, setup_guide
from . import bp, loading
from .forms.contest import ContestForm, NewContestForm
from .pages import delete_page, form_page
from .specs import RESOURCES


@bp.route("/")
def index():
    contests = db.session.scalars(loading.managed_contests(current_user)).all()
    return render_template("organizer/index.html", contests=contests,
                           phases=setup_guide.phases(c.id for c in contests),
                           phase_labels=setup_guide.PHASE_LABELS)


def _creator_joins(contest, form, _values) -> None:
    accounts.join_when_created(contest, current_user)  # saved with the contest or not at all
    events, stages = form.skeleton()
    contest.events = [Event(name=name, position=n) for n, name in enumerate(events, start=1)]
    contest.stages = [Stage(name=name, position=n) for n, name in enumerate(stages, start=1)]


@bp.route("/contests/new", methods=["GET", "POST"])
def contest_new():
    created = Contest()
    page = form_page(NewContestForm, created, contest=None, title=_("New contest"),
                     back_url=url_for("organizer.index"), values_hook=_creator_joins)
    if isinstance(page, Response) and page.status_code == 302 and created.id is not None:
        # saved: the new contest opens on its set-up guide
        return redirect(url_for("organizer.contest", contest_id=created.id))
    return page


@bp.route("/contests/<int:contest_id>/")
def contest(contest_id: int):
    found = loading.contest(contest_id)
    return render_template("organizer/contest.html", contest=found,
                           guide=setup_guide.guide(found), resources=RESOURCES)


@bp.route("/contests/<int:contest_id>/edit", methods=["GET", "POST"])
def contest_edit(contest_id: int):
    found = loading.contest(contest_id)
    return form_page(ContestForm, found, contest=found, title=_("Contest settings"),
                     back_url=url_for("organizer.contest", contest_id=found.id))


@bp.route("/contests/<int:contest_id>/delete", methods=["POST"])
def contest_delete(contest_id: int):
    found = loading.contest(contest_id)
    return delete_page(found, contest=None, back_url=url_for("organizer.index"))
