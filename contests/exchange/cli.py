"""`flask exchange …`: imports, exports and contest templates from the command line, for
scripts and for files larger than the web upload allows. Messages are in --lang."""
import json
import sys
from pathlib import Path

import click
from flask_babel import force_locale
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from ..command_group import CommandGroup
from ..extensions import db
from ..models import Contest
from .blanks import blank
from .contest_template import SHIPPED, dumps, export, shipped
from .exports import EXPORTS
from .fields import KINDS
from .files import FORMATS, filename, render
from .plan import build_plan, default_mapping, unknown_columns
from .readers import read_table

exchange = CommandGroup("exchange", help="Spreadsheet import / export and contest templates.")
LANG = click.option("--lang", default="zh_CN", show_default=True,
                    type=click.Choice(["zh_CN", "en"]), help="Language of messages and headers.")
SHOWN_PROBLEMS = 50


def _contest(code: str) -> Contest:
    found = db.session.scalar(select(Contest).where(Contest.code == code))
    if found is None:
        raise click.ClickException(f"no contest with the code {code!r}")
    return found


def _write(data: bytes, path: str) -> None:
    Path(path).write_bytes(data)
    click.echo(f"wrote {path} ({len(data):,} bytes)")


@exchange.command("import")
@click.argument("contest_code")
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--map", "maps", multiple=True, metavar="COLUMN=FIELD",
              help="Meaning of an unknown column (header text or letter) as a field name, "
                   "or 'ignore'. Repeatable.")
@click.option("--dry-run", is_flag=True, help="Show the plan, write nothing.")
@LANG
def import_file(contest_code, kind, path, maps, dry_run, lang):
    """Import delegations, contestants (with entries) or judges from an .xlsx or CSV."""
    from ..services.exchange.imports import apply

    with force_locale(lang):
        contest = _contest(contest_code)
        table = read_table(Path(path).read_bytes(), KINDS[kind])
        mapping = _mapping(kind, table, maps)
        plan = build_plan(kind, table, mapping, contest)
        click.echo(_summary(plan, table))
        if not plan.ok:
            for problem in plan.problems[:SHOWN_PROBLEMS]:
                click.echo(f"  {problem}", err=True)
            if len(plan.problems) > SHOWN_PROBLEMS:
                click.echo(f"  … {len(plan.problems) - SHOWN_PROBLEMS} more", err=True)
            raise click.ClickException(f"{len(plan.problems)} problems; nothing was imported")
        if dry_run:
            click.echo("dry run: nothing was written")
            return
        outcome = apply(plan, source=Path(path).name)
        click.echo(f"imported: created {outcome.created or 0}, updated {outcome.updated or 0}")
        for username, password in outcome.passwords:
            click.echo(f"  new account {username}: password {password}")


def _mapping(kind: str, table, maps) -> list:
    mapping = default_mapping(kind, table)
    fields = {f.name for f in KINDS[kind].fields}
    for item in maps:
        column, _, field = item.partition("=")
        if field != "ignore" and field not in fields:
            raise click.BadParameter(f"{field!r} is not one of {sorted(fields)} or 'ignore'",
                                     param_hint="--map")
        for index, header in enumerate(table.headers):
            if column.strip() in (header, get_column_letter(index + 1)):
                mapping[index] = None if field == "ignore" else field
    unknown = [i for i in unknown_columns(mapping, table)
               if not any(m.partition("=")[0].strip() in (table.headers[i],
                                                          get_column_letter(i + 1))
                          for m in maps)]
    if unknown:
        names = ", ".join(f"{get_column_letter(i + 1)} {table.headers[i]!r}" for i in unknown)
        raise click.ClickException(f"unknown columns: {names}; say what each holds with "
                                   f"--map COLUMN=FIELD (fields: {', '.join(sorted(fields))}, "
                                   "or ignore)")
    return mapping


