"""The preview step of an upload too big to check in a request (people and marks imports,
exchange_views.py and marks_import_views.py): its check runs as a job
(services/exchange/queued_preview.py) whose page links to the preview, which then shows
the stored result. A preview asked with other choices than the stored one (another column
mapping, the delegations to create) is offered as a new check, started by a POST."""
from flask import redirect, render_template, url_for
from flask_login import current_user

from ..exchange import uploads
from ..exchange.frozen_preview import FrozenPlan
from ..services.exchange import queued_preview
from .forms.exchange import ConfirmForm


def stored(token: str, key: dict) -> FrozenPlan | None:
    data = uploads.load_preview(token, key)
    return None if data is None else FrozenPlan(data)


def job_page(contest, job):
    return redirect(url_for("organizer.job_page", contest_id=contest.id, job_id=job.id))


def start(contest, token: str, record: dict, **which):
    """Queue the check and go to its page (`which`: people=kind, create_delegations, or
    shape=...)."""
    return job_page(contest, queued_preview.start(contest, token, record, user=current_user,
                                                  **which))


def offer(contest, token: str, record: dict, *, check_url: str, upload_url: str):
    """The check of these choices is not stored: its job's page if one is under way, else
    a page offering to start it."""
    job = queued_preview.pending(contest, token)
    if job is not None:
        return job_page(contest, job)
    return render_template("organizer/jobs/preview_offer.html", contest=contest,
                           record=record, rows=len(record["table"].rows),
                           check_url=check_url, upload_url=upload_url, form=ConfirmForm())
