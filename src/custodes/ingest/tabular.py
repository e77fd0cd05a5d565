"""Turn a grid of cell strings into a Table: unique headers, padded rows, cell text as shown.

Every format that has rows (CSV, sheets, PDF/DOCX/HTML tables, JSON) goes through here, so
duplicate and blank headers and ragged rows are treated the same way everywhere.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from custodes.errors import InputError
from custodes.ingest.columns import find_header
from custodes.ingest.model import Limits, Location, Row, Table


def column_letter(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_text(value: Any) -> str:
    """A cell value as a user sees it: 47 not 47.0, dates as ISO, booleans as TRUE/FALSE."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value).strip()


def unique_headers(raw: Sequence[str], warnings: list[str]) -> list[str]:
    """Blank headers become "Column C"; repeats become "Model (2)", with a warning."""
    headers: list[str] = []
    seen: dict[str, int] = {}
    for index, value in enumerate(raw):
        header = " ".join(value.split()) or f"Column {column_letter(index)}"
        if header in seen:
            count = seen[header] + 1
            while f"{header} ({count})" in seen:
                count += 1
            seen[header] = count
            renamed = f"{header} ({count})"
            warnings.append(
                f"duplicate header {header!r} in column {column_letter(index)}; " f"kept as {renamed!r}"
            )
            header = renamed
        seen.setdefault(header, 1)
        headers.append(header)
    return headers


def build_table(
    name: str,
    records: Sequence[tuple[int, Sequence[str]]],
    location: Location,
    *,
    file: str,
    limits: Limits,
    row_location: Callable[[int], Location] | None = None,
    columns: Sequence[str] | None = None,
) -> Table:
    """First record is the header; the rest become rows numbered as in the file.

    ``records`` are (row number as the user sees it, cell strings). Rows longer than the header
    get extra "Column F" headers with a warning; nothing is cut off. ``columns=[]`` means the
    table has no meaningful column letters (PDF, DOCX, HTML tables).
    """
    if len(records) - 1 > limits.max_rows:
        raise InputError(file, f"{name}: more than {limits.max_rows} rows (limit max_rows)")
    warnings: list[str] = []
    if not records:
        return Table(name=name, headers=[], rows=[], location=location, warnings=warnings)
    width = max(len(cells) for _, cells in records)
    header_cells = list(records[0][1]) + [""] * (width - len(records[0][1]))
    if width > len(records[0][1]) and len(records) > 1:
        warnings.append(
            f"some rows have more cells ({width}) than the header row "
            f"({len(records[0][1])}); extra columns are named by letter"
        )
    headers = unique_headers(header_cells, warnings)
    rows: list[Row] = []
    for number, cells in records[1:]:
        padded = [c.strip() for c in cells] + [""] * (width - len(cells))
        loc = row_location(number) if row_location else replace(location, row=number)
        rows.append(Row(number=number, cells=dict(zip(headers, padded, strict=True)), location=loc))
    return Table(
        name=name,
        headers=headers,
        rows=rows,
        location=location,
        warnings=warnings,
        columns=[column_letter(i) for i in range(width)] if columns is None else list(columns)[:width],
    )


NO_HEADER = "the file has no header row: its first row is read as data and the columns are named by letter"


def split_preamble(
    records: Sequence[tuple[int, Sequence[str]]],
) -> tuple[list[tuple[int, Sequence[str]]], list[tuple[int, Sequence[str]]]]:
    """Separate title lines ("Asset register 2023") and merged group headers above the real
    header row; a table without a header row gets a blank one (its columns named by letter).

    The column inferrer (``ingest.columns.find_header``) chooses the header by how many cells
    it fills and how many known column names it holds; records above it are returned
    separately so callers can keep them as text instead of mistaking a title for column
    names. A headerless table is returned with a blank header record numbered 0.
    """
    index, headerless = find_header(records)
    preamble, rest = list(records[:index]), list(records[index:])
    if headerless and rest:
        width = max(len(cells) for _, cells in rest)
        rest.insert(0, (0, [""] * width))
    return preamble, rest
