"""``custodes audit``: registers and documents in, findings and figures out.

Exit codes: 0 clean; 1 a finding at or above ``--fail-on``; 2 usage error or nothing could be
read; 3 some files could not be read (the report of the others is written; outranks 1).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from custodes.cli.common import err, finish, friendly, parse_date, progress, say
from custodes.errors import InputError, batch_exit

if TYPE_CHECKING:
    from custodes.audit import AuditResult, Summary

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.I)


def register(app: typer.Typer) -> None:
    app.command()(audit)


def parse_size(text: str) -> int:
    """ "200M", "1.5G", "500000" -> bytes (binary multiples)."""
    m = _SIZE.match(text)
    if m is None:
        raise InputError("--max-bytes", f"{text!r} is not a size (e.g. 500M, 2G)")
    scale = 1024 ** " kmgt".index(m.group(2).lower() or " ")
    return int(float(m.group(1)) * scale)


@friendly
def audit(
    files: Annotated[
        list[Path], typer.Argument(help="Registers or documents to audit (folders are walked).")
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, json, jsonl, csv or xlsx.")] = "md",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report here (default: standard output).")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option(help="Apply the rules in force on this date (YYYY-MM-DD).")
    ] = None,
    policy: Annotated[list[Path], typer.Option(help="An extra rule pack (YAML); repeatable.")] = [],  # noqa: B006
    prices: Annotated[Path | None, typer.Option(help="Your own unit price table (CSV or YAML).")] = None,
    currency: Annotated[str | None, typer.Option(help="Price in this currency only (e.g. GBP).")] = None,
    fail_on: Annotated[
        str | None, typer.Option(help="Exit 1 if any finding is at least this severe.")
    ] = None,
    max_bytes: Annotated[
        str | None, typer.Option(help="Largest input file to read (default 200M; e.g. 2G).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on the terminal.")] = False,
) -> None:
    """Audit asset registers: true manufacturer, capabilities, rule findings and an action list
    for every row. Exit 0 clean, 1 findings at --fail-on, 2 nothing readable, 3 some files
    unreadable (outranks findings).

    Example:

        custodes audit register.xlsx --format xlsx --output report.xlsx --fail-on high
    """
    from dataclasses import replace

    from custodes.audit import audit_files, summarise
    from custodes.audit.prices import read_prices
    from custodes.ingest import Limits
    from custodes.policy import SEVERITY_RANK
    from custodes.report.audit import FORMATS
    from custodes.report.console import print_summary

    if fmt not in FORMATS:
        raise InputError("--format", f"{fmt!r} is not one of {', '.join(FORMATS)}")
    if fmt == "xlsx" and output is None:
        raise InputError("--format xlsx", "a workbook needs --output FILE.xlsx")
    if fail_on is not None and fail_on not in SEVERITY_RANK:
        raise InputError("--fail-on", f"{fail_on!r} is not one of {', '.join(SEVERITY_RANK)}")
    limits = Limits() if max_bytes is None else replace(Limits(), max_bytes=parse_size(max_bytes))
    price_table = read_prices(prices) if prices else None
    with progress(quiet) as bar:
        result = audit_files(
            files,
            as_of=parse_date(as_of, "--as-of"),
            policy_files=policy,
            prices=price_table,
            currency=currency,
            limits=limits,
            progress=bar,
        )
    try:
        summary = summarise(result)
        if not quiet:
            print_summary(err if output is None else Console(), result, summary)
        _write(result, summary, fmt, output)
    finally:
        result.close()
    for file, reason in result.failures:  # named even with --quiet: a gate must see why
        say(err, "could not read", f"{file}: {reason}", "red")
    if output is not None and not quiet:
        say(Console(), "Report written to", str(output))
    worst = fail_on is not None and summary.worst_severity_rank >= SEVERITY_RANK[fail_on]
    # nothing read is USAGE (never a pass); some files failed is PARTIAL, which outranks findings
    finish(batch_exit(read=len(result.sinks), failed=len(result.failures), findings=worst))


def _write(result: AuditResult, summary: Summary, fmt: str, output: Path | None) -> None:
    """The report to ``output`` (its folder created) or standard output, written as it goes."""
    from custodes.report.audit import write_report
    from custodes.report.audit_xlsx import write_audit_xlsx

    try:
        if fmt == "xlsx":
            assert output is not None
            write_audit_xlsx(result, summary, output)
        elif output is None:
            write_report(result, summary, fmt, sys.stdout.buffer)
            sys.stdout.flush()
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            with output.open("wb") as fh:
                write_report(result, summary, fmt, fh)
    except OSError as exc:
        raise InputError(str(output or "standard output"), f"cannot write: {exc.strerror}") from exc
