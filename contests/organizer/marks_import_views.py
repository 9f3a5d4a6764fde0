"""Marks imports: upload a theory exam's scores (one component of a stage, all its panels)
or marks per criterion and
judge (one stage) → (map unknown columns) → preview every sheet and every bad cell →
confirm. The same readers, sealed upload and mapping step as the people imports
(exchange_views.py); the plan is exchange/plan_marks.py, the write
services/exchange/marks_import.py."""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ..exchange import uploads
from ..exchange.files import FORMATS, filename, render
from ..exchange.marks_samples import exam_form
from ..exchange.plan import unknown_columns
from ..exchange.plan_marks import MARK_KINDS, STATUSES, build_marks_plan
from ..exchange.readers import read_table
from ..extensions import db
from ..models import Component, Panel, Stage
from ..refusals import NotFound, Refused
from ..services import long_work
from ..services.exchange import marks_import, queued, queued_preview
from ..vocabularies import label
from . import bp, loading, preview_jobs
from .exchange_views import SHOWN_ROWS, _download, _shown_name, mapping_page, upload_again
from .forms.exchange import ConfirmForm, mapping_form
from .forms.marks import MarksUploadForm

SHAPE = "<any(exam, sheets):shape>"
BASE = "/contests/<int:contest_id>/exchange/marks"
TARGET_LABELS = {"exam": _l("Component of a stage (its panels' sheets have one item: the "
                             "exam score)"),
                 "sheets": _l("Stage")}


def _kind(shape: str):
    return MARK_KINDS[shape]


def _record_kind(shape: str) -> str:
    return f"marks-{shape}"


def _components(contest) -> list[Component]:
    """The components of the contest's stages that some panel marks: what an exam's
    scores can be imported into."""
    marked = select(Panel.id).where(Panel.component_id == Component.id).exists()
    return db.session.scalars(select(Component).join(Stage).where(
        Stage.contest_id == contest.id, marked).order_by(
        Stage.position, Component.position, Component.id)).all()


def _targets(contest, shape: str) -> list[tuple[int, str]]:
    if shape == "exam":
        return [(c.id, f"{c.stage.name} · {c.name}") for c in _components(contest)]
    return [(s.id, s.name) for s in contest.stages]


def _target(contest, shape: str, target_id):
    model = Component if shape == "exam" else Stage
    try:
        return loading.in_contest(model, int(target_id or 0), contest, _contest_id_of)
    except (TypeError, ValueError):
        raise NotFound(_("There is no such record in this contest.")) from None


def _contest_id_of(obj) -> int:
    return obj.stage.contest_id if isinstance(obj, Component) else obj.contest_id


@bp.route(f"{BASE}/{SHAPE}", methods=["GET", "POST"])
def marks_upload(contest_id: int, shape: str):
    contest = loading.contest(contest_id)
    form = MarksUploadForm(targets=_targets(contest, shape), target_label=TARGET_LABELS[shape])
    error = None
    if form.validate_on_submit():
        target = _target(contest, shape, form.target.data)
        upload = form.file.data
        try:
            table = read_table(upload.read(), _kind(shape),
                               max_bytes=current_app.config["MAX_CONTENT_LENGTH"])
        except Refused as refusal:
            error = refusal.message
        else:
            token = uploads.store(table, kind=_record_kind(shape), contest_id=contest.id,
                                  filename=_shown_name(upload.filename),
                                  extra=dict(target=target.id, status=form.status.data))
            record = {"table": table, "filename": _shown_name(upload.filename)}
            if queued_preview.preview_queued(shape, record) and not unknown_columns(
                    _default_mapping(shape, table), table):  # big: checked by a job
                return preview_jobs.start(contest, token, record, shape=shape)
            return redirect(url_for("organizer.marks_preview", contest_id=contest.id,
                                    shape=shape, token=token))
    status = 422 if request.method == "POST" else 200
    return render_template("organizer/exchange/marks_upload.html", contest=contest,
                           shape=shape, kind=_kind(shape), form=form, error=error,
                           components=_components(contest) if shape == "exam" else []), status


def _record(contest_id: int, shape: str, token: str):
    contest = loading.contest(contest_id)
    return contest, uploads.load(token, kind=_record_kind(shape), contest_id=contest.id)


def _expired(contest, shape):
    return upload_again(url_for("organizer.marks_upload", contest_id=contest.id, shape=shape))


def _plan(contest, shape, record):
    table = record["table"]
    mapping = record["mapping"] or _default_mapping(shape, table)
    status = record.get("status") if record.get("status") in STATUSES else "submitted"
    target = _target(contest, shape, record.get("target"))
    return build_marks_plan(shape, table, mapping, contest, target, status), target


def _default_mapping(shape, table):
    from ..exchange.fields import recognise

    return recognise(_kind(shape), table.headers)


