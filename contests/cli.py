"""Flask commands: `flask accounts create …`, `flask demo load`."""
import click
from flask import Flask
from sqlalchemy import select

from .command_group import CommandGroup
from .extensions import db
from .models import ROLES, Contest, User
from .refusals import Refused
from .services import accounts as accounts_service
from .services import audit
from .services.transaction import all_or_nothing

accounts = CommandGroup("accounts", help="Create and manage sign-in accounts.")


@accounts.command("create")
@click.argument("username")
@click.option("--name", "display_name", help="Name shown in the app (default: username).")
@click.option("--role", type=click.Choice(ROLES), default="organizer", show_default=True,
              help="admin manages accounts and who runs which contest; organizer runs the "
                   "contests they are members of; chief_judge and judge mark.")
@click.option("--unit", help="Work unit (judges are kept off contestants of their own unit).")
@click.password_option(help="Asked for when not given; use CONTESTS_PASSWORD in scripts.",
                       envvar="CONTESTS_PASSWORD")
def create_account(username, display_name, role, unit, password):
    """Create an account (an organizer by default) with a hashed password. The first
    administrator is created here: `flask accounts create NAME --role admin`."""
    if len(password) < 8:
        raise click.BadParameter("at least 8 characters", param_hint="password")
    if db.session.scalar(select(User).where(User.username == username)):
        raise click.ClickException(f"an account named {username!r} already exists")
    user = User(username=username, display_name=display_name or username, role=role, unit=unit)
    user.set_password(password)
    with all_or_nothing():  # a clash with an account created meanwhile: a readable refusal
        db.session.add(user)
        db.session.flush()
        audit.record("create", user, new={"username": username, "role": role,
                                          "password": accounts_service.PASSWORD_CHANGED},
                     reason="flask accounts create")
    click.echo(f"created {role} account {username!r}")


def _member_args(username: str, code: str) -> tuple[User, Contest]:
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"no account named {username!r}")
    contest = db.session.scalar(select(Contest).where(Contest.code == code))
    if contest is None:
        raise click.ClickException(f"no contest with the code {code!r}")
    return user, contest


@accounts.command("add-member")
@click.argument("username")
@click.argument("contest_code")
def add_member(username, contest_code):
    """Let the organizer USERNAME run the contest CONTEST_CODE (see and change it)."""
    user, contest = _member_args(username, contest_code)
    try:
        accounts_service.add_member(contest, user, actor=None, from_shell=True)
    except Refused as refusal:
        raise click.ClickException(str(refusal)) from refusal
    click.echo(f"{username!r} runs {contest.code}")


@accounts.command("remove-member")
@click.argument("username")
@click.argument("contest_code")
def remove_member(username, contest_code):
    """Stop the organizer USERNAME from running the contest CONTEST_CODE."""
    user, contest = _member_args(username, contest_code)
    accounts_service.remove_member(contest, user, actor=None, from_shell=True)
    click.echo(f"{username!r} no longer runs {contest.code}")


def init_app(app: Flask) -> None:
    app.cli.add_command(accounts)
    from .services.demo.command import demo  # the demo loader lives with its data

    app.cli.add_command(demo)
    from .exchange.cli import exchange

    app.cli.add_command(exchange)
    from .certificates.cli import certificates

    app.cli.add_command(certificates)
    from .ops import commands as operations  # flask backup, restore, move-to-postgres

    operations.init_app(app)
    from . import jobs  # `flask jobs worker`: the background job queue

    jobs.init_app(app)
