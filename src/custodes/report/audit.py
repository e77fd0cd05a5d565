"""Audit reports as JSON, JSON Lines, CSV and Markdown, each carrying the evidence behind
every figure; written as they go, row by row from the audit's JSON Lines, so a register of
millions of rows is reported in flat memory. The XLSX report is in ``audit_xlsx``."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import IO, Any

import orjson

from custodes import __version__
from custodes.audit.run import AuditResult
from custodes.audit.summary import Summary
from custodes.kb import load_kb
from custodes.policy import SEVERITY_RANK
from custodes.report.safe import md_text, write_csv

FORMATS = ("md", "json", "jsonl", "csv", "xlsx")
ACTIONS = ("replace", "verify", "keep")


def maker_name(maker: str) -> str:
    """A manufacturer id as people write it ("dahua" -> "Dahua Technology")."""
    found = load_kb().manufacturers.get(maker)
    return found.name if found is not None else maker


def head(result: AuditResult, summary: Summary) -> dict[str, Any]:
    """Everything but the rows: the summary, the rules cited, tables, failures and warnings."""
    return {
        "custodes": __version__,
        "as_of": result.input.as_of.isoformat(),
        "files": result.input.files,
        "packs": [p.id for p in result.input.packs],
        "summary": summary.to_dict(),
        "rules": [f.model_dump(mode="json") for _, f in sorted(result.rules.items())],
        "tables": result.tables,
        "failures": [{"file": f, "reason": r} for f, r in result.failures],
        "warnings": result.warnings,
    }


def write_json(result: AuditResult, summary: Summary, out: IO[bytes]) -> None:
    """One JSON document; its ``items`` streamed one per line."""
    doc = orjson.dumps(head(result, summary), option=orjson.OPT_INDENT_2)
    out.write(doc[:-2] + b',\n  "items": [\n')
    first = True
    for item in result.iter_item_dicts():
        out.write((b"" if first else b",\n") + b"    " + orjson.dumps(item))
        first = False
    out.write(b"\n  ]\n}\n")


def write_jsonl(result: AuditResult, summary: Summary, out: IO[bytes]) -> None:
    """One JSON object per row (with its row number), then one line with the summary."""
    for sink in result.sinks:
        with sink.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                out.write(chunk)
    out.write(orjson.dumps({"summary": head(result, summary)}) + b"\n")


CSV_COLUMNS = [
    "file",
    "location",
    "asset",
    "site",
    "date",
    "text",
    "quantity",
    "kind",
    "action",
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
    "verify",
    "evidence",
    "sources",
    "excluded",
    "quote",
    "document",
    "warnings",
]


def device_rows(result: AuditResult) -> Iterator[list[object]]:
    """One row per device of every audited row (a row naming two makers gives two)."""
    for item in result.iter_item_dicts():
        res = item["resolution"]
        devices = res.get("devices") or [res]
        for index, device in enumerate(devices):
            refs = [f for f in item["findings"] if f["device"] == index]
            severity = max((f["severity"] for f in refs), key=lambda s: SEVERITY_RANK[s], default="")
            status = (
                "excluded" if item["excluded"] else "resolved" if device["manufacturer"] else "unresolved"
            )
            yield [
                item["file"],
                item["location"],
                item["asset"] or "",
                item["site"] or "",
                item["date"] or "",
                item["text"],
                item["quantity"],
                item["kind"],
                item["action"],
                status,
                device["manufacturer"] or "",
                device["brand"] or "",
                device["model"] or "",
                device["family"] or "",
                device["device_type"] or "",
                "; ".join(f"{c['name']} ({c['level']})" for c in device["capabilities"]),
                f"{device['confidence']:.2f}",
                "; ".join(f"{f['pack']}:{f['rule']}" for f in refs),
                severity,
                "; ".join(f"may be made by {lead['maker']}" for lead in item["leads"]),
                "; ".join(f"{e['rule']} <{e['matched']}>" for e in device["evidence"]),
                " ".join(dict.fromkeys(src for e in device["evidence"] for src in e["sources"])),
                item["excluded"] or "",
                item["quote"] or "",
                item["document"] or "",
                "; ".join(item["warnings"]),
            ]


def write_csv_report(result: AuditResult, out: IO[bytes]) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        write_csv(text, CSV_COLUMNS, device_rows(result), bom=False)
    finally:
        text.detach()


def to_csv(result: AuditResult) -> bytes:
    buffer = io.BytesIO()
    write_csv_report(result, buffer)
    return buffer.getvalue()


def finding_text(pack: str, rule: str, maker: str, result: AuditResult) -> str:
    """ "Dahua Technology devices: covered telecommunications equipment (us-ndaa-889)"."""
    ref = result.rules.get(f"{pack}/{rule}/{maker}")
    title = ref.title if ref is not None else rule
    return f"{maker_name(maker)} devices: {title}"


def write_markdown(result: AuditResult, summary: Summary, out: IO[bytes]) -> None:
    def put(*lines: str) -> None:
        out.write(("\n".join(lines) + "\n").encode("utf-8"))

    s = summary
    put(
        "# custodes audit report",
        "",
        f"Files: {', '.join(md_text(f) for f in result.input.files)}  ",
        f"Rules applied as of {result.input.as_of.isoformat()}: "
        + ", ".join(p.id for p in result.input.packs),
        "",
        "## Summary",
        "",
        f"- {s.rows} rows, {s.devices} devices (counting quantities).",
        f"- {s.resolved_devices} devices identified; {s.unresolved_devices} not identified "
        f"({s.unresolved_rows} rows, listed below).",
    )
    for kind, n in s.not_devices.items():
        put(f"- {n} {kind} item(s) listed but not counted as devices.")
    if s.excluded_rows:
        put(f"- {s.excluded_rows} rows kept but not counted (totals, kit listed as removed).")
    for v in s.verify:
        put(
            f"- **{v.devices} devices may be {maker_name(v.maker)}-made: verify with the supplier** "
            f"({v.rows} rows, {v.sites} sites; a source links the brand to {maker_name(v.maker)}, "
            "unverified or no longer in force at the purchase date; not counted as a finding)."
        )
    if s.failures:
        put(f"- {s.failures} file(s) could not be read (listed below).")
    doubts = [w for t in result.tables for w in t["warnings"]]
    if doubts:
        put("", "## Check these columns and tables", "")
        put(*(f"- {md_text(w)}" for w in doubts))
    put("", "## Action list by site", "", "| site | replace | verify | keep |", "|---|---:|---:|---:|")
    for site, counts in s.actions.items():
        put(f"| {md_text(site)} | " + " | ".join(str(counts.get(a, 0)) for a in ACTIONS) + " |")
    put(
        "",
        "replace: a finding of high or critical severity; verify: an unverified lead to a "
        "restricted maker, or equipment not identified; keep: the rest.",
    )
    put("", "## Findings", "", "| finding | devices | rows | sites | severity |", "|---|---:|---:|---:|---|")
    for f in s.findings:
        ref = result.rules.get(f"{f.pack}/{f.rule}/{f.manufacturer}")
        severity = ref.severity if ref is not None else ""
        put(
            f"| {md_text(finding_text(f.pack, f.rule, f.manufacturer, result))} ({f.pack}) | "
            f"{f.devices} | {f.rows} | {f.sites} | {severity} |"
        )
    put("", "### Rules cited", "")
    for key, ref in sorted(result.rules.items()):
        put(
            f"- **{ref.pack} / {ref.rule}**, {md_text(maker_name(key.rsplit('/', 1)[1]))} "
            f"({ref.severity}, from {ref.effective}): {md_text(ref.why)}",
            f"  - {md_text(ref.citation)}: <{ref.url}> (grade {ref.grade})",
        )
    put("", "## Devices by true manufacturer", "", "| manufacturer | devices |", "|---|---:|")
    put(*(f"| {md_text(maker_name(m))} | {n} |" for m, n in s.by_manufacturer.items()))
    put("", "## Devices by brand", "", "| brand | devices |", "|---|---:|")
    put(*(f"| {md_text(b)} | {n} |" for b, n in s.by_brand.items()))
    put(
        "",
        "## Restricted share by rule pack",
        "",
        "| pack | devices | share of all devices | share of identified devices |",
        "|---|---:|---:|---:|",
    )
    put(*(f"| {p.pack} | {p.devices} | {p.share_all:.1%} | {p.share_resolved:.1%} |" for p in s.packs))
    put("", "## Capabilities present", "", "| capability | level | devices |", "|---|---|---:|")
    for cap, levels in s.capabilities.items():
        put(*(f"| {cap} | {level} | {n} |" for level, n in levels.items()))
    put("", "## Estimated replacement cost", "")
    for cost in s.costs:
        put(
            f"- {cost.currency} {cost.low:,.0f} to {cost.high:,.0f} for {cost.devices} devices "
            "with a high or critical finding. The range is wide because the sourced unit "
            "prices run from equipment-only retail prices to installed public-space cameras; "
            "use `--prices` with your own contract prices for a tighter figure."
        )
        put(*(f"  - basis: {md_text(b)}" for b in cost.basis))
        put(*(f"  - source: <{src}>" for src in cost.sources))
    if not s.costs and not s.unpriced_devices:
        put("- No device has a high or critical finding under the packs applied.")
    if s.unpriced_devices:
        put(f"- {s.unpriced_devices} devices could not be priced (unknown device type).")
    _examples(put, result)
    put(
        "",
        "## Every row",
        "",
        "| file | location | asset | site | text | qty | manufacturer | model | type | action | findings |",
        "|---|---|---|---|---|---:|---|---|---|---|---|",
    )
    for row in device_rows(result):
        row_kind, action = row[7], row[8]
        shown = str(action) if row_kind == "device" else f"{row_kind} (not counted)"
        cells = [md_text(row[i]) for i in (0, 1, 2, 3, 5)] + [str(row[6])]
        cells += [md_text(row[i]) for i in (10, 12, 14)] + [shown, md_text(row[17])]
        put("| " + " | ".join(cells) + " |")


def _examples(put: Any, result: AuditResult) -> None:
    agg = result.aggregate
    if agg.not_device_examples:
        put("", "## Listed but not counted as devices", "")
        put(
            *(
                f"- {md_text(f)}, {md_text(loc)}: {md_text(t)} ({k})"
                for f, loc, t, k in agg.not_device_examples
            )
        )
    if agg.excluded_examples:
        put("", "## Rows kept but not counted", "")
        put(
            *(
                f"- {md_text(f)}, {md_text(loc)}: {md_text(t)} ({md_text(why)})"
                for f, loc, t, why in agg.excluded_examples
            )
        )
    put("", "## Rows not identified", "")
    if not agg.unresolved_examples:
        put("- None.")
    put(
        *(
            f"- {md_text(f)}, {md_text(loc)}: {md_text(t) or '(empty)'}"
            for f, loc, t in agg.unresolved_examples
        )
    )
    if agg.unresolved_rows > len(agg.unresolved_examples):
        put(
            f"- ... and {agg.unresolved_rows - len(agg.unresolved_examples)} more "
            "(every row is in the CSV and JSON reports)."
        )
    if result.failures:
        put("", "## Files that could not be read", "")
        put(*(f"- {md_text(f)}: {md_text(r)}" for f, r in result.failures))


def write_report(result: AuditResult, summary: Summary, fmt: str, out: IO[bytes]) -> None:
    if fmt == "json":
        write_json(result, summary, out)
    elif fmt == "jsonl":
        write_jsonl(result, summary, out)
    elif fmt == "csv":
        write_csv_report(result, out)
    elif fmt == "md":
        write_markdown(result, summary, out)
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def render(result: AuditResult, summary: Summary, fmt: str) -> bytes:
    """The whole report in memory (small audits, tests); the CLI streams with ``write_report``."""
    buffer = io.BytesIO()
    write_report(result, summary, fmt, buffer)
    return buffer.getvalue()


def to_json(result: AuditResult, summary: Summary) -> bytes:
    return render(result, summary, "json")


def to_markdown(result: AuditResult, summary: Summary) -> bytes:
    return render(result, summary, "md")
