"""Checks every reader gets, whatever the format: line length before parsing, and after it
the shape of what was read (columns per table, text that can be written as UTF-8, number
literals too long to be a count)."""

from __future__ import annotations

import re

from custodes.errors import InputError
from custodes.ingest import sniff
from custodes.ingest.model import Document, Limits


def size(n: int) -> str:
    return f"{n / 1024**2:.1f} MiB" if n >= 1024**2 else f"{n} bytes"


LINE_TYPES = (sniff.TEXT, sniff.CSV, sniff.TSV, sniff.EML, sniff.JSONL)


def check_lines(data: bytes, name: str, limit: int) -> None:
    """Refuse a line longer than ``limit`` bytes, in about len(data)/limit steps.

    From each line start, the window of ``limit + 1`` bytes must hold a line break; the next
    start is just after the last break in that window.
    """
    pos, end = 0, len(data)
    while end - pos > limit:
        window_end = pos + limit + 1
        brk = max(data.rfind(b"\n", pos, window_end), data.rfind(b"\r", pos, window_end))
        if brk < 0:
            line = data.count(b"\n", 0, pos) + 1
            raise InputError(name, f"line {line} is longer than {size(limit)} (limit max_line_bytes)")
        pos = brk + 1


_LONG_NUMBER_CACHE: dict[int, re.Pattern[str]] = {}


def _long_number(digits: int) -> re.Pattern[str]:
    if digits not in _LONG_NUMBER_CACHE:
        _LONG_NUMBER_CACHE[digits] = re.compile(rf"\d{{{digits + 1}}}")
    return _LONG_NUMBER_CACHE[digits]


def _valid(text: str) -> str | None:
    """``text`` with lone surrogates (a damaged JSON escape, an undecodable e-mail header)
    replaced by U+FFFD, or None when it has none; such text cannot be written as UTF-8."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return None


def check_shape(doc: Document, limits: Limits) -> None:
    """Checks every reader's output gets: columns per table, text that can be written as
    UTF-8, and number literals too long to be a count (a per-row warning, the cell kept)."""
    fixed = 0
    for block in doc.text:
        if (clean := _valid(block.text)) is not None:
            block.text, fixed = clean, fixed + 1
    long_number = _long_number(limits.max_digits)
    for table in doc.tables:
        if len(table.headers) > limits.max_columns:
            raise InputError(
                doc.name,
                f"{table.name}: {len(table.headers)} columns, over the limit of "
                f"{limits.max_columns} (limit max_columns)",
            )
        for index, header in enumerate(table.headers):
            if (clean := _valid(header)) is not None:
                table.headers[index], fixed = clean, fixed + 1
        for row in table.rows:
            for header, value in row.cells.items():
                if not value.isascii() and (clean := _valid(value)) is not None:
                    row.cells[header], fixed = clean, fixed + 1
                if len(value) > limits.max_digits and long_number.search(value):
                    table.warnings.append(
                        f"row {row.number}, {header}: a number of more than {limits.max_digits} "
                        "digits is kept as text; it is not a count (limit max_digits)"
                    )
    if fixed:
        doc.warnings.append(f"{fixed} text(s) held invalid characters (lone surrogates), shown as U+FFFD")
