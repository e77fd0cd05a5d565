"""The audit summary on a terminal, with rich tables."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from custodes.audit.run import AuditResult
from custodes.audit.summary import Summary


def print_summary(console: Console, result: AuditResult, summary: Summary) -> None:
    s = summary
    console.print(
        f"[bold]custodes audit[/bold]: {s.rows} rows, {s.devices} devices; "
        f"{s.resolved_devices} identified, {s.unresolved_devices} not identified "
        f"({s.unresolved_rows} rows). Rules as of {result.input.as_of.isoformat()}."
    )
    makers = Table(title="Devices by true manufacturer")
    makers.add_column("manufacturer")
    makers.add_column("devices", justify="right")
    for name, n in s.by_manufacturer.items():
        makers.add_row(Text(name), str(n))
    brands = Table(title="Devices by brand")
    brands.add_column("brand")
    brands.add_column("devices", justify="right")
    for name, n in s.by_brand.items():
        brands.add_row(Text(name), str(n))
    console.print(makers, brands)
    packs = Table(title="Restricted share by rule pack")
    for col in ("pack", "devices", "of all", "of identified"):
        packs.add_column(col, justify="right" if col != "pack" else "left")
    for p in s.packs:
        packs.add_row(Text(p.pack), str(p.devices), f"{p.share_all:.1%}", f"{p.share_resolved:.1%}")
    console.print(packs)
    if s.capabilities:
        caps = Table(title="Capabilities present")
        for col in ("capability", "level", "devices"):
            caps.add_column(col)
        for cap, levels in s.capabilities.items():
            for level, n in levels.items():
                caps.add_row(cap, level, str(n))
        console.print(caps)
    for cost in s.costs:
        console.print(
            f"Estimated replacement cost: [bold]{cost.currency} {cost.low:,.0f} to {cost.high:,.0f}[/bold] "
            f"for {cost.devices} devices with a high or critical finding."
        )
    if s.unpriced_devices:
        console.print(f"{s.unpriced_devices} devices to replace could not be priced (unknown type).")
    if s.unresolved_rows:
        console.print(f"[yellow]{s.unresolved_rows} rows not identified[/yellow] (kept in the report).")
    for file, reason in result.failures:
        # user text (file names, reasons quoting documents) as text, never as markup
        console.print(Text.assemble(("could not read", "red"), f" {file}: {reason}"), highlight=False)
