"""Import / export pages of a contest: upload a spreadsheet → (map unknown columns) →
preview every change and problem → confirm; download registration forms, exports and the
contest template; start a new contest from a template."""
import io
import json

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from openpyxl.utils import get_column_letter
from werkzeug.exceptions import RequestEntityTooLarge

from ..exchange import idnumber, uploads
from ..exchange.blanks import blank
from ..exchange.contest_template import dumps, export, shipped, shipped_choices
from ..exchange.exports import EXPORTS
from ..exchange.fields import KINDS
from ..exchange.files import FORMATS, MIMETYPES, filename, render
from ..exchange.plan import build_plan, default_mapping, preview_plan, unknown_columns
from ..exchange.readers import read_table
from ..exchange.template_schema import parse
from ..extensions import db
from ..refusals import Refused
from ..services import long_work
from ..services.exchange import contest_templates, imports, queued, queued_preview
from . import bp, job_views, loading, preview_jobs
from .forms.exchange import ConfirmForm, NewContestForm, UploadForm, mapping_form

KIND = "<any(delegations, contestants, judges):kind>"
BASE = "/contests/<int:contest_id>/exchange"
SHOWN_ROWS = 500  # the preview lists this many rows and problems; counts cover them all
TABLES = {"delegations": _l("Delegations"), "contestants": _l("Contestants"),
          "entries": _l("Entries"), "users": _l("Judges' accounts")}
VERBS = {"create": _l("create"), "update": _l("update"), "skip": _l("unchanged")}

bp.add_app_template_filter(lambda name: TABLES.get(name, name), "exchange_table")
bp.add_app_template_filter(lambda verb: VERBS.get(verb, verb), "exchange_verb")
bp.add_app_template_filter(lambda index: get_column_letter(index + 1), "column_letter")


def _download(data: bytes, name: str, fmt: str):
    return send_file(io.BytesIO(data), mimetype=MIMETYPES[fmt], as_attachment=True,
                     download_name=name)


def _format() -> str:
    fmt = request.args.get("format", "xlsx")
    if fmt not in FORMATS:
        abort(404)
    return fmt


@bp.route(f"{BASE}/")
def exchange_index(contest_id: int):
    contest = loading.contest(contest_id)
    return render_template("organizer/exchange/index.html", contest=contest, kinds=KINDS,
                           exports=EXPORTS, long_jobs=job_views.recent(
                               contest, ("export", "preview", "import", "marks_import")))


@bp.route(f"{BASE}/import/{KIND}", methods=["GET", "POST"])
def exchange_upload(contest_id: int, kind: str):
    contest = loading.contest(contest_id)
    form = UploadForm()
    error = None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            table = read_table(upload.read(), KINDS[kind],
                               max_bytes=current_app.config["MAX_CONTENT_LENGTH"])
        except Refused as refusal:
            error = refusal.message
        else:
            token = uploads.store(table, kind=kind, contest_id=contest.id,
                                  filename=_shown_name(upload.filename))
            record = {"table": table, "filename": _shown_name(upload.filename)}
            if queued_preview.preview_queued(kind, record) and not unknown_columns(
                    default_mapping(kind, table), table):  # big: checked by a job
                return preview_jobs.start(contest, token, record, people=kind)
            return redirect(url_for("organizer.exchange_preview", contest_id=contest.id,
                                    kind=kind, token=token))
    return _upload_page(contest, kind, form, error)


def _shown_name(name: str | None) -> str:
    """The file's own name (报名表.xlsx), for the pages and the audit trail only: it never
    becomes a path, so Chinese letters are kept rather than stripped."""
    return (name or "").replace("\\", "/").rsplit("/", 1)[-1][:200] or "upload"


def _upload_page(contest, kind, form, error, status=200):
    return render_template("organizer/exchange/upload.html", contest=contest,
                           kind=KINDS[kind], form=form, error=error), status


@bp.errorhandler(RequestEntityTooLarge)
def exchange_too_large(error):
    """Above MAX_CONTENT_LENGTH Werkzeug refuses the body before any view runs; on the
    upload page say so in the page itself rather than on a bare error page."""
    args = request.view_args or {}
    limit = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    message = _("The file is larger than %(limit)s MiB.", limit=limit)
    if request.endpoint == "organizer.exchange_upload":
        contest = loading.contest(args["contest_id"])
        return _upload_page(contest, args["kind"], UploadForm(formdata=None), message, 413)
    return render_template("error.html", code=413, error=error), 413


def _record(contest_id: int, kind: str, token: str):
    contest = loading.contest(contest_id)
    record = uploads.load(token, kind=kind, contest_id=contest.id)
    return contest, record


