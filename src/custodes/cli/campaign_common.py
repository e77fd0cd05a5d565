"""What every ``custodes campaign`` command shares: the sub-app, the console, option types,
dates and the store (opened inside each command, so that other commands start fast)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from custodes.cli.common import parse_date

if TYPE_CHECKING:
    from custodes.store import Store

campaign_app = typer.Typer(
    help="Run an FOI campaign: bodies, letters, deadlines, answers, statistics.",
    no_args_is_help=True,
)
out = Console()

Db = Annotated[
    str | None,
    typer.Option("--db", help="SQLite path or database URL (default $CUSTODES_DB, ./custodes.db)"),
]
AsOf = Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD (default today)")]


def line(text: str) -> None:
    """Print a line that may carry user text (names, quotes) as text, never as markup."""
    out.print(Text(text), highlight=False, soft_wrap=True)


def date_option(value: str | None, option: str) -> dt.date | None:
    return parse_date(value, option)


def store_of(db: str | None) -> Store:
    from custodes.campaign import open_campaign_store

    return open_campaign_store(db)
