"""The command line: each command parses options, makes one library call and prints.

One module per area registers its commands on the one Typer app; each imports the library
inside the command, so that ``custodes resolve`` does not pay for the document readers or
the database.
"""

from __future__ import annotations

import typer

from custodes import __version__
from custodes.cli import audit, bulk, extract, kb, report, resolve, scan, serve
from custodes.cli.campaign import campaign_app

app = typer.Typer(
    name="custodes",
    help="What surveillance equipment is this, who really made it, what can it do, and which rules apply.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
resolve.register(app)
audit.register(app)
extract.register(app)
kb.register(app)
report.register(app)
serve.register(app)
scan.register(app)
bulk.register(app)
app.add_typer(campaign_app, name="campaign")


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def _options(
    show_version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """What surveillance equipment is this, who really made it, what can it do, and which rules apply."""


def main() -> None:
    app()
