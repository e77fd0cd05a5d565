"""``custodes extract``: FOI answers in, sourced claims out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from custodes.cli.common import finish, friendly, open_output, parse_size, report_failures, write_output
from custodes.errors import InputError, batch_exit


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
    max_bytes: Annotated[
        str | None, typer.Option(help="Largest file to read, e.g. 500M or 2G (default 200M).")
    ] = None,
) -> None:
    """Extract sourced claims from FOI answers: equipment owned, refusals, not held, capabilities.

    Every claim names its document (sha256), file, location and the exact quote it rests on.
    Each file is read in a worker process with memory and time limits: a file that cannot be
    read is named with its reason and the others are still extracted (exit status 3).

    Example:

        custodes extract reply.eml letter.pdf --output claims.jsonl
    """
    from custodes.extract import extract_claims
    from custodes.ingest import Limits
    from custodes.report.claims import claims_jsonl, print_claims

    if fmt not in ("jsonl", "table"):
        raise InputError("--format", f"{fmt!r} is not one of jsonl, table")
    size = parse_size(max_bytes, "--max-bytes")
    limits = Limits.raised(size) if size is not None else Limits()
    result = extract_claims(files, blob_dir=blobs, limits=limits)
    report_failures(result.failures, result.warnings)
    if fmt == "table":
        print_claims(Console() if output is None else Console(file=open_output(output)), result.claims)
    else:
        write_output(claims_jsonl(result.claims), output)
    read = len({info.file for info in result.documents})
    finish(batch_exit(read=read, failed=len(result.failures)))
