"""The reconciliation report: XLSX (formula-neutral), Markdown and HTML (escaped)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from custodes.report.safe import Sheet, html_text, md_text, write_xlsx
from custodes.scan.reconcile import Reconciliation

MATCHED = (
    "address",
    "matched by",
    "register row",
    "site",
    "register text",
    "register maker",
    "network maker",
    "model",
    "flag",
)
NETWORK = ("address", "maker", "brand", "model", "type", "mac", "disagreements", "findings")
REGISTER = ("file", "row", "site", "text", "maker", "quantity", "not seen")


def _rows(rec: Reconciliation) -> tuple[list[list[object]], list[list[object]], list[list[object]]]:
    matched: list[list[object]] = [
        [
            m.host.address,
            m.by,
            m.item.location,
            m.item.site,
            m.item.text,
            m.register_maker,
            m.host.manufacturer,
            m.host.model,
            m.conflict or "",
        ]
        for m in rec.matched
    ]
    network: list[list[object]] = [
        [
            h.address,
            h.manufacturer,
            h.brand,
            h.model,
            h.device_type,
            h.mac,
            "; ".join(h.disagreements),
            "; ".join(sorted({f.title for f in h.findings})),
        ]
        for h in rec.network_only
    ]
    register: list[list[object]] = [
        [i.file, i.location, i.site, i.text, i.resolution.manufacturer, i.quantity, n]
        for i, n in rec.register_only
    ]
    return matched, network, register


def summary(rec: Reconciliation) -> list[tuple[str, int]]:
    return [
        ("matched", len(rec.matched)),
        ("matched, but the maker differs", sum(1 for m in rec.matched if m.conflict)),
        ("on the network, not in the register", len(rec.network_only)),
        ("in the register, not seen (units)", sum(n for _, n in rec.register_only)),
        ("other hosts (not identified as equipment)", len(rec.other_hosts)),
    ]


def write_xlsx_report(rec: Reconciliation, path: Path) -> Path:
    matched, network, register = _rows(rec)
    return write_xlsx(
        path,
        [
            Sheet("Summary", ("what", "count"), summary(rec)),
            Sheet("Matched", MATCHED, matched),
            Sheet("Network only", NETWORK, network),
            Sheet("Register only", REGISTER, register),
        ],
    )


def _md_table(headers: Sequence[str], rows: list[list[object]]) -> list[str]:
    if not rows:
        return ["None.", ""]
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(md_text("" if v is None else v) for v in row) + " |" for row in rows]
    return [*out, ""]


def markdown(rec: Reconciliation) -> str:
    matched, network, register = _rows(rec)
    lines = ["# Scan and register reconciliation", ""]
    lines += [f"- {md_text(what)}: {count}" for what, count in summary(rec)] + [""]
    for title, headers, rows in (
        ("Matched", MATCHED, matched),
        ("On the network, not in the register", NETWORK, network),
        ("In the register, not seen", REGISTER, register),
    ):
        lines += [f"## {title}", "", *_md_table(headers, rows)]
    if rec.failures:
        lines += ["## Files that could not be read", ""] + [
            f"- {md_text(f)}: {md_text(r)}" for f, r in rec.failures
        ]
    return "\n".join(lines) + "\n"


def _html_table(headers: Sequence[str], rows: list[list[object]]) -> str:
    if not rows:
        return "<p>None.</p>"
    head = "".join(f"<th>{html_text(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html_text('' if v is None else v)}</td>" for v in row) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def html(rec: Reconciliation) -> str:
    matched, network, register = _rows(rec)
    items = "".join(f"<li>{html_text(what)}: {count}</li>" for what, count in summary(rec))
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>Scan and register reconciliation</title></head>",
        "<body><h1>Scan and register reconciliation</h1>",
        f"<ul>{items}</ul>",
    ]
    for title, headers, rows in (
        ("Matched", MATCHED, matched),
        ("On the network, not in the register", NETWORK, network),
        ("In the register, not seen", REGISTER, register),
    ):
        parts.append(f"<h2>{html_text(title)}</h2>{_html_table(headers, rows)}")
    return "".join(parts) + "</body></html>\n"