@bp.route(f"{BASE}/{SHAPE}/<token>")
def marks_preview(contest_id: int, shape: str, token: str):
    contest, record = _record(contest_id, shape, token)
    if record is None:
        return _expired(contest, shape)
    table = record["table"]
    mapping = record["mapping"] or _default_mapping(shape, table)
    if request.args.get("mapping") or (record["mapping"] is None
                                       and unknown_columns(mapping, table)):
        form = mapping_form(_kind(shape), len(table.headers))(
            data={f"col{i}": name or "" for i, name in enumerate(mapping)})
        return _mapping_page(contest, shape, token, record, form)
    if queued_preview.preview_queued(shape, record):  # big: the check a job stored
        plan = preview_jobs.stored(token, queued_preview.marks_key(mapping))
        if plan is None:
            return preview_jobs.offer(contest, token, record, check_url=url_for(
                "organizer.marks_check", contest_id=contest.id, shape=shape, token=token),
                upload_url=url_for("organizer.marks_upload", contest_id=contest.id,
                                   shape=shape))
        target = _target(contest, shape, record.get("target"))
        return _preview_page(contest, shape, token, record, plan, target)
    plan, target = _plan(contest, shape, record)
    return _preview_page(contest, shape, token, record, plan, target)


@bp.route(f"{BASE}/{SHAPE}/<token>/check", methods=["POST"])
def marks_check(contest_id: int, shape: str, token: str):
    """Check a big upload again (the offer of preview_jobs.offer)."""
    contest, record = _record(contest_id, shape, token)
    if record is None:
        return _expired(contest, shape)
    if not ConfirmForm().validate_on_submit() or not queued_preview.preview_queued(
            shape, record):
        abort(400)
    return preview_jobs.start(contest, token, record, shape=shape)


def _mapping_page(contest, shape, token, record, form, status=200):
    return mapping_page(
        contest, record, form, kind=_kind(shape),
        unknown=unknown_columns(_default_mapping(shape, record["table"]), record["table"]),
        upload_url=url_for("organizer.marks_upload", contest_id=contest.id, shape=shape),
        mapping_url=url_for("organizer.marks_mapping", contest_id=contest.id, shape=shape,
                            token=token),
        crumb=_("Import marks"), status=status)


def _preview_page(contest, shape, token, record, plan, target, status=200):
    return render_template("organizer/exchange/marks_preview.html", contest=contest,
                           shape=shape, kind=_kind(shape), token=token, record=record,
                           plan=plan, target=target, counts=plan.counts(),
                           status_label=label(plan.status, "sheet_status"),
                           form=ConfirmForm(), shown=SHOWN_ROWS), status


@bp.route(f"{BASE}/{SHAPE}/<token>/mapping", methods=["POST"])
def marks_mapping(contest_id: int, shape: str, token: str):
    contest, record = _record(contest_id, shape, token)
    if record is None:
        return _expired(contest, shape)
    columns = len(record["table"].headers)
    form = mapping_form(_kind(shape), columns)()
    if not form.validate_on_submit():
        return _mapping_page(contest, shape, token, record, form, 422)
    uploads.save_mapping(token, record, [form[f"col{i}"].data or None for i in range(columns)])
    if queued_preview.preview_queued(shape, record):  # big: checked again by a job
        return preview_jobs.start(contest, token, record, shape=shape)
    return redirect(url_for("organizer.marks_preview", contest_id=contest.id, shape=shape,
                            token=token))


@bp.route(f"{BASE}/{SHAPE}/<token>/confirm", methods=["POST"])
def marks_confirm(contest_id: int, shape: str, token: str):
    contest, record = _record(contest_id, shape, token)
    if record is None:
        return _expired(contest, shape)
    form = ConfirmForm()
    if queued.import_queued(shape, record) and form.validate_on_submit():
        job = long_work.start(contest, "marks_import", dict(
            token=token, shape=shape, filename=record["filename"]),
            total=len(record["table"].rows), user=current_user)
        return redirect(url_for("organizer.job_page", contest_id=contest.id, job_id=job.id))
    plan, target = _plan(contest, shape, record)
    if not form.validate_on_submit() or not plan.ok:
        return _preview_page(contest, shape, token, record, plan, target, 422)
    try:
        outcome = marks_import.apply(plan, source=record["filename"])
    except Refused as refusal:
        flash(str(refusal), "error")
        return _preview_page(contest, shape, token, record, plan, target, 409)
    uploads.discard(token)
    return render_template("organizer/exchange/marks_done.html", contest=contest,
                           shape=shape, kind=_kind(shape), outcome=outcome,
                           filename=record["filename"], target=target)


@bp.route(f"{BASE}/exam/components/<int:component_id>/form")
def marks_exam_form(contest_id: int, component_id: int):
    """The exam's score form for a component of a stage: every entrant of its panels once,
    bib and name, the score empty."""
    contest = loading.contest(contest_id)
    component = loading.in_contest(Component, component_id, contest, _contest_id_of)
    fmt = request.args.get("format", "csv")
    if fmt not in FORMATS:
        raise NotFound(_("There is no such format."))
    return _download(render(exam_form(component), fmt),
                     filename(contest, f"exam-{component.id}", fmt), fmt)
