"""Organizer pages for results: live provisional standings (private), advancement with
manual exceptions, the award and title preview, nominations, publication, objections."""
from datetime import date, datetime, time, timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import Entry, Objection, ResultVersion, Stage, TitleRule
from ..refusals import Invalid
from ..responses import back_to
from ..services.results import advancement, corrections, nominations, publication
from ..services.results import queued as queued_publication
from ..services.results.compute import award_scope, compute_contest, compute_stage
from ..services.results.loading import OFFICIAL, PROVISIONAL
from ..services.results.snapshot import live_team_tables, standings
from ..vocabularies import label
from ..web_input import id_value
from . import bp, job_views, loading


@bp.route("/contests/<int:contest_id>/results")
def results(contest_id: int):
    contest = loading.contest(contest_id)
    computed = compute_contest(contest, PROVISIONAL)
    tables = {s.stage.id: standings(s, contest.decimal_places) for s in computed.stages}
    return render_template("organizer/results/standings.html", contest=contest,
                           computed=computed, tables=tables, teams=live_team_tables(computed))


@bp.route("/contests/<int:contest_id>/stages/<int:obj_id>/advancement")
def advancement_preview(contest_id: int, obj_id: int):
    contest = loading.contest(contest_id)
    stage = loading.in_contest(Stage, obj_id, contest, lambda s: s.contest_id)
    computed = compute_stage(stage, OFFICIAL)
    entries = db.session.scalars(select(Entry).where(Entry.stage_id == stage.id)).all()
    return render_template("organizer/results/advancement.html", contest=contest, stage=stage,
                           computed=computed, table=standings(computed, contest.decimal_places),
                           entries=entries, following=advancement.next_stage(stage))


@bp.route("/contests/<int:contest_id>/stages/<int:obj_id>/advancement/exceptions",
          methods=["POST"])
def advancement_exception(contest_id: int, obj_id: int):
    contest = loading.contest(contest_id)
    stage = loading.in_contest(Stage, obj_id, contest, lambda s: s.contest_id)
    back = back_to(url_for("organizer.advancement_preview", contest_id=contest.id,
                           obj_id=stage.id))
    entry = db.session.get(Entry, request.form.get("entry_id", type=id_value) or 0)
    if entry is None:
        raise Invalid(_("Choose an entry."), code="no_entry")
    if request.form.get("action") == "clear":
        advancement.clear_exception(stage, entry.id, current_user)
    else:
        advancement.set_exception(stage, entry, request.form.get("action", ""),
                                  request.form.get("reason", ""), current_user)
    return redirect(back)


@bp.route("/contests/<int:contest_id>/stages/<int:obj_id>/advancement/confirm",
          methods=["POST"])
def advancement_confirm(contest_id: int, obj_id: int):
    contest = loading.contest(contest_id)
    stage = loading.in_contest(Stage, obj_id, contest, lambda s: s.contest_id)
    back = back_to(url_for("organizer.advancement_preview", contest_id=contest.id,
                           obj_id=stage.id))
    done = advancement.confirm(stage, current_user)
    flash(_("%(n)d entries advance to %(stage)s (%(new)d new).", n=done["advancing"],
            stage=done["next_stage"], new=done["created"]), "success")
    return redirect(back)


@bp.route("/contests/<int:contest_id>/awards")
def awards_preview(contest_id: int):
    contest = loading.contest(contest_id)
    computed = compute_contest(contest, OFFICIAL)
    decisions = nominations.decisions(contest)
    return render_template("organizer/results/awards.html", contest=contest,
                           computed=computed, decisions=decisions,
                           ranked_together=lambda a: label(award_scope(a.rule, a.stage),
                                                           "ranking_scope"))


@bp.route("/contests/<int:contest_id>/nominations", methods=["POST"])
def nomination_decide(contest_id: int):
    contest = loading.contest(contest_id)
    rule = loading.in_contest(TitleRule, request.form.get("rule_id", type=int) or 0, contest,
                  lambda r: r.contest_id)
    back = back_to(url_for("organizer.awards_preview", contest_id=contest.id))
    nominations.decide(rule, request.form.get("subject", ""), request.form.get("state", ""),
                       request.form.get("note", ""), current_user)
    flash(_("Decision recorded."), "success")
    return redirect(back)


@bp.route("/contests/<int:contest_id>/publication")
def publication_page(contest_id: int):
    contest = loading.contest(contest_id)
    listed = publication.versions(contest)
    return render_template("organizer/results/publication.html", contest=contest,
                           versions=listed, today=publication.to_local(publication.utc_now()),
                           shown=publication.shown,
                           final=publication.final_version(contest.id),
                           corrected=publication.corrected(listed),
                           differences=corrections.differences(contest,
                                                               listed[0] if listed else None),
                           long_jobs=job_views.recent(contest, ("publish",)))


def _publicity_end(day: str, at: str) -> datetime:
    """The end of the publicity period as typed: a day and a time on the app's clock; no
    time means the end of that day (the next day at 00:00)."""
    try:
        when = date.fromisoformat(day.strip())
    except ValueError:
        raise Invalid(_("Give the last day of the publicity period."),
                      code="publicity_ends_on") from None
    if not at.strip():
        return datetime.combine(when + timedelta(days=1), time())
    try:
        clock = time.fromisoformat(at.strip())
    except ValueError:
        raise Invalid(_("Give the time the publicity period ends, like 18:00."),
                      code="publicity_ends_time") from None
    return datetime.combine(when, clock.replace(second=0, microsecond=0, tzinfo=None))


@bp.route("/contests/<int:contest_id>/publication/publish", methods=["POST"])
def publish(contest_id: int):
    contest = loading.contest(contest_id)
    back = back_to(url_for("organizer.publication_page", contest_id=contest.id))
    ends = _publicity_end(request.form.get("publicity_ends_on", ""),
                          request.form.get("publicity_ends_time", ""))
    entries = queued_publication.queued(contest)
    if entries is not None:  # a big contest: computed and published by the job worker
        job = queued_publication.start(contest, publicity_ends_on=ends,
                                       change_note=request.form.get("change_note"),
                                       user=current_user, total=entries)
        return redirect(url_for("organizer.job_page", contest_id=contest.id, job_id=job.id))
    version = publication.publish(contest, publicity_ends_on=ends,
                                  change_note=request.form.get("change_note"),
                                  user=current_user)
    flash(_("Version %(n)d is public; objections are open until %(day)s.",
            n=version.number, day=publication.shown(version.publicity_ends_at)), "success")
    return redirect(back)


@bp.route("/contests/<int:contest_id>/versions/<int:obj_id>/finalize", methods=["POST"])
def finalize(contest_id: int, obj_id: int):
    contest = loading.contest(contest_id)
    version = loading.in_contest(ResultVersion, obj_id, contest, lambda v: v.contest_id)
    back = back_to(url_for("organizer.publication_page", contest_id=contest.id))
    publication.finalize(version, current_user)
    flash(_("Version %(n)d is final.", n=version.number), "success")
    return redirect(back)


@bp.route("/contests/<int:contest_id>/objections/<int:obj_id>/decide", methods=["POST"])
def objection_decide(contest_id: int, obj_id: int):
    contest = loading.contest(contest_id)
    objection = loading.in_contest(Objection, obj_id, contest, lambda o: o.version.contest_id)
    back = back_to(url_for("organizer.publication_page", contest_id=contest.id))
    publication.decide_objection(objection, decision=request.form.get("decision", ""),
                                 note=request.form.get("note", ""), user=current_user)
    flash(_("Decision recorded. Correct the results and publish again if it was upheld."),
          "success")
    return redirect(back)
