"""``custodes resolve``: equipment descriptions in, explained records out (JSON Lines)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from custodes.cli.common import friendly
from custodes.errors import InputError


def register(app: typer.Typer) -> None:
    app.command()(resolve)


@friendly
def resolve(
    file: Annotated[str, typer.Argument(help="Input file, one item per line, or - for stdin.")] = "-",
    column: Annotated[str | None, typer.Option(help="For a CSV/XLSX input: the column to resolve.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write JSONL here.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes (default 1).")] = 1,
) -> None:
    """Resolve equipment descriptions to manufacturer, model, capabilities, with evidence.

    Writes one JSON object per input line (JSON Lines), with the input's line number
    ("line", or "row" for a --column input). Reads and writes as it goes, so memory stays
    flat however long the input. Exit status 2: the input could not be read.

    Example:

        echo "Hik DS-2CD2143G0-I dome" | custodes resolve -
    """
    from custodes.resolve.stream import resolve_stream

    numbered, label = _read_inputs(file, column)
    if output is None:
        resolve_stream(numbered, sys.stdout.buffer, jobs, label)
        sys.stdout.buffer.flush()
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        handle = output.open("wb")
    except OSError as exc:
        raise InputError(str(output), f"cannot write: {exc.strerror}") from exc
    with handle:
        resolve_stream(numbered, handle, jobs, label)


def _read_inputs(file: str, column: str | None) -> tuple[Iterator[tuple[int, str]], str]:
    from custodes.resolve.stream import iter_lines

    if file == "-":
        if column is not None:
            raise InputError("-", "--column needs a file (stdin is read as plain lines)")
        return enumerate(iter_lines(sys.stdin.buffer, "<stdin>"), 1), "line"
    path = Path(file)
    if path.is_dir():
        raise InputError(file, "is a folder; give one file (or - for standard input)")
    if not path.is_file():
        raise InputError(file, "no such file")
    if column is not None:
        from custodes.resolve.batch import column_values

        return enumerate(column_values(path, column), 1), "row"
    return _file_lines(path, file), "line"


def _file_lines(path: Path, name: str) -> Iterator[tuple[int, str]]:
    from custodes.resolve.stream import iter_lines

    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(name, f"cannot be read: {exc.strerror}") from exc
    with handle:
        yield from enumerate(iter_lines(handle, name), 1)
