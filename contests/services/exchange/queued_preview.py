"""The preview of an upload too big to check in a request (more data rows than
IMPORT_INLINE_MAX_ROWS), as a job (services/long_work.py): the worker builds the plan the
preview page would build (people: exchange/plan.preview_plan; marks:
exchange/plan_marks.build_marks_plan), and seals what the page shows beside the upload
(exchange/frozen_preview.py, uploads.save_preview) under the choices it was built with
(its `key`). The preview page then shows it without checking the file again; confirming
is the queued import of queued.py, which checks the file once more against the database
as it is then. Judges' imports stay inline (their confirmation is)."""
import json

from sqlalchemy import select

from ...exchange import uploads
from ...exchange.frozen_preview import freeze
from ...exchange.plan import default_mapping, preview_plan
from ...extensions import db
from ...models import Contest, Job
from .. import long_work
from .queued import IMPORT_INLINE_MAX_ROWS, _marks_plan, _sealed

KIND = "preview"
SHOWN_ROWS = 500  # as the preview pages (organizer/exchange_views.SHOWN_ROWS)


def preview_queued(kind: str, record: dict) -> bool:
    """Whether this upload's preview is built by a job (judges' files never are)."""
    limit = long_work.threshold("IMPORT_INLINE_MAX_ROWS", IMPORT_INLINE_MAX_ROWS)
    return kind != "judges" and len(record["table"].rows) > limit


def people_key(mapping: list, create_delegations: bool) -> dict:
    return {"mapping": list(mapping), "create_delegations": bool(create_delegations)}


def marks_key(mapping: list) -> dict:
    return {"mapping": list(mapping)}


def pending(contest: Contest, token: str) -> Job | None:
    """A preview job of this upload still waiting or running."""
    marker = json.dumps({"token": token})[1:-1]  # '"token": "…"' as params are written
    return db.session.scalars(select(Job).where(
        Job.contest_id == contest.id, Job.kind == KIND, Job.status.in_(("queued", "running")),
        Job.params.contains(marker, autoescape=True)).order_by(Job.id.desc()).limit(1)).first()


def start(contest: Contest, token: str, record: dict, *, user, create_delegations=False,
          people: str | None = None, shape: str | None = None) -> Job:
    """Queue the preview of a people upload (`people`: its kind) or a marks upload
    (`shape`)."""
    params = dict(token=token, filename=record["filename"],
                  create_delegations=bool(create_delegations))
    params.update({"import": people} if people else {"shape": shape})
    return long_work.start(contest, KIND, params, total=len(record["table"].rows), user=user)


@long_work.work(KIND)
def build(job, params: dict, progress) -> None:
    progress.phase("reading")
    contest = db.session.get(Contest, job.contest_id)
    shape = params.get("shape")
    kind = f"marks-{shape}" if shape else params["import"]
    record = _sealed(dict(params, contest_id=job.contest_id), kind)
    table = record["table"]
    progress.phase("checking", total=len(table.rows))
    if shape:
        plan = _marks_plan(contest, shape, record)
        mapping = record["mapping"] or _marks_mapping(shape, table)
        key = marks_key(mapping)
    else:
        mapping = record["mapping"] or default_mapping(kind, table)
        create = bool(params.get("create_delegations"))
        plan = preview_plan(kind, table, mapping, contest, create_delegations=create)
        key = people_key(mapping, create)
    progress.phase("writing", total=len(table.rows), done=len(table.rows))
    uploads.save_preview(params["token"], key, freeze(plan, shown=SHOWN_ROWS))
    progress.finish(outcome=dict(filename=record["filename"], rows=len(table.rows),
                                 problems=len(plan.problems)))


def _marks_mapping(shape: str, table) -> list:
    from ...exchange.fields import recognise
    from ...exchange.plan_marks_base import MARK_KINDS

    return recognise(MARK_KINDS[shape], table.headers)
