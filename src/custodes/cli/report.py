"""``custodes report``: the published report of a campaign or an audit (HTML, Markdown, XLSX)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from custodes.cli.common import Basis, friendly, parse_date


def register(app: typer.Typer) -> None:
    app.command("report")(report_cmd)


@friendly
def report_cmd(
    source: Annotated[str, typer.Argument(help="campaign name (with --db) or an audit JSON file")],
    fmt: Annotated[str, typer.Option("--format", help="html, md or xlsx")] = "html",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="file to write")] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="YYYY-MM-DD (campaigns; default today)")
    ] = None,
    db: Annotated[str | None, typer.Option("--db", help="SQLite path or database URL")] = None,
    basis: Basis = "confirmed",
) -> None:
    """Write a self-contained report: figures with denominators, map, charts, evidence."""
    from custodes.report.build import build_report

    path = build_report(source, fmt, output, db, parse_date(as_of, "--as-of"), basis)
    typer.echo(str(path))
