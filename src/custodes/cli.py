"""The command line: each command parses options, makes one library call and prints."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from custodes import __version__
from custodes.cli_campaign import campaign_app
from custodes.cli_common import err, friendly, parse_date
from custodes.errors import InputError

app = typer.Typer(
    name="custodes",
    help="What surveillance equipment is this, who really made it, what can it do, and which rules apply.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(campaign_app, name="campaign")


def _parse_date(value: str | None) -> date | None:
    return parse_date(value, "--as-of")


def _write(data: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(data)
    except OSError as exc:
        raise InputError(str(output), f"cannot write: {exc.strerror}") from exc


@app.command()
@friendly
def resolve(
    file: Annotated[str, typer.Argument(help="Input file, one item per line, or - for stdin.")] = "-",
    column: Annotated[str | None, typer.Option(help="For a CSV/XLSX input: the column to resolve.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write JSONL here.")] = None,
) -> None:
    """Resolve equipment descriptions to manufacturer, model, capabilities, with evidence.

    Writes one JSON object per input line (JSON Lines).

    Example:

        echo "Hik DS-2CD2143G0-I dome" | custodes resolve -
    """
    from custodes.resolve.batch import resolve_lines

    lines = _read_inputs(file, column)
    if output is None:
        out = sys.stdout.buffer
        for record in resolve_lines(lines):
            out.write(orjson.dumps(record) + b"\n")
        out.flush()
    else:
        _write(b"".join(orjson.dumps(r) + b"\n" for r in resolve_lines(lines)), output)


def _read_inputs(file: str, column: str | None) -> Iterator[str]:
    from custodes.resolve.batch import column_values, text_lines

    if file == "-":
        if column is not None:
            raise InputError("-", "--column needs a file (stdin is read as plain lines)")
        return text_lines(sys.stdin.buffer.read(), "<stdin>")
    path = Path(file)
    if path.is_dir():
        raise InputError(file, "is a folder; give one file (or - for standard input)")
    if not path.is_file():
        raise InputError(file, "no such file")
    if column is not None:
        return column_values(path, column)
    return text_lines(path.read_bytes(), file)


@app.command()
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
    with _progress(quiet) as bar:
        result = audit_files(
            files,
            as_of=_parse_date(as_of),
            policy_files=policy,
            prices=price_table,
            currency=currency,
            progress=bar,
        )
    summary = summarise(result)
    if not quiet:
        print_summary(err if output is None else Console(), result, summary)
    _write(render(result, summary, fmt), output)
    if output is not None and not quiet:
        Console().print(f"Report written to {output}")
    if result.failures and not result.items:
        raise typer.Exit(2)  # nothing could be read: never let a CI gate pass on that
    if fail_on is not None and summary.worst_severity_rank >= SEVERITY_RANK[fail_on]:
        raise typer.Exit(1)


@app.command()
@friendly
def extract(
    files: Annotated[list[Path], typer.Argument(help="FOI answers: PDF, DOCX, XLSX, EML, MSG, HTML, ZIP...")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl or table.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the claims here.")] = None,
    blobs: Annotated[
        Path, typer.Option(help="Keep the original bytes here, by sha256 (content-addressed).")
    ] = Path("custodes-blobs"),
) -> None:
    """Extract sourced claims from FOI answers: equipment owned, refusals, not held, capabilities.

    Every claim names its document (sha256), file, location and the exact quote it rests on.

    Example:

        custodes extract reply.eml letter.pdf --output claims.jsonl
    """
    from custodes.extract import extract_claims
    from custodes.report.claims import claims_jsonl, print_claims

    if fmt not in ("jsonl", "table"):
        raise InputError("--format", f"{fmt!r} is not one of jsonl, table")
    result = extract_claims(files, blob_dir=blobs)
    for file, reason in result.failures:
        err.print(f"[red]could not read[/red] {file}: {reason}", highlight=False, soft_wrap=True)
    for file, warning in result.warnings:
        err.print(f"[yellow]warning[/yellow] {file}: {warning}", highlight=False, soft_wrap=True)
    if fmt == "table":
        print_claims(Console() if output is None else Console(file=_open(output)), result.claims)
    else:
        _write(claims_jsonl(result.claims), output)
    if result.failures and not result.documents:
        raise typer.Exit(2)


def _open(path: Path) -> Any:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open("w", encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot write: {exc.strerror}") from exc


class _progress:
    """A rich progress bar for long audits, silent for short ones or with --quiet."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: Progress | None = None
        self.task: Any = None

    def __enter__(self) -> Callable[[int, int], None]:
        return self.update

    def update(self, done: int, total: int) -> None:
        if self.quiet or total < 2000:
            return
        if self.bar is None:
            self.bar = Progress(
                "auditing",
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=err,
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("rows", total=total)
        self.bar.update(self.task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    app()
