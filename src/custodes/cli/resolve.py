"""``custodes resolve``: equipment descriptions in, explained records out (JSON Lines)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import orjson
import typer

from custodes.cli.common import friendly, write_output
from custodes.errors import InputError


def register(app: typer.Typer) -> None:
    app.command()(resolve)


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
        write_output(b"".join(orjson.dumps(r) + b"\n" for r in resolve_lines(lines)), output)


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
