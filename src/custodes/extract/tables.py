"""Tables to claims: infer which column holds make, model, quantity, site and type, then one
claim per row, located by sheet and cell.

Headers vary between bodies ("Manufacturer", "Make", "Brand", "Model No.", "Qty", "Number",
"Location", "Site"). A column about who installs or maintains the kit is never read as the
make. A table with no equipment columns (a question/answer table in a letter) is handed
back to the text pipeline cell by cell, so nothing in it is silently ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from custodes.extract import cues
from custodes.extract.claims import Draft, Status
from custodes.extract.mentions import Resolve, find_mentions
from custodes.extract.pivot import count_column, extract_pivot
from custodes.extract.quantity import parse_quantity
from custodes.extract.structure import SECTION_START, is_question
from custodes.extract.text import cell_location
from custodes.ingest import Location, Row, Table, TextBlock
from custodes.ingest.columns import infer_columns as infer_table_columns
from custodes.ingest.columns import not_make_pattern, not_quantity_pattern

#: Status or sheet-name words that say kit is no longer owned (shared with the audit).
REMOVED = re.compile(
    r"\b(?:removed|decommissioned|disposed|disposals?|retired|scrapped|inactive|withdrawn|"
    r"dismantled|obsolete|out\s+of\s+(?:service|use)|not\s+in\s+use|no\s+longer)\b",
    re.I,
)
#: Headers that name who installs or services kit, never who makes it (shared with the audit).
NOT_MAKE = not_make_pattern()
#: Headers that hold identifiers or money, never a count (shared with the audit).
NOT_QUANTITY = not_quantity_pattern()
_NOT_YET = re.compile(
    r"\b(?:to\s+be|due\s+(?:for|to)|pending|planned|awaiting|scheduled)\b|"
    r"\bnot\s+(?:removed|decommissioned|disposed|retired|scrapped|withdrawn|dismantled)\b",
    re.I,
)


def is_removed(text: str) -> bool:
    """Whether a status says the kit is gone: "Removed 2023" is, "To be removed" and "Not
    removed" are not (the kit is still there)."""
    return bool(REMOVED.search(text)) and not _NOT_YET.search(text)


#: A totals row, which would count the same devices twice (shared with the audit).
TOTAL = re.compile(r"^\s*(?:grand\s+)?totals?\b", re.I)


@dataclass(frozen=True, slots=True)
class Columns:
    make: str | None
    model: str | None
    quantity: str | None
    site: str | None
    type: str | None
    date: str | None
    state: str | None = None

    @property
    def equipment(self) -> bool:
        return self.make is not None or self.model is not None


def infer_columns(headers: list[str]) -> Columns:
    """One header per role, chosen by the one column inferrer (``custodes.ingest.columns``);
    a description column stands in for the type, as letters' tables use either."""
    found = infer_table_columns(headers)
    return Columns(
        make=found.make,
        model=found.model,
        quantity=found.quantity,
        site=found.site,
        type=found.type or found.description,
        date=found.date,
        state=found.status,
    )


def _mostly_equipment(table: Table, header: str, resolver: Resolve | None) -> bool:
    """True when at least half of the non-empty cells of a column name a manufacturer."""
    values = [v for r in table.rows[:200] if (v := r.cells.get(header, "").strip())]
    hits = sum(1 for v in values if find_mentions(v, resolver))
    return bool(values) and hits * 2 >= len(values)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _cell_location(table: Table, row: Row, header: str) -> Location:
    """A cell's location; a DOCX or PDF table has no column letters, so name the column by
    position, or the question and the answer in one row would share one location."""
    loc = table.locate(row, header)
    if loc.cell is None and header in table.headers:
        loc = replace(loc, cell=f"{_column_letter(table.headers.index(header))}{row.number}")
    return loc


_REPLACED = re.compile(r"\b(?:replaced|replacing)\s+(?:its|the|our|all|their)\b", re.IGNORECASE)


def _prose(text: str) -> bool:
    """A question, denial, statistic, installer, policy or removal sentence, not a device."""
    return (
        is_question(text)
        or bool(SECTION_START.match(text) or _REPLACED.search(text))
        or any(
            p.search(text) for p in (cues.NEGATION, cues.STATISTIC, cues.INSTALLER, cues.MODAL, cues.INTENT)
        )
    )


def _row_text(cells: dict[str, str], cols: Columns) -> str:
    return " ".join(cells.get(c, "") for c in (cols.make, cols.model) if c).strip()


