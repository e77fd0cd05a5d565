"""Feeding the resolver from a table: one named column of a CSV, XLSX, JSON... file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from custodes.errors import InputError

# The document readers (custodes.ingest) are imported only for a table input: resolving
# plain lines must not pay for PDF, Word or spreadsheet libraries.


def column_values(path: Path, column: str | None = None) -> Iterator[str]:
    """The values of one named column of the first table that has it (CSV, XLSX, JSON...).

    Without a column, the one column inferrer (``custodes.ingest.columns``) chooses the make
    and model columns of the first table that has any, and each row's are read together.
    """
    from custodes.ingest import iter_tables, read_document
    from custodes.ingest.columns import infer_columns

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
