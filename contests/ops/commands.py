"""`flask backup PATH`, `flask restore PATH [--force]`, `flask move-to-postgres URL`."""
import click
from flask import Flask
from flask.cli import with_appcontext

from ..refusals import Refused
from . import backup as backups
from .move import move_to_postgres


def _refusals_as_errors(action):
    try:
        return action()
    except Refused as refusal:
        raise click.ClickException(str(refusal)) from refusal


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@with_appcontext
def backup_command(path, force):
    """Back up the live database to PATH while the site runs (SQLite: the online backup
    API; PostgreSQL: pg_dump --format=custom)."""
    written = _refusals_as_errors(lambda: backups.backup(path, force=force))
    click.echo(f"backed up to {written}")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True,
              help="Replace the configured database although it exists (stop the service first).")
@with_appcontext
def restore_command(path, force):
    """Put the backup PATH in place of the configured database (CONTESTS_DATABASE_URL).
    Refuses while that database exists, unless --force."""
    restored = _refusals_as_errors(lambda: backups.restore(path, force=force))
    click.echo(f"restored {path} into {restored}")


@click.command("move-to-postgres")
@click.argument("url")
@with_appcontext
def move_command(url):
    """Copy every table of this SQLite site into the empty PostgreSQL database URL
    (postgresql+psycopg://user:password@host/name): schema by migrations, rows in
    dependency order, sequences reset. Then set CONTESTS_DATABASE_URL=URL."""
    copied = _refusals_as_errors(lambda: move_to_postgres(url, say=click.echo))
    click.echo(f"moved {sum(copied.values())} rows in {len(copied)} tables; "
               "now set CONTESTS_DATABASE_URL to the new database and restart the service")


def init_app(app: Flask) -> None:
    for command in (backup_command, restore_command, move_command):
        app.cli.add_command(command)
