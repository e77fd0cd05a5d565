"""``custodes extract``: FOI answers in, sourced claims out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from custodes.cli.common import err, friendly, open_output, say, write_output
from custodes.errors import InputError


def register(app: typer.Typer) -> None:
    app.command()(extract)


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
        say(err, "could not read", f"{file}: {reason}", "red")
    for file, warning in result.warnings:
        say(err, "warning", f"{file}: {warning}", "yellow")
    if fmt == "table":
        print_claims(Console() if output is None else Console(file=open_output(output)), result.claims)
    else:
        write_output(claims_jsonl(result.claims), output)
    if result.failures and not result.documents:
        raise typer.Exit(2)
