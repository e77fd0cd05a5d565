"""The audit report as one self-contained HTML file (figures, action list, sites, rows)."""

from __future__ import annotations

from typing import Any

from custodes.report import audit_tables, charts
from custodes.report.html import anchor, css, environment

ROW_LIMIT = 5000
"""Register rows listed in the HTML; all rows are in the XLSX and the audit JSON."""


def render_audit(audit: dict[str, Any]) -> str:
    tables = []
    for t in audit_tables.all_tables(audit):
        rows = t.rows[:ROW_LIMIT]
        title = t.title if len(t.rows) <= ROW_LIMIT else f"{t.title} (first {ROW_LIMIT} of {len(t.rows)})"
        tables.append({"title": title, "headers": t.headers, "rows": rows, "anchor": anchor(t.title.lower())})
    s = audit["summary"]
    specs = []
    if s.get("by_manufacturer"):
        makers = [{"maker": k, "devices": v} for k, v in s["by_manufacturer"].items()]
        specs.append(charts.bar_chart(f"Devices by maker (of {s.get('devices', 0)} devices)", makers, "maker",
                                      "devices", "devices"))  # fmt: skip
    if s.get("packs"):
        packs = [{"pack": p["pack"], "devices": p["devices"]} for p in s["packs"]]
        specs.append(charts.bar_chart(f"Devices covered by each rule pack (of {s.get('devices', 0)})", packs,
                                      "pack", "devices", "devices", "#c2185b"))  # fmt: skip
    return (
        environment()
        .get_template("audit.html.j2")
        .render(audit=audit, css=css(), tables=tables, charts=[charts.svg(x) for x in specs])
    )