def _expired(contest, kind):
    return upload_again(url_for("organizer.exchange_upload", contest_id=contest.id, kind=kind))


def upload_again(upload_url: str):
    """A sealed upload that is gone (imported, or expired): say so and go back to upload."""
    flash(_("This upload is no longer available (it was imported or has expired). "
            "Please upload the file again."), "error")
    return redirect(upload_url)


@bp.route(f"{BASE}/import/{KIND}/<token>")
def exchange_preview(contest_id: int, kind: str, token: str):
    contest, record = _record(contest_id, kind, token)
    if record is None:
        return _expired(contest, kind)
    table = record["table"]
    mapping = record["mapping"] or default_mapping(kind, table)
    if request.args.get("mapping") or (record["mapping"] is None
                                       and unknown_columns(mapping, table)):
        form = mapping_form(KINDS[kind], len(table.headers))(
            data={f"col{i}": name or "" for i, name in enumerate(mapping)})
        return _mapping_page(contest, kind, token, record, form)
    create = request.args.get("create_delegations") == "1"
    if queued_preview.preview_queued(kind, record):  # big: the check a job stored
        plan = preview_jobs.stored(token, queued_preview.people_key(mapping, create))
        if plan is None:
            return preview_jobs.offer(contest, token, record, check_url=url_for(
                "organizer.exchange_check", contest_id=contest.id, kind=kind, token=token,
                create_delegations="1" if create else None), upload_url=url_for(
                "organizer.exchange_upload", contest_id=contest.id, kind=kind))
        return _preview_page(contest, kind, token, record, plan)
    plan = preview_plan(kind, table, mapping, contest, create_delegations=create)
    return _preview_page(contest, kind, token, record, plan)


@bp.route(f"{BASE}/import/{KIND}/<token>/check", methods=["POST"])
def exchange_check(contest_id: int, kind: str, token: str):
    """Check a big upload again with other choices (the offer of preview_jobs.offer)."""
    contest, record = _record(contest_id, kind, token)
    if record is None:
        return _expired(contest, kind)
    if not ConfirmForm().validate_on_submit() or not queued_preview.preview_queued(
            kind, record):
        abort(400)
    return preview_jobs.start(contest, token, record, people=kind,
                              create_delegations=request.args.get("create_delegations") == "1")


def _mapping_page(contest, kind, token, record, form):
    return mapping_page(
        contest, record, form, kind=KINDS[kind],
        unknown=unknown_columns(default_mapping(kind, record["table"]), record["table"]),
        upload_url=url_for("organizer.exchange_upload", contest_id=contest.id, kind=kind),
        mapping_url=url_for("organizer.exchange_mapping", contest_id=contest.id, kind=kind,
                            token=token),
        crumb=_("Import"))


def mapping_page(contest, record, form, *, kind, unknown, upload_url, mapping_url, crumb,
                 status=200):
    """The column-mapping step of every import (people, judges, marks): the file's headers,
    their first values (ID numbers masked) and what each column holds."""
    table = record["table"]
    samples = [[idnumber.shown(r[1][i]) for r in table.rows if r[1][i]][:3]
               for i in range(len(table.headers))]
    return render_template("organizer/exchange/mapping.html", contest=contest, kind=kind,
                           record=record, form=form, samples=samples, unknown=unknown,
                           upload_url=upload_url, mapping_url=mapping_url,
                           crumb=crumb), status


def _preview_page(contest, kind, token, record, plan):
    return render_template("organizer/exchange/preview.html", contest=contest,
                           kind=KINDS[kind], token=token, record=record, plan=plan,
                           counts=plan.counts(), form=ConfirmForm(), shown=SHOWN_ROWS)


@bp.route(f"{BASE}/import/{KIND}/<token>/mapping", methods=["POST"])
def exchange_mapping(contest_id: int, kind: str, token: str):
    contest, record = _record(contest_id, kind, token)
    if record is None:
        return _expired(contest, kind)
    columns = len(record["table"].headers)
    form = mapping_form(KINDS[kind], columns)()
    if not form.validate_on_submit():
        return _mapping_page(contest, kind, token, record, form)
    uploads.save_mapping(token, record, [form[f"col{i}"].data or None for i in range(columns)])
    if queued_preview.preview_queued(kind, record):  # big: checked again by a job
        return preview_jobs.start(contest, token, record, people=kind)
    return redirect(url_for("organizer.exchange_preview", contest_id=contest.id, kind=kind,
                            token=token))


