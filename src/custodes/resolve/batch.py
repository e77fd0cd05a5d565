"""Feeding the resolver from files: plain lines, or one column of a table."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from custodes.errors import InputError
from custodes.ingest import iter_tables, read_document
from custodes.ingest.columns import infer_columns
from custodes.ingest.textcodec import decode, is_binary
from custodes.resolve import default_resolver


def text_lines(data: bytes, name: str) -> Iterator[str]:
    """Every line of a text input, blank lines included so output lines up with input lines."""
    if not data:
        return iter(())
    text, _encoding = decode(data, name)
    if is_binary(text):
        raise InputError(name, "not a text file (binary content)")
    # only newlines end a line: splitlines() would also split on form feeds and U+2028,
    # and the output would no longer line up with the input
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return (line.removesuffix("\r") for line in lines)


def column_values(path: Path, column: str | None = None) -> Iterator[str]:
    """The values of one named column of the first table that has it (CSV, XLSX, JSON...).

    Without a column, the one column inferrer (``custodes.ingest.columns``) chooses the make
    and model columns of the first table that has any, and each row's are read together.
    """
    doc = read_document(path)
    seen: list[str] = []
    for table in iter_tables(doc):
        if column is None:
            chosen = infer_columns(table.headers).equipment_columns()
            if chosen:
                return (
                    " ".join(v for h in chosen if (v := row.cells.get(h, "").strip())) for row in table.rows
                )
        elif column in table.headers:
            return (row.cells.get(column, "") for row in table.rows)
        seen.extend(h for h in table.headers if h not in seen)
    wanted = f"no column {column!r}" if column is not None else "no make or model column (use --column)"
    raise InputError(str(path), f"{wanted}; columns are: {', '.join(seen) or 'none'}")


def resolve_lines(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    resolver = default_resolver()
    for line in lines:
        yield resolver.resolve(line).to_dict()
