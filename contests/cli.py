"""Flask commands: `flask accounts create …`, `flask demo load`."""
import click
from flask import Flask
from sqlalchemy import select

from .command_group import CommandGroup
from .extensions import db
from .models import ROLES, User
from .services.transaction import all_or_nothing

accounts = CommandGroup("accounts", help="Create and manage sign-in accounts.")


@accounts.command("create")
@click.argument("username")
@click.option("--name", "display_name", help="Name shown in the app (default: username).")
@click.option("--role", type=click.Choice(ROLES), default="organizer", show_default=True)
@click.option("--unit", help="Work unit (judges are kept off contestants of their own unit).")
@click.password_option(help="Asked for when not given; use CONTESTS_PASSWORD in scripts.",
                       envvar="CONTESTS_PASSWORD")
def create_account(username, display_name, role, unit, password):
    """Create an account (an organizer by default) with a hashed password."""
    if len(password) < 8:
        raise click.BadParameter("at least 8 characters", param_hint="password")
    if db.session.scalar(select(User).where(User.username == username)):
        raise click.ClickException(f"an account named {username!r} already exists")
    user = User(username=username, display_name=display_name or username, role=role, unit=unit)
    user.set_password(password)
    with all_or_nothing():  # a clash with an account created meanwhile: a readable refusal
        db.session.add(user)
    click.echo(f"created {role} account {username!r}")


def init_app(app: Flask) -> None:
    app.cli.add_command(accounts)
    from .services.demo.command import demo  # the demo loader lives with its data

    app.cli.add_command(demo)
    from .exchange.cli import exchange

    app.cli.add_command(exchange)
    from .certificates.cli import certificates

    app.cli.add_command(certificates)
