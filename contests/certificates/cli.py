"""`flask certificates …`: issue from the final results, render in bulk for the printer,
check the fonts."""
import sys
import time

import click
from flask import current_app
from sqlalchemy import select

from ..command_group import CommandGroup
from ..extensions import db
from ..models import Contest
from . import bulk, fonts, printable

certificates = CommandGroup("certificates", help="Award certificates: issue, render, check fonts.")


def _contest(code: str) -> Contest:
    found = db.session.scalar(select(Contest).where(Contest.code == code))
    if found is None:
        raise click.ClickException(f"no contest with the code {code!r}")
    return found


@certificates.command("issue")
@click.option("--contest", "code", required=True, help="Contest code.")
def issue(code):
    """Issue (or bring up to date) certificates from the newest final results."""
    from ..services.certificates.issuing import issue_latest

    report = issue_latest(_contest(code))  # a refusal: its message, exit status 1
    click.echo(f"version {report.version_number}: {len(report.issued)} issued, "
               f"{len(report.revoked)} revoked, {report.unchanged} unchanged, "
               f"{len(report.reclassified)} with their kind corrected, "
               f"{len(report.skipped)} without a certificate")


@certificates.command("render")
@click.option("--contest", "code", required=True, help="Contest code.")
@click.option("--stage", help="Only this stage (its name as printed).")
@click.option("--event", help="Only this event.")
@click.option("--tier", help="Only this prize, grade or title.")
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False, writable=True),
              help="Write one PDF for the printer here.")
@click.option("--zip", "zip_path", type=click.Path(dir_okay=False, writable=True),
              help="Write a ZIP with one PDF per person here.")
@click.option("--base-url", help="Address of the public site for the QR codes "
                                 "(default: PUBLIC_URL, e.g. CONTESTS_PUBLIC_URL).")
def render(code, stage, event, tier, pdf_path, zip_path, base_url):
    """Render the valid certificates of a contest (or of a stage, event or tier)."""
    if not pdf_path and not zip_path:
        raise click.UsageError("give --pdf and/or --zip")
    for problem in fonts.problems():
        click.echo(f"WARNING: {problem}", err=True)
    contest = _contest(code)
    chosen = bulk.choose(contest, {"stage": stage, "event": event, "tier": tier})
    if not chosen:
        raise click.ClickException("no valid certificates match; issue them first "
                                   "(flask certificates issue --contest CODE)")
    base = (base_url or printable.public_base_url()).rstrip("/")
    if not base_url and not current_app.config.get("PUBLIC_URL"):
        click.echo(f"WARNING: QR codes point to {base}; set PUBLIC_URL or --base-url",
                   err=True)
    started = time.perf_counter()

    def progress(done, total):
        click.echo(f"\r{done}/{total}", nl=False, err=True)

    result = bulk.render(chosen, contest, base, pdf_path=pdf_path, zip_path=zip_path,
                         progress=progress if sys.stderr.isatty() else None)
    click.echo(f"{result.pages} certificates in {time.perf_counter() - started:.1f} s")
    if pdf_path:
        click.echo(f"wrote {pdf_path} ({result.pdf_bytes:,} bytes)")
    if zip_path:
        click.echo(f"wrote {zip_path} ({result.zip_files} files)")


@certificates.command("check-fonts")
def check_fonts():
    """Say whether Chinese certificates will render (fonts, HarfBuzz subsetting)."""
    found = fonts.problems()
    for problem in found:
        click.echo(f"MISSING: {problem}")
    if found:
        sys.exit(1)
    click.echo("ok: Chinese fonts (regular and bold) and libharfbuzz-subset are installed")