PROSE_WORDS = 8
"""Cells of a one-column "table" with at least this many words (most of them) are prose."""


def cell_block_location(table: Table, row: Row, header: str) -> Location:
    """Where a cell handed back as text lives (the same location a table claim would get)."""
    return _cell_location(table, row, header)


def is_prose(table: Table) -> bool:
    """A plain-text or HTML reader's lines offered as a table: sentences, not a register."""
    if len(table.headers) != 1:
        return False
    cells = [v for row in table.rows for v in row.cells.values() if v.strip()]
    cells = cells or [h for h in table.headers if h.strip()]
    long = sum(len(c.split()) >= PROSE_WORDS for c in cells)
    return bool(cells) and long * 2 > len(cells)


def extract_table(table: Table, resolver: Resolve | None = None) -> tuple[list[Draft], list[TextBlock]]:
    """Drafts for an equipment table; for any other table, its cells as text blocks."""
    cols = infer_columns(table.headers)
    described = False
    if not cols.equipment and cols.type and _mostly_equipment(table, cols.type, resolver):
        # a register with only a description column ("Hikvision 4MP dome, car park")
        cols = Columns(None, cols.type, cols.quantity, cols.site, None, cols.date, cols.state)
        described = True
    if not cols.equipment:
        pivot = extract_pivot(table, cols.site, resolver)
        if pivot:
            return pivot, []
        blocks = []
        for row in table.rows:
            for header, value in row.cells.items():
                if value.strip():
                    blocks.append(TextBlock(value, _cell_location(table, row, header)))
        return [], blocks
    if cols.quantity is None:
        # "Manufacturer / Model | Cameras": a column of counts under a noun header
        taken = {cols.make, cols.model, cols.site, cols.type, cols.date, cols.state}
        spare = [h for h in table.headers if h not in taken and not NOT_QUANTITY.search(h)]
        cols = replace(cols, quantity=next((h for h in spare if count_column(table, h)), None))
    drafts: list[Draft] = []
    removed_sheet = is_removed(table.name)
    key = cols.make or cols.model
    assert key is not None
    for row in table.rows:
        cells = row.cells
        text = _row_text(cells, cols)
        if not text or TOTAL.match(" ".join(cells.values())):
            continue
        found = find_mentions(text, resolver)
        mention = found[0] if found else None
        vehicle = mention is None and cues.vehicle_pattern().search(
            " ".join(cells.get(c, "") for c in (cols.type, cols.make, cols.model) if c)
        )
        qty = parse_quantity(cells.get(cols.quantity, "")) if cols.quantity else None
        type_text = cells.get(cols.type, "") if cols.type else ""
        dtype, _ = cues.device_type_in(type_text or text)
        loc = cell_location(table, row, key)
        make_text = cells.get(cols.make, "").strip() if cols.make else ""
        model_text = cells.get(cols.model, "").strip() if cols.model else ""
        conf = 0.95 if mention else 0.5
        if table.hidden:
            conf -= 0.1
        status: Status = "not_owned" if qty is not None and qty.value == 0 else "owned"
        state = cells.get(cols.state, "") if cols.state else ""
        if is_removed(state) or (removed_sheet and not state.strip()):
            status = "not_owned"  # kit listed as removed is no longer owned
            loc["removed"] = (state or table.name).strip()
        if vehicle:
            status = "mentioned"  # "Ford Transit CCTV van": kept, but a vehicle is no camera make
            loc["note"] = "a vehicle, not equipment"
            conf = 0.3
        elif described and _prose(text):
            # a plain-text letter is also offered as a one-column table: its sentences are
            # read (with their context) by the text pipeline, not as register rows
            status = "mentioned"
            loc["note"] = "a sentence, not a register row"
            conf = 0.3
        drafts.append(
            Draft(
                status=status,
                quote=" | ".join(v for v in cells.values() if v.strip()),
                location=loc,
                manufacturer=mention.manufacturer if mention else None,
                brand_text=make_text or (mention.brand_text if mention else None),
                model=(mention.model if mention and mention.model else model_text or None),
                quantity=qty.value if qty else None,
                quantity_text=qty.text if qty else None,
                device_type=dtype or (mention.device_type if mention else None),
                capabilities=[],
                site=(cells.get(cols.site, "").strip() or None) if cols.site else None,
                dates=cues.dates_in(cells.get(cols.date, "")) if cols.date else [],
                confidence=conf,
            )
        )
    return drafts, []
