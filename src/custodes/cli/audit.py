"""``custodes audit``: registers and documents in, findings and figures out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from custodes.cli.common import err, finish, friendly, parse_date, progress, say, write_output
from custodes.errors import InputError, batch_exit


def register(app: typer.Typer) -> None:
    app.command()(audit)


@friendly
def audit(
    files: Annotated[list[Path], typer.Argument(help="Registers or documents to audit.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, csv or md.")] = "md",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here.")] = None,
    as_of: Annotated[
        str | None, typer.Option(help="Apply the rules in force on this date (YYYY-MM-DD).")
    ] = None,
    policy: Annotated[list[Path], typer.Option(help="An extra rule pack (YAML); repeatable.")] = [],  # noqa: B006
    prices: Annotated[Path | None, typer.Option(help="Your own unit price table (CSV or YAML).")] = None,
    currency: Annotated[str | None, typer.Option(help="Price in this currency only (e.g. GBP).")] = None,
    fail_on: Annotated[
        str | None, typer.Option(help="Exit 1 if any finding is at least this severe.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on the terminal.")] = False,
) -> None:
    """Audit asset registers: true manufacturer, capabilities and rule findings for every row.

    Example:

        custodes audit register.xlsx --format md --output report.md --fail-on high
    """
    from custodes.audit import audit_files, summarise
    from custodes.audit.prices import read_prices
    from custodes.policy import SEVERITY_RANK
    from custodes.report.audit import FORMATS, render
    from custodes.report.console import print_summary

    if fmt not in FORMATS:
        raise InputError("--format", f"{fmt!r} is not one of {', '.join(FORMATS)}")
    if fail_on is not None and fail_on not in SEVERITY_RANK:
        raise InputError("--fail-on", f"{fail_on!r} is not one of {', '.join(SEVERITY_RANK)}")
    price_table = read_prices(prices) if prices else None
    with progress(quiet) as bar:
        result = audit_files(
            files,
            as_of=parse_date(as_of, "--as-of"),
            policy_files=policy,
            prices=price_table,
            currency=currency,
            progress=bar,
        )
    summary = summarise(result)
    if not quiet:
        print_summary(err if output is None else Console(), result, summary)
    write_output(render(result, summary, fmt), output)
    if output is not None and not quiet:
        say(Console(), "Report written to", str(output))
    worst = fail_on is not None and summary.worst_severity_rank >= SEVERITY_RANK[fail_on]
    # a file that held nothing to audit was still read: only failures make the batch partial
    read = len(result.items) if result.items else int(not result.failures)
    finish(batch_exit(read=read, failed=len(result.failures), findings=worst))
