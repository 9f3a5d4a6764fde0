"""Appeals (申诉) as the contest office handles them: the list, one appeal with its path,
and the three decisions (start reconsideration, the reconsideration decision, the
arbitration panel's decision, which the organizer records). Also the delegation leaders'
accounts (领队) with their one-time sign-in links."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..extensions import db
from ..models import Appeal, Delegation, DelegationLeader, User
from ..refusals import NotFound
from ..responses import back_to
from ..services import appeals, delegation_leaders
from ..services.results import publication
from ..vocabularies import choices_for, label
from . import bp, loading


class DecisionForm(FlaskForm):
    outcome = RadioField(_l("Decision"), validators=[DataRequired()])
    text = TextAreaField(_l("Decision the filer reads"),
                         validators=[DataRequired(), Length(max=5000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = choices_for("reconsideration_outcome")


class LeaderForm(FlaskForm):
    username = StringField(_l("User name"), validators=[DataRequired(), Length(max=80)])
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])


def _appeal(contest_id: int, appeal_id: int):
    contest = loading.contest(contest_id)
    return contest, loading.in_contest(Appeal, appeal_id, contest)


@bp.route("/contests/<int:contest_id>/appeals/")
def appeals_list(contest_id: int):
    contest = loading.contest(contest_id)
    return render_template("organizer/appeals/list.html", contest=contest,
                           appeals=appeals.of_contest(contest.id), shown=publication.shown, label=label)


@bp.route("/contests/<int:contest_id>/appeals/<int:appeal_id>")
def appeal_detail(contest_id: int, appeal_id: int):
    contest, item = _appeal(contest_id, appeal_id)
    return render_template("organizer/appeals/detail.html", contest=contest, appeal=item,
                           form=DecisionForm(), shown=publication.shown, label=label,
                           people=_people(item))


def _people(item: Appeal) -> dict[int, str]:
    ids = {i for i in (item.filed_by, item.reconsidered_by, item.decided_by) if i}
    return {u.id: u.display_name for u in (db.session.get(User, i) for i in ids) if u}


def _decision(contest_id: int, appeal_id: int, act) -> object:
    contest, item = _appeal(contest_id, appeal_id)
    url = back_to(url_for("organizer.appeal_detail", contest_id=contest.id, appeal_id=item.id))
    form = DecisionForm()
    if not form.validate_on_submit():
        flash(_("Nothing was recorded: choose upheld or rejected and write the decision."),
              "error")
        return redirect(url)
    act(item, current_user, outcome=form.outcome.data, text=form.text.data)
    flash(_("The decision on %(number)s is recorded; the filer sees it now.",
            number=item.tracking), "success")
    return redirect(url)


@bp.route("/contests/<int:contest_id>/appeals/<int:appeal_id>/reconsideration",
          methods=["POST"])
def appeal_start(contest_id: int, appeal_id: int):
    contest, item = _appeal(contest_id, appeal_id)
    url = back_to(url_for("organizer.appeal_detail", contest_id=contest.id, appeal_id=item.id))
    appeals.start_reconsideration(item, current_user)
    flash(_("%(number)s is under reconsideration.", number=item.tracking), "success")
    return redirect(url)


@bp.route("/contests/<int:contest_id>/appeals/<int:appeal_id>/reconsidered", methods=["POST"])
def appeal_reconsider(contest_id: int, appeal_id: int):
    return _decision(contest_id, appeal_id, appeals.reconsider)


@bp.route("/contests/<int:contest_id>/appeals/<int:appeal_id>/arbitration", methods=["POST"])
def appeal_decide(contest_id: int, appeal_id: int):
    return _decision(contest_id, appeal_id, appeals.decide)


@bp.route("/contests/<int:contest_id>/delegations/<int:delegation_id>/leader",
          methods=["GET", "POST"])
def delegation_leader(contest_id: int, delegation_id: int):
    contest = loading.contest(contest_id)
    delegation = loading.in_contest(Delegation, delegation_id, contest)
    back_to(url_for("organizer.delegation_leader", contest_id=contest.id,
                    delegation_id=delegation.id))
    form, token = LeaderForm(), None
    if form.validate_on_submit():
        token = delegation_leaders.create(delegation, username=form.username.data,
                                          display_name=form.display_name.data,
                                          actor=current_user)
    return _leader_page(contest, delegation, form, token)


@bp.route("/contests/<int:contest_id>/delegations/<int:delegation_id>/leader/<int:leader_id>"
          "/link", methods=["POST"])
def delegation_leader_link(contest_id: int, delegation_id: int, leader_id: int):
    contest = loading.contest(contest_id)
    delegation = loading.in_contest(Delegation, delegation_id, contest)
    found = db.session.get(DelegationLeader, leader_id)
    if found is None or found.delegation_id != delegation.id:
        raise NotFound(_("There is no such record in this contest."))
    token = delegation_leaders.new_link(found.user)
    return _leader_page(contest, delegation, LeaderForm(formdata=None), token)


def _leader_page(contest, delegation, form, token):
    link_url = url_for("auth.link", token=token, _external=True) if token else None
    return render_template("organizer/delegation_leader.html", contest=contest,
                           delegation=delegation, form=form, link_url=link_url,
                           leaders=delegation_leaders.leaders(delegation),
                           hours=delegation_leaders.LINK_HOURS)
