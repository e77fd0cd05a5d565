"""The audit as a workbook for council staff: one sheet per table, formulas neutralised.

Summary, the action list by site, findings with their rows and sites, devices to verify,
every device row (split over several sheets past Excel's row limit), rows not identified,
the column choices to check, and files that could not be read. Written with
``report.safe.write_xlsx`` in constant memory, row by row from the audit's JSON Lines.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

from custodes.audit.run import AuditResult
from custodes.audit.summary import Summary
from custodes.report.audit import ACTIONS, CSV_COLUMNS, device_rows, finding_text, maker_name
from custodes.report.safe import Sheet, write_xlsx

SHEET_ROWS = 1_000_000
"""Rows per "Rows" sheet (Excel holds 1,048,576)."""


def _summary_rows(result: AuditResult, s: Summary) -> list[list[object]]:
    rows: list[list[object]] = [
        ["rules applied as of", result.input.as_of.isoformat()],
        ["rows", s.rows],
        ["devices (counting quantities)", s.devices],
        ["devices identified", s.resolved_devices],
        ["devices not identified", s.unresolved_devices],
        ["rows not identified", s.unresolved_rows],
        ["rows kept but not counted", s.excluded_rows],
    ]
    rows += [[f"{kind} items (not counted as devices)", n] for kind, n in s.not_devices.items()]
    rows += [
        [f"devices that may be {maker_name(v.maker)}-made: verify with the supplier", v.devices]
        for v in s.verify
    ]
    rows += [[f"devices under {p.pack}", p.devices] for p in s.packs]
    rows += [
        [
            f"replacement cost ({c.currency}), low to high",
            f"{c.low:,.0f} to {c.high:,.0f} for {c.devices} devices",
        ]
        for c in s.costs
    ]
    rows.append(["files that could not be read", s.failures])
    return rows


def _rows_sheets(result: AuditResult) -> Iterator[Sheet]:
    rows = device_rows(result)
    for n in itertools.count(1):
        chunk = itertools.islice(rows, SHEET_ROWS)
        first = next(chunk, None)
        if first is None and n > 1:
            return
        body = itertools.chain([first], chunk) if first is not None else iter(())
        yield Sheet("Rows" if n == 1 else f"Rows {n}", CSV_COLUMNS, body)
        if first is None:
            return


def _sheets(result: AuditResult, s: Summary) -> Iterator[Sheet]:
    yield Sheet("Summary", ["figure", "value"], _summary_rows(result, s))
    yield Sheet(
        "Actions by site",
        ["site", *ACTIONS],
        [[site, *(counts.get(a, 0) for a in ACTIONS)] for site, counts in s.actions.items()],
    )
    yield Sheet(
        "Findings",
        ["finding", "pack", "rule", "manufacturer", "devices", "rows", "sites", "severity", "source"],
        [
            [
                finding_text(f.pack, f.rule, f.manufacturer, result),
                f.pack,
                f.rule,
                maker_name(f.manufacturer),
                f.devices,
                f.rows,
                f.sites,
                (ref := result.rules.get(f"{f.pack}/{f.rule}/{f.manufacturer}")) and ref.severity,
                ref and ref.url,
            ]
            for f in s.findings
        ],
    )
    yield Sheet(
        "Verify",
        ["may be made by", "devices", "rows", "sites", "what to do"],
        [[maker_name(v.maker), v.devices, v.rows, v.sites, "verify with the supplier"] for v in s.verify],
    )
    yield from _rows_sheets(result)
    yield Sheet(
        "Not identified",
        ["file", "location", "text"],
        [list(x) for x in result.aggregate.unresolved_examples],
    )
    yield Sheet(
        "Columns",
        ["file", "table", "rows", "columns used", "check"],
        [[t["file"], t["table"], t["rows"], t["columns"], "; ".join(t["warnings"])] for t in result.tables],
    )
    yield Sheet("Failures", ["file", "reason"], [list(f) for f in result.failures])
    yield Sheet("Warnings", ["warning"], [[w] for w in result.warnings])


def write_audit_xlsx(result: AuditResult, summary: Summary, path: Path) -> Path:
    return write_xlsx(path, _sheets(result, summary))
