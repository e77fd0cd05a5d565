"""Outputs that are safe to open: spreadsheets that run nothing, text that renders as text,
and file names derived from data that stay inside the folder the user chose.

Every writer of CSV, XLSX, Markdown or HTML goes through these helpers, because a hostile
FOI answer or register is data the writer must never let act: ``=cmd|' /C calc'!A0`` in a
cell, ``<img onerror=...>`` in a quote, ``../../PWNED`` as a campaign or body code.
"""

from __future__ import annotations

import csv
import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""Characters a spreadsheet reads as the start of a formula (ASCII and full-width forms)."""


def safe_cell(value: object) -> str | int | float | bool | None:
    """A cell value that no spreadsheet will run: text opening a formula gets a leading ``'``.

    Numbers, booleans and None pass through unchanged (a negative *number* is no formula);
    anything else is written as its text.
    """
    if value is None or isinstance(value, bool | int | float):
        return value
    text = str(value)
    if text.lstrip(" ").startswith(_FORMULA_START):
        return "'" + text
    return text


def one_line(text: object) -> str:
    """Text on one line: line breaks and tabs become single spaces (CSV quotes, table cells)."""
    return " ".join(str(text).split()) if text is not None else ""


def write_csv(
    out: IO[str], headers: Sequence[str], rows: Iterable[Sequence[object]], *, bom: bool = True
) -> int:
    """Write a CSV (UTF-8 BOM for Excel, formulas neutralised, one line per record).

    :param out: a text stream opened with ``newline=""``.
    :returns: the number of data rows written.
    """
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([safe_cell(one_line(h)) for h in headers])
    n = 0
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
        n += 1
    return n


def _csv_value(value: object) -> object:
    if isinstance(value, str):
        return safe_cell(one_line(value))
    return safe_cell(value)


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet: a name, its column headers and its rows (an iterable, read once)."""

    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence[object]]


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique worksheet name (at most 31 characters, none of ``[]:*?/\\``)."""
    base = _SHEET_BAD.sub("-", one_line(name)).strip("'") or "Sheet"
    base = base[:31]
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(candidate.lower())
    return candidate


def write_xlsx(path: Path, sheets: Iterable[Sheet]) -> Path:
    """Write an XLSX workbook with XlsxWriter in constant-memory mode.

    Every text cell is written as a string (never parsed as a formula or URL) and neutralised
    as in :func:`safe_cell`, so the file is safe to open even after being re-saved as CSV.
    """
    import xlsxwriter  # a writer only reports need

    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(
        str(path),
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    try:
        bold = book.add_format({"bold": True})
        taken: set[str] = set()
        for sheet in sheets:
            ws = book.add_worksheet(sheet_name(sheet.name, taken))
            for col, header in enumerate(sheet.headers):
                ws.write_string(0, col, str(safe_cell(one_line(header))), bold)
            for r, row in enumerate(sheet.rows, start=1):
                for col, value in enumerate(row):
                    _xlsx_cell(ws, r, col, value)
            ws.freeze_panes(1, 0)
    finally:
        book.close()
    return path


def _xlsx_cell(ws: Any, row: int, col: int, value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        ws.write_boolean(row, col, value)
    elif isinstance(value, int | float) and abs(value) < 1e15:
        ws.write_number(row, col, value)
    else:
        text = str(safe_cell(str(value)))
        ws.write_string(row, col, text[:32767])  # Excel's cell limit


def html_text(text: object) -> str:
    """Text for HTML: ``<``, ``>``, ``&`` and quotes escaped."""
    return html.escape("" if text is None else str(text), quote=True)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def md_text(text: object) -> str:
    """Text for a Markdown paragraph or table cell: on one line, HTML escaped, and Markdown's
    own markup characters backslash-escaped, so a document's text renders as that text."""
    return _MD_SPECIAL.sub(r"\\\1", html_text(one_line(text)))


_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slug(text: str, fallback: str = "item") -> str:
    """A file-name-safe slug ("../../PWNED" -> "pwned"; "Brent Council" -> "brent-council")."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = _SLUG_DROP.sub("-", folded.lower()).strip("-")[:80].strip("-")
    return out or fallback


def confined(root: Path, name: str) -> Path:
    """``root / name`` for a name derived from data, guaranteed to stay inside ``root``.

    The name is slugged except for a final extension of letters and digits; the result is
    checked against the resolved root so that no component can climb out of it.
    """
    stem, dot, ext = name.rpartition(".")
    if not dot or not ext.isalnum() or len(ext) > 8:
        stem, ext = name, ""
    safe = slug(stem) + (f".{ext.lower()}" if ext else "")
    base = root.resolve()
    target = (base / safe).resolve()
    if target.parent != base:
        raise ValueError(f"{name!r} would leave {root}")
    return target
