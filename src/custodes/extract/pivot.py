"""Tables with one column per manufacturer: "Site | Hikvision | Dahua | Axis" and counts.

Some bodies answer "how many of each make at each site" with a cross-tab instead of a list.
The makes are then headers, not cells, so the list reader finds no make column. Each
non-empty count cell becomes one claim (a 0 is an explicit negative for that site).
"""

from __future__ import annotations

import re

from custodes.extract import cues
from custodes.extract.claims import Draft, Status
from custodes.extract.mentions import Mention, Resolve, find_mentions
from custodes.extract.quantity import parse_quantity
from custodes.extract.text import cell_location
from custodes.ingest import Table

_COUNT_CELL = re.compile(r"\s*(?:c\.?\s*|approx\.?\s*|x\s*)?\d{1,3}(?:,\d{3})*\s*(?:no\.?|x)?\s*", re.I)
_TOTAL = re.compile(r"^\s*(?:grand\s+)?totals?\b", re.IGNORECASE)


def count_column(table: Table, header: str) -> bool:
    """True when most non-empty cells of a column are counts ("12", "c.30", "5 no.")."""
    values = [v for r in table.rows[:200] if (v := r.cells.get(header, "").strip())]
    if not values:
        return False
    counts = [v for v in values if _COUNT_CELL.fullmatch(v)]
    years = [v for v in counts if v.isdigit() and 1950 <= int(v) <= 2099]
    return len(counts) * 5 >= len(values) * 4 and len(years) < len(counts)


def _maker_headers(table: Table, resolver: Resolve | None) -> dict[str, Mention]:
    out: dict[str, Mention] = {}
    for header in table.headers:
        found = find_mentions(header, resolver)
        if len({m.manufacturer for m in found}) == 1 and count_column(table, header):
            out[header] = found[0]
    return out


def extract_pivot(table: Table, site: str | None, resolver: Resolve | None = None) -> list[Draft]:
    """Claims for a make-per-column table; empty when the headers name no manufacturer."""
    makers = _maker_headers(table, resolver)
    if not makers:
        return []
    if site is None:
        site = next((h for h in table.headers if h not in makers), None)
    drafts: list[Draft] = []
    for row in table.rows:
        if _TOTAL.match(" ".join(row.cells.values())):
            continue
        place = (row.cells.get(site, "").strip() or None) if site else None
        for header, mention in makers.items():
            qty = parse_quantity(row.cells.get(header, ""))
            if qty is None:
                continue
            loc = cell_location(table, row, header)
            loc["column"] = header
            status: Status = "not_owned" if qty.value == 0 else "owned"
            drafts.append(
                Draft(
                    status=status,
                    quote=" | ".join(v for v in row.cells.values() if v.strip()),
                    location=loc,
                    manufacturer=mention.manufacturer,
                    brand_text=header.strip(),
                    model=mention.model,
                    quantity=qty.value,
                    quantity_text=qty.text,
                    device_type=cues.device_type_in(header)[0] or mention.device_type,
                    site=place,
                    confidence=0.8 if not table.hidden else 0.7,
                )
            )
    return drafts
