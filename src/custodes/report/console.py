"""The audit summary on a terminal, with rich tables; text from the data is never markup."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from custodes.audit.run import AuditResult
from custodes.audit.summary import Summary
from custodes.report.audit import ACTIONS, finding_text, maker_name


def _table(title: str, columns: list[str], rows: list[list[object]]) -> Table:
    table = Table(title=title)
    for index, col in enumerate(columns):
        table.add_column(col, justify="left" if index == 0 else "right")
    for row in rows:
        table.add_row(*(Text(str(v)) for v in row))
    return table


def print_summary(console: Console, result: AuditResult, summary: Summary) -> None:
    s = summary
    console.print(
        Text(
            f"custodes audit: {s.rows} rows, {s.devices} devices; {s.resolved_devices} identified, "
            f"{s.unresolved_devices} not identified ({s.unresolved_rows} rows). "
            f"Rules as of {result.input.as_of.isoformat()}.",
        )
    )
    for kind, n in s.not_devices.items():
        console.print(Text(f"{n} {kind} item(s) listed but not counted as devices."))
    makers = [[maker_name(m), n] for m, n in s.by_manufacturer.items()]
    brands = [[b, n] for b, n in s.by_brand.items()]
    console.print(
        _table("Devices by true manufacturer", ["manufacturer", "devices"], makers),
        _table("Devices by brand", ["brand", "devices"], brands),
    )
    packs = [[p.pack, p.devices, f"{p.share_all:.1%}", f"{p.share_resolved:.1%}"] for p in s.packs]
    console.print(
        _table("Restricted share by rule pack", ["pack", "devices", "of all", "of identified"], packs)
    )
    if s.findings:
        rows = [
            [finding_text(f.pack, f.rule, f.manufacturer, result), f.devices, f.rows, f.sites]
            for f in s.findings
        ]
        console.print(_table("Findings", ["finding", "devices", "rows", "sites"], rows))
    for v in s.verify:
        console.print(
            Text(
                f"{v.devices} devices may be {maker_name(v.maker)}-made: verify with the supplier "
                f"({v.rows} rows, {v.sites} sites).",
                style="yellow",
            )
        )
    if s.actions:
        rows = [[site, *(counts.get(a, 0) for a in ACTIONS)] for site, counts in s.actions.items()]
        console.print(_table("Action list by site", ["site", *ACTIONS], rows))
    for cost in s.costs:
        console.print(
            Text(
                f"Estimated replacement cost: {cost.currency} {cost.low:,.0f} to {cost.high:,.0f} "
                f"for {cost.devices} devices with a high or critical finding."
            )
        )
    if s.unpriced_devices:
        console.print(Text(f"{s.unpriced_devices} devices to replace could not be priced (unknown type)."))
    if s.unresolved_rows:
        console.print(Text(f"{s.unresolved_rows} rows not identified (kept in the report).", style="yellow"))
    for table in result.tables:
        for warning in table["warnings"]:
            console.print(Text.assemble(("check: ", "yellow"), f"{table['file']}: {warning}"))
