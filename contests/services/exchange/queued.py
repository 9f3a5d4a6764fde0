"""Exports and imports too big for a request, as jobs (services/long_work.py).

- An export whose rows are estimated above EXPORT_INLINE_MAX_ROWS is written by the worker
  to a file under the instance folder; the job's page offers it to the contest's members.
- Confirming an import whose file has more rows than IMPORT_INLINE_MAX_ROWS: the worker
  reads the sealed upload, checks it again against the database as it is then, and applies
  it in ONE transaction together with the job's outcome (all or nothing, as inline).
  Judges' imports stay inline: the passwords they generate are shown once, on that page."""
import os

from flask_babel import gettext as _
from sqlalchemy import func, select

from ...exchange import uploads
from ...exchange.exports import EXPORTS
from ...exchange.fields import recognise
from ...exchange.files import filename, render
from ...exchange.plan import build_plan, default_mapping
from ...exchange.plan_marks import MARK_KINDS, STATUSES, build_marks_plan
from ...exchange.writers import Sheet
from ...extensions import db
from ...models import (
    AuditEntry,
    Component,
    Contest,
    Contestant,
    Delegation,
    Entry,
    Mark,
    ScoreSheet,
    Stage,
)
from ...refusals import Conflict, Invalid
from .. import long_work
from . import imports, marks_import

EXPORT_INLINE_MAX_ROWS = 20_000
IMPORT_INLINE_MAX_ROWS = 2_000
STEP = 500  # rows between two progress reports


def _entries(contest_id: int) -> int:
    return db.session.scalar(select(func.count(Entry.id)).join(Stage).where(
        Stage.contest_id == contest_id)) or 0


def export_rows(contest: Contest, kind: str) -> int:
    """About how many rows the export has (one count query): what decides queueing."""
    if kind == "marks":
        return db.session.scalar(
            select(func.count(Mark.id)).join(ScoreSheet, Mark.sheet_id == ScoreSheet.id)
            .join(Entry, ScoreSheet.entry_id == Entry.id).join(Stage)
            .where(Stage.contest_id == contest.id)) or 0
    if kind == "audit":
        return db.session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.contest_id == contest.id)) or 0
    if kind == "delegations":
        return db.session.scalar(select(func.count(Delegation.id)).where(
            Delegation.contest_id == contest.id)) or 0
    if kind == "contestants":
        return max(_entries(contest.id), db.session.scalar(select(func.count(
            Contestant.id)).where(Contestant.contest_id == contest.id)) or 0)
    return _entries(contest.id)


def export_queued(contest: Contest, kind: str) -> int | None:
    """The estimated rows when the export should be queued, else None (write it now)."""
    rows = export_rows(contest, kind)
    limit = long_work.threshold("EXPORT_INLINE_MAX_ROWS", EXPORT_INLINE_MAX_ROWS)
    return rows if rows > limit else None


def import_queued(kind: str, record: dict) -> bool:
    limit = long_work.threshold("IMPORT_INLINE_MAX_ROWS", IMPORT_INLINE_MAX_ROWS)
    return kind != "judges" and len(record["table"].rows) > limit


def _counted(sheet: Sheet, counter: list, progress) -> Sheet:
    def rows():
        for row in sheet.rows:
            counter[0] += 1
            if counter[0] % STEP == 0:
                progress.step(counter[0])
            yield row
    return Sheet(sheet.title, sheet.columns, rows())


@long_work.work("export")
def export(job, params: dict, progress) -> None:
    contest = db.session.get(Contest, job.contest_id)
    found, fmt = EXPORTS[params["export"]], params["format"]
    progress.phase("reading", total=job.total)
    counter = [0]
    sheets = [_counted(sheet, counter, progress) for sheet in found.build(contest)]
    if fmt != "xlsx":
        sheets = sheets[:1]  # a CSV holds the first sheet only
    progress.phase("writing", total=job.total, done=job.total)
    data = render(sheets, fmt)
    path = os.path.join(long_work.output_dir(job), f"export.{fmt}")
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    progress.finish(path=path, name=filename(contest, found.name, fmt),
                    outcome={"rows": counter[0]})


def _sealed(params: dict, kind: str) -> dict:
    record = uploads.load(params["token"], kind=kind, contest_id=params["contest_id"])
    if record is None:
        raise Conflict(_("This upload is no longer available (it was imported or has "
                         "expired). Please upload the file again."), code="upload_gone")
    return record


@long_work.work("import")
def people_import(job, params: dict, progress) -> None:
    kind = params["import"]
    progress.phase("reading")
    record = _sealed(dict(params, contest_id=job.contest_id), kind)
    table = record["table"]
    progress.phase("checking", total=len(table.rows))
    contest = db.session.get(Contest, job.contest_id)
    plan = build_plan(kind, table, record["mapping"] or default_mapping(kind, table), contest,
                      create_delegations=bool(params.get("create_delegations")))
    if not plan.ok:
        raise Invalid(_("The file has problems; nothing was imported."), code="file_problems")
    progress.phase("writing", total=len(table.rows), done=len(table.rows))
    imports.apply(plan, source=record["filename"], finish=lambda outcome: progress.finish(
        outcome=dict(created=outcome.created, updated=outcome.updated,
                     filename=record["filename"], import_kind=kind)))
    uploads.discard(params["token"])


def _marks_plan(contest: Contest, shape: str, record: dict):
    """The plan the preview showed, built again from the sealed upload (its component or
    stage, and the status its sheets get, were sealed with it)."""
    table = record["table"]
    mapping = record["mapping"] or recognise(MARK_KINDS[shape], table.headers)
    status = record.get("status") if record.get("status") in STATUSES else "submitted"
    target = db.session.get(Component if shape == "exam" else Stage,
                            int(record.get("target") or 0))
    owner = None if target is None else (
        target.stage.contest_id if shape == "exam" else target.contest_id)
    if owner != contest.id:
        raise Conflict(_("There is no such record in this contest."), code="no_target")
    return build_marks_plan(shape, table, mapping, contest, target, status)


@long_work.work("marks_import")
def marks(job, params: dict, progress) -> None:
    progress.phase("reading")
    record = _sealed(dict(params, contest_id=job.contest_id), f"marks-{params['shape']}")
    progress.phase("checking", total=len(record["table"].rows))
    contest = db.session.get(Contest, job.contest_id)
    plan = _marks_plan(contest, params["shape"], record)
    if not plan.ok:
        raise Invalid(_("The file has problems; nothing was imported."), code="file_problems")
    progress.phase("writing", total=len(record["table"].rows),
                   done=len(record["table"].rows))
    marks_import.apply(plan, source=record["filename"], finish=lambda outcome: progress.finish(
        outcome=dict(created=outcome.created, updated=outcome.updated,
                     unchanged=outcome.unchanged, filename=record["filename"],
                     shape=params["shape"])))
    uploads.discard(params["token"])
