"""`flask demo load`: create or refresh the demo contests (idempotent)."""
import click

from ...command_group import CommandGroup

demo = CommandGroup("demo", help="Demo contests.")


@demo.command("load")
def load():
    """Load the demo contests and sign-ins; running it again changes nothing."""
    from .loader import load_all

    for line in load_all():
        click.echo(line)