@bp.route(f"{BASE}/import/{KIND}/<token>/confirm", methods=["POST"])
def exchange_confirm(contest_id: int, kind: str, token: str):
    contest, record = _record(contest_id, kind, token)
    if record is None:
        return _expired(contest, kind)
    form = ConfirmForm()
    table = record["table"]
    if queued.import_queued(kind, record) and form.validate_on_submit():
        return _queue_import(contest, kind, token, record)
    plan = build_plan(kind, table, record["mapping"] or default_mapping(kind, table), contest,
                      create_delegations=request.form.get("create_delegations") == "1")
    if not form.validate_on_submit() or not plan.ok:
        return _preview_page(contest, kind, token, record, plan)
    try:
        outcome = imports.apply(plan, source=record["filename"])
    except Refused as refusal:
        flash(str(refusal), "error")
        return _preview_page(contest, kind, token, record, plan)
    uploads.discard(token)
    # Rendered, not redirected: generated passwords are shown on this page only, once.
    return render_template("organizer/exchange/done.html", contest=contest, kind=KINDS[kind],
                           outcome=outcome, filename=record["filename"])


def _queue_import(contest, kind, token, record):
    """A big file: the worker checks it again and applies it (all or nothing); the job's
    page shows how far it is and what was imported."""
    job = long_work.start(contest, "import", dict(
        token=token, create_delegations=request.form.get("create_delegations") == "1",
        filename=record["filename"], **{"import": kind}),
        total=len(record["table"].rows), user=current_user)
    return redirect(url_for("organizer.job_page", contest_id=contest.id, job_id=job.id))


@bp.route(f"{BASE}/import/{KIND}/form")
def exchange_blank(contest_id: int, kind: str):
    contest = loading.contest(contest_id)
    fmt = _format()
    return _download(render(blank(kind, contest), fmt), filename(contest, f"{kind}-form", fmt),
                     fmt)


@bp.route(f"{BASE}/export/<kind>")
def exchange_export(contest_id: int, kind: str):
    contest = loading.contest(contest_id)
    found = EXPORTS.get(kind) or abort(404)
    fmt = _format()
    rows = queued.export_queued(contest, kind)
    if rows is not None:  # too big for a request: offer to prepare it in the background
        return render_template("organizer/jobs/export.html", contest=contest, export=found,
                               fmt=fmt, rows=rows, form=ConfirmForm())
    return _download(render(found.build(contest), fmt), filename(contest, kind, fmt), fmt)


@bp.route(f"{BASE}/export/<kind>/job", methods=["POST"])
def exchange_export_job(contest_id: int, kind: str):
    contest = loading.contest(contest_id)
    found = EXPORTS.get(kind) or abort(404)
    fmt = _format()
    if not ConfirmForm().validate_on_submit():
        abort(400)
    job = long_work.start(contest, "export", dict(export=found.name, format=fmt),
                          total=queued.export_rows(contest, kind), user=current_user)
    return redirect(url_for("organizer.job_page", contest_id=contest.id, job_id=job.id))


@bp.route(f"{BASE}/template.json")
def exchange_template(contest_id: int):
    contest = loading.contest(contest_id)
    return _download(dumps(export(contest)).encode("utf-8"),
                     filename(contest, "template", "json"), "json")


@bp.route("/exchange/new-contest", methods=["GET", "POST"])
def exchange_new_contest():
    contests = db.session.scalars(loading.managed_contests(current_user)).all()
    sources = [(f"shipped:{name}", _("Template: %(name)s", name=title))
               for name, title in shipped_choices()]
    sources += [(f"contest:{c.id}", _("Copy of %(name)s (%(year)s)", name=c.name, year=c.year))
                for c in contests]
    form = NewContestForm(sources=sources)
    errors: list = []
    if form.validate_on_submit():
        document, errors = _template_document(form)
        if not errors:
            try:
                contest = contest_templates.create_contest(
                    document, code=form.code.data, year=form.year.data,
                    name=form.name.data or document["contest"]["name"],
                    member=current_user)
            except Refused as refusal:
                errors = [str(refusal)]
            else:
                flash(_("Contest created from the template."), "success")
                return redirect(url_for("organizer.contest", contest_id=contest.id))
    return render_template("organizer/exchange/new_contest.html", form=form, errors=errors)


def _template_document(form):
    """The chosen template as a document and its schema errors."""
    if form.file.data:
        return parse(form.file.data.read())
    kind, _sep, key = form.source.data.partition(":")
    if kind == "shipped":
        return parse(json.dumps(shipped(key)))
    contest = loading.contest(int(key))
    return parse(json.dumps(export(contest)))
