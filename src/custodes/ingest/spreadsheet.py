"""XLSX/XLSM, XLS and ODS: every sheet becomes a table, hidden things are reported, not hidden.

Values come from python-calamine (fast, reads the cached results of formulas, never runs
macros). For XLSX, a streaming scan of the sheet XML (xlsxscan) adds what calamine does not
expose: hidden rows and columns and which cells hold formulas, so a figure computed by a
formula is flagged with its cell.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from typing import Any

import python_calamine

from custodes.errors import InputError
from custodes.ingest import sniff
from custodes.ingest.model import Document, Limits, Location, Table, TextBlock
from custodes.ingest.registry import Reader, register
from custodes.ingest.tabular import build_table, cell_text, column_letter, split_preamble
from custodes.ingest.xlsxscan import SheetExtras, scan_workbook
from custodes.ingest.zipguard import check_package

_MAX_LISTED = 10


def _listing(items: list[str]) -> str:
    shown = ", ".join(items[:_MAX_LISTED])
    return shown + (f" and {len(items) - _MAX_LISTED} more" if len(items) > _MAX_LISTED else "")


def _package_notes(doc: Document, limits: Limits, xlsx: bool) -> dict[str, SheetExtras]:
    """Zip/XML-bomb checks, macro warning, and (XLSX) hidden rows/columns and formulas."""
    with zipfile.ZipFile(io.BytesIO(doc.data)) as zf:
        check_package(zf, doc.name, limits)
        names = zf.namelist()
        if any(n.lower().endswith("vbaproject.bin") or n.startswith("Basic/") for n in names):
            doc.warnings.append("contains macros; read for values only, macros never executed")
        return scan_workbook(zf) if xlsx else {}


def _sheet_table(
    doc: Document,
    sheet: Any,
    name: str,
    hidden: bool,
    extras: SheetExtras | None,
    limits: Limits,
) -> Table:
    end = sheet.end
    if end is not None and end[0] + 1 > limits.max_rows + 20:
        reason = f"sheet {name}: {end[0] + 1} rows, over the limit of {limits.max_rows} (max_rows)"
        raise InputError(doc.name, reason)
    grid = sheet.to_python(skip_empty_area=False)
    filled = _fill_merged_down(grid, sheet.merged_cell_ranges or [])
    records: list[tuple[int, Sequence[str]]] = [
        (number, [cell_text(v) for v in values])
        for number, values in enumerate(grid, start=1)
        if any(cell_text(v) for v in values)
    ]
    if len(records) > limits.max_rows + 1:
        raise InputError(doc.name, f"sheet {name}: more than {limits.max_rows} rows (limit max_rows)")
    preamble, records = split_preamble(records)
    for number, cells in preamble:
        text = " ".join(c for c in cells if c.strip())
        doc.text.append(TextBlock(text, Location(sheet=name, row=number)))
    table = build_table(
        name,
        records,
        Location(sheet=name),
        file=doc.name,
        limits=limits,
        row_location=lambda n: Location(sheet=name, row=n),
    )
    if preamble:
        first, last = preamble[0][0], preamble[-1][0]
        rows = f"row {first}" if first == last else f"rows {first}-{last}"
        table.warnings.append(f"{rows} above the header row kept as text")
    if filled:
        table.warnings.append(f"vertically merged cells repeat their value down: {_listing(filled)}")
    table.hidden = hidden
    if hidden:
        table.warnings.insert(0, f"sheet {name} is hidden")
    if extras is not None:
        _extra_warnings(table, grid, extras)
    return table


def _fill_merged_down(grid: list[list[Any]], ranges: list[Any]) -> list[str]:
    """A site name merged over six rows belongs to all six rows, not only the first."""
    filled = []
    for (r0, c0), (r1, c1) in ranges:
        if r1 <= r0 or r0 >= len(grid) or c0 >= len(grid[r0]):
            continue
        value = grid[r0][c0]
        for r in range(r0 + 1, min(r1, len(grid) - 1) + 1):
            if c0 < len(grid[r]) and not cell_text(grid[r][c0]):
                grid[r][c0] = value
        filled.append(f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}")
    return filled


def _extra_warnings(table: Table, grid: list[list[Any]], ex: SheetExtras) -> None:
    if ex.hidden_rows:
        rows = [str(r) for r in ex.hidden_rows]
        table.warnings.append(f"hidden rows {_listing(rows)} (included)")
    if ex.hidden_cols:
        table.warnings.append(f"hidden columns {_listing(ex.hidden_cols)} (included)")
    missing: list[str] = []
    cached: list[str] = []
    for ref, formula in ex.formulas.items():
        col = "".join(ch for ch in ref if ch.isalpha())
        row = int(ref[len(col) :])
        index = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(col))) - 1
        value = grid[row - 1][index] if row <= len(grid) and index < len(grid[row - 1]) else ""
        (cached if cell_text(value) else missing).append(f"{ref} ({formula})")
    if cached:
        table.warnings.append(f"formula cells report their cached value: {_listing(cached)}")
    if missing:
        table.warnings.append(f"formula cells without a cached value are empty: {_listing(missing)}")


def _check_ranges(name: str, extras: dict[str, SheetExtras], limits: Limits) -> None:
    """calamine allocates the whole used range up front: one cell at XFD1048576 means 17
    billion cells (512 GB), an abort rather than an error. Refuse it from the sheet XML."""
    for sheet, ex in extras.items():
        if ex.cells > limits.max_cells:
            corner = f"{column_letter(ex.last_col - 1)}{ex.last_row}"
            raise InputError(
                name,
                f"sheet {sheet}: its used range reaches {corner} ({ex.cells:,} cells), over the "
                f"limit of {limits.max_cells:,} (limit max_cells)",
            )


@register
class SpreadsheetReader(Reader):
    media_types = (sniff.XLSX, sniff.XLSM, sniff.XLS, sniff.ODS)
    extensions = (".xlsx", ".xlsm", ".xls", ".ods")
    label = "spreadsheet"

    def fill(self, doc: Document, limits: Limits, depth: int) -> None:
        kind = sniff.detect(doc.data, doc.name)
        extras: dict[str, SheetExtras] = {}
        if kind in (sniff.XLSX, sniff.XLSM, sniff.ODS):
            extras = _package_notes(doc, limits, xlsx=kind != sniff.ODS)
        elif kind == sniff.XLS and "_VBA_PROJECT".encode("utf-16-le") in doc.data:
            doc.warnings.append("contains macros; read for values only, macros never executed")
        _check_ranges(doc.name, extras, limits)
        try:
            wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(doc.data))
        except python_calamine.PasswordError:
            raise InputError(doc.name, "the spreadsheet is password-protected") from None
        for meta in wb.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                doc.warnings.append(f"sheet {meta.name} is a {meta.typ.name}, not read")
                continue
            hidden = meta.visible != python_calamine.SheetVisibleEnum.Visible
            if meta.visible == python_calamine.SheetVisibleEnum.VeryHidden:
                doc.warnings.append(f"sheet {meta.name} is very hidden (only shown by macros)")
            sheet = wb.get_sheet_by_name(meta.name)
            table = _sheet_table(doc, sheet, meta.name, hidden, extras.get(meta.name), limits)
            doc.tables.append(table)
        wb.close()