def _summary(plan, table) -> str:
    counts = plan.counts()
    unchanged = counts.pop("unchanged_rows")
    parts = [f"{name} {verb} {n}" for name, verbs in counts.items()
             for verb, n in verbs.items() if n]
    source = f"{table.source}" + (f", {table.encoding}" if table.encoding else "")
    return (f"{len(table.rows)} rows ({source}): " + (", ".join(parts) or "no changes") +
            f"; {unchanged} rows unchanged")


@exchange.command("export")
@click.argument("contest_code")
@click.argument("kind")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="xlsx", show_default=True)
@click.option("--encoding", default="utf-8-sig", show_default=True,
              type=click.Choice(["utf-8-sig", "utf-8", "gb18030"]), help="CSV only.")
@click.option("-o", "--output", help="File to write (default: CODE-KIND-DATE.FORMAT).")
@LANG
def export_file(contest_code, kind, fmt, encoding, output, lang):
    """Export KIND (delegations, contestants, judges, marks, audit, and whatever else is
    registered in contests/exchange/exports.py) as .xlsx or CSV."""
    if kind not in EXPORTS:  # checked here, not by click: features register kinds later
        raise click.BadParameter(f"one of {', '.join(sorted(EXPORTS))}", param_hint="KIND")
    with force_locale(lang):
        contest = _contest(contest_code)
        data = render(EXPORTS[kind].build(contest), fmt, encoding)
        _write(data, output or filename(contest, kind, fmt))


@exchange.command("blank")
@click.argument("contest_code")
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="xlsx", show_default=True)
@click.option("-o", "--output")
@LANG
def blank_file(contest_code, kind, fmt, output, lang):
    """Write an empty registration form for an import kind."""
    with force_locale(lang):
        contest = _contest(contest_code)
        _write(render(blank(kind, contest), fmt), output or filename(contest, f"{kind}-form", fmt))


@exchange.command("template-export")
@click.argument("contest_code")
@click.option("-o", "--output")
def template_export(contest_code, output):
    """Write a contest's configuration as a contest template (JSON)."""
    contest = _contest(contest_code)
    _write(dumps(export(contest)).encode("utf-8"),
           output or filename(contest, "template", "json"))


@exchange.command("template-check")
@click.argument("source")
@LANG
def template_check(source, lang):
    """Validate a template file (or a shipped template by name)."""
    from .template_schema import parse

    with force_locale(lang):
        document, errors = _document(source, parse)
        for error in errors:
            click.echo(f"  {error}", err=True)
        if errors:
            raise click.ClickException(f"{len(errors)} errors")
        click.echo(f"valid: {document['contest']['name']}")


@exchange.command("template-import")
@click.argument("source")
@click.option("--code", required=True, help="Code of the new contest.")
@click.option("--year", required=True, type=int)
@click.option("--name", help="Name of the new contest (default: the template's).")
@LANG
def template_import(source, code, year, name, lang):
    """Create a contest from a template file or a shipped template (union-chair,
    star-hotel)."""
    from ..services.exchange.contest_templates import create_contest
    from .template_schema import parse

    with force_locale(lang):
        document, errors = _document(source, parse)
        if errors:
            for error in errors:
                click.echo(f"  {error}", err=True)
            raise click.ClickException(f"{len(errors)} errors; no contest was created")
        contest = create_contest(document, code=code, year=year,
                                 name=name or document["contest"]["name"])
        click.echo(f"created contest {contest.code}: {contest.name}")


def _document(source: str, parse):
    if source in SHIPPED:
        return parse(json.dumps(shipped(source)))
    if source == "-":
        return parse(sys.stdin.read())
    if not Path(source).is_file():
        raise click.ClickException(f"{source!r} is neither a file nor one of {sorted(SHIPPED)}")
    return parse(Path(source).read_bytes())


@exchange.command("purge-previews")
@click.option("--all", "everything", is_flag=True,
              help="Delete every waiting preview, not only those older than an hour.")
def purge_previews(everything):
    """Delete import previews older than an hour (they hold the uploaded rows, sealed with
    the application's key); run it from cron, or with --all after changing SECRET_KEY."""
    from .uploads import purge

    click.echo(f"deleted {purge(everything=everything)} import previews")
