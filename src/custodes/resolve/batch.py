"""Feeding the resolver from a table: one named column of a CSV, XLSX, JSON... file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from custodes.errors import InputError

# The document readers (custodes.ingest) are imported only for a table input: resolving
# plain lines must not pay for PDF, Word or spreadsheet libraries.


def column_values(path: Path, column: str) -> Iterator[str]:
    """The values of one named column of the first table that has it (CSV, XLSX, JSON...)."""
    from custodes.ingest import iter_tables, read_document

    doc = read_document(path)
    seen: list[str] = []
    for table in iter_tables(doc):
        if column in table.headers:
            return (row.cells.get(column, "") for row in table.rows)
        seen.extend(h for h in table.headers if h not in seen)
    raise InputError(str(path), f"no column {column!r}; columns are: {', '.join(seen) or 'none'}")
