"""Audit reports as JSON, CSV and Markdown, each carrying the evidence behind every figure."""

from __future__ import annotations

import csv
import io
from typing import Any

import orjson

from custodes import __version__
from custodes.audit.run import AuditItem, AuditResult
from custodes.audit.summary import Summary
from custodes.report.safe import safe_cell

FORMATS = ("json", "csv", "md")


def to_json(result: AuditResult, summary: Summary) -> bytes:
    doc: dict[str, Any] = {
        "custodes": __version__,
        "as_of": result.input.as_of.isoformat(),
        "files": result.input.files,
        "packs": [p.id for p in result.input.packs],
        "summary": summary.to_dict(),
        "tables": result.tables,
        "failures": [{"file": f, "reason": r} for f, r in result.failures],
        "warnings": result.warnings,
        "items": [item.to_dict() for item in result.items],
    }
    return orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n"


CSV_COLUMNS = [
    "file",
    "location",
    "text",
    "quantity",
    "site",
    "status",
    "manufacturer",
    "brand",
    "model",
    "family",
    "device_type",
    "capabilities",
    "confidence",
    "findings",
    "highest_severity",
    "evidence",
    "sources",
    "excluded",
    "quote",
    "document",
    "warnings",
]


def _csv_rows(item: AuditItem) -> list[list[str]]:
    rows = []
    devices = item.resolution.all_devices()
    for device, findings in zip(devices, item.findings, strict=True):
        severity = max(findings, key=lambda f: _rank(f.severity)).severity if findings else ""
        rows.append(
            [
                item.file,
                item.location,
                item.text,
                str(item.quantity),
                item.site or "",
                "excluded" if item.excluded else "resolved" if device.manufacturer else "unresolved",
                device.manufacturer or "",
                device.brand or "",
                device.model or "",
                device.family or "",
                device.device_type or "",
                "; ".join(f"{c.name} ({c.level})" for c in device.capabilities),
                f"{device.confidence:.2f}",
                "; ".join(f"{f.pack}:{f.rule}" for f in findings),
                severity,
                "; ".join(f"{e.rule} <{e.matched}>" for e in device.evidence),
                " ".join(dict.fromkeys(src for e in device.evidence for src in e.sources)),
                item.excluded or "",
                item.quote or "",
                item.document or "",
                "; ".join(item.warnings),
            ]
        )
    return rows


def _rank(severity: str) -> int:
    from custodes.policy import SEVERITY_RANK

    return SEVERITY_RANK[severity]


def to_csv(result: AuditResult) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item in result.items:
        for row in _csv_rows(item):
            writer.writerow([safe_cell(v) for v in row])
    return out.getvalue().encode("utf-8")


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(result: AuditResult, summary: Summary) -> bytes:
    s = summary
    lines = [
        "# custodes audit report",
        "",
        f"Files: {', '.join(result.input.files)}  ",
        f"Rules applied as of {result.input.as_of.isoformat()}: "
        + ", ".join(p.id for p in result.input.packs),
        "",
        "## Summary",
        "",
        f"- {s.rows} rows, {s.devices} devices (counting quantities).",
        f"- {s.resolved_devices} devices identified; {s.unresolved_devices} not identified "
        f"({s.unresolved_rows} rows, listed below).",
    ]
    if s.excluded_rows:
        lines.append(f"- {s.excluded_rows} rows kept but not counted (totals, kit listed as removed).")
    if s.failures:
        lines.append(f"- {s.failures} file(s) could not be read (listed below).")
    lines += ["", "## Devices by true manufacturer", "", "| manufacturer | devices |", "|---|---:|"]
    lines += [f"| {m} | {n} |" for m, n in s.by_manufacturer.items()]
    lines += ["", "## Devices by brand", "", "| brand | devices |", "|---|---:|"]
    lines += [f"| {b} | {n} |" for b, n in s.by_brand.items()]
    lines += [
        "",
        "## Restricted share by rule pack",
        "",
        "| pack | devices | share of all devices | share of identified devices |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {p.pack} | {p.devices} | {p.share_all:.1%} | {p.share_resolved:.1%} |" for p in s.packs]
    lines += [
        "",
        "## Capabilities present",
        "",
        "| capability | level | devices |",
        "|---|---|---:|",
    ]
    for cap, levels in s.capabilities.items():
        lines += [f"| {cap} | {level} | {n} |" for level, n in levels.items()]
    lines += ["", "## Estimated replacement cost", ""]
    if s.costs:
        for cost in s.costs:
            lines.append(
                f"- {cost.currency} {cost.low:,.0f} to {cost.high:,.0f} for {cost.devices} devices "
                "with a high or critical finding. The range is wide because the sourced unit "
                "prices run from equipment-only retail prices to installed public-space cameras; "
                "use `--prices` with your own contract prices for a tighter figure."
            )
            lines += [f"  - basis: {basis}" for basis in cost.basis]
            lines += [f"  - source: <{src}>" for src in cost.sources]
    elif not s.unpriced_devices:
        lines.append("- No device has a high or critical finding under the packs applied.")
    if s.unpriced_devices:
        lines.append(f"- {s.unpriced_devices} devices could not be priced (unknown device type).")
    lines += ["", "## Findings", ""]
    seen: set[tuple[str, str]] = set()
    for item in result.items:
        for findings in item.findings:
            for f in findings:
                if (f.pack, f.rule) in seen:
                    continue
                seen.add((f.pack, f.rule))
                lines.append(f"- **{f.pack} / {f.rule}** ({f.severity}, from {f.effective}): {f.why}")
                lines.append(f"  - {f.citation}: <{f.url}> (grade {f.grade})")
    excluded = [i for i in result.items if i.excluded is not None]
    if excluded:
        lines += ["", "## Rows kept but not counted", ""]
        lines += [f"- {i.file}, {i.location}: `{_md_escape(i.text)}` ({i.excluded})" for i in excluded]
    lines += ["", "## Rows not identified", ""]
    unresolved = [i for i in result.items if not i.resolved and i.excluded is None]
    if not unresolved:
        lines.append("- None.")
    for item in unresolved:
        lines.append(f"- {item.file}, {item.location}: `{_md_escape(item.text) or '(empty)'}`")
    if result.failures:
        lines += ["", "## Files that could not be read", ""]
        lines += [f"- {f}: {r}" for f, r in result.failures]
    lines += [
        "",
        "## Every row",
        "",
        "| file | location | text | qty | manufacturer | model | type | findings |",
    ]
    lines.append("|---|---|---|---:|---|---|---|---|")
    for item in result.items:
        for device, findings in zip(item.resolution.all_devices(), item.findings, strict=True):
            lines.append(
                f"| {_md_escape(item.file)} | {item.location} | {_md_escape(item.text)} | "
                f"{item.quantity} | {device.manufacturer or ''} | {_md_escape(device.model or '')} | "
                f"{device.device_type or ''} | {', '.join(sorted({f.pack for f in findings}))} |"
            )
    return ("\n".join(lines) + "\n").encode("utf-8")


def render(result: AuditResult, summary: Summary, fmt: str) -> bytes:
    if fmt == "json":
        return to_json(result, summary)
    if fmt == "csv":
        return to_csv(result)
    if fmt == "md":
        return to_markdown(result, summary)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
