"""The one place a refusal becomes a command-line answer: every `flask …` command group
is a CommandGroup, so a `Refused` raised anywhere in a command prints its message
("Error: …") and exits with status 1 instead of a traceback."""
import click
from flask.cli import AppGroup

from .refusals import Refused


class CommandGroup(AppGroup):
    """An AppGroup whose commands answer a Refused with its message and exit status 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except Refused as refusal:
            raise click.ClickException(str(refusal)) from refusal
