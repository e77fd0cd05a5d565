"""Hidden rows, hidden columns and formula cells of each XLSX sheet, by streaming its XML.

calamine gives values but not these. openpyxl would, but loads every cell as an object (minutes
for a million-row register); a streaming pass with defusedxml needs one row in memory at a time.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from typing import IO

from defusedxml.ElementTree import iterparse, parse

from custodes.ingest.tabular import column_letter

_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_REL_STRICT = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"


@dataclass
class SheetExtras:
    hidden_rows: list[int] = field(default_factory=list)
    hidden_cols: list[str] = field(default_factory=list)
    formulas: dict[str, str] = field(default_factory=dict)  # "D3" -> "=C2*2"
    last_row: int = 0  # the used range's far corner, from the cells themselves
    last_col: int = 0

    @property
    def cells(self) -> int:
        """Cells in the used range: what calamine allocates before reading a value."""
        return self.last_row * self.last_col


def _column_number(ref: str) -> int:
    """ "XFD1048576" -> 16384 (1-based column of a cell reference)."""
    number = 0
    for ch in ref:
        if not ch.isalpha():
            break
        number = number * 26 + (ord(ch.upper()) - 64)
    return number


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _true(value: str | None) -> bool:
    return value in ("1", "true")


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its XML part, from workbook.xml and its relationships."""
    with zf.open("xl/workbook.xml") as stream:
        workbook = parse(stream, forbid_dtd=True).getroot()
    with zf.open("xl/_rels/workbook.xml.rels") as stream:
        rels = parse(stream, forbid_dtd=True).getroot()
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    parts = {}
    for sheet in workbook.iter():
        if _local(sheet.tag) != "sheet":
            continue
        target = targets.get(sheet.get(_REL) or sheet.get(_REL_STRICT))
        if target:
            path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            parts[sheet.get("name", "")] = posixpath.normpath(path)
    return parts


def scan_sheet(stream: IO[bytes]) -> SheetExtras:
    extras = SheetExtras()
    cell_ref, row_no, col_no = "", 0, 0
    for event, elem in iterparse(stream, events=("start", "end"), forbid_dtd=True):
        name = _local(elem.tag)
        if event == "start":
            if name == "row":
                row_no = int(elem.get("r") or row_no + 1)
                col_no = 0
                if _true(elem.get("hidden")):
                    extras.hidden_rows.append(row_no)
            elif name == "c":
                col_no += 1
                ref = elem.get("r")
                if ref:
                    col_no = _column_number(ref) or col_no
                cell_ref = ref or f"{column_letter(col_no - 1)}{row_no}"
                extras.last_row = max(extras.last_row, row_no)
                extras.last_col = max(extras.last_col, col_no)
            elif name == "col" and _true(elem.get("hidden")):
                first, last = int(elem.get("min", "1")), int(elem.get("max", "1"))
                extras.hidden_cols += [column_letter(i - 1) for i in range(first, min(last, 16384) + 1)]
        elif name == "f":
            text = elem.text or ("(shared formula)" if elem.get("t") == "shared" else "")
            extras.formulas[cell_ref] = f"={text}" if text and text[0] != "(" else text
        elif name == "row":
            elem.clear()
    return extras


def scan_workbook(zf: zipfile.ZipFile) -> dict[str, SheetExtras]:
    result = {}
    for sheet, part in sheet_parts(zf).items():
        if part in zf.namelist():
            with zf.open(part) as stream:
                result[sheet] = scan_sheet(stream)
    return result
