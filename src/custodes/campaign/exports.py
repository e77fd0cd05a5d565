"""Exports peers use: CSV, JSON, GeoJSON, the source documents, and a Datasette database.

Everything is read through :func:`custodes.report.campaign_data.campaign_view`, so an
export agrees with the report and with the statistics. CSVs carry a UTF-8 BOM (Excel
reads "£" right), one line per record and no live formulas (``report.safe.write_csv``);
every file name made from data goes through ``report.safe.confined`` and so stays inside
``--out``. The SQLite copy has primary and foreign keys, full-text search on quotes and a
``metadata.json`` with titles, licences, descriptions and facets for Datasette.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import select

from custodes.blobs import blob_path
from custodes.campaign.states import STATES
from custodes.campaign.stats import DEFAULT_BASIS
from custodes.errors import InputError, StoreError
from custodes.report.campaign_data import CampaignView, campaign_view
from custodes.report.safe import confined, slug, write_csv
from custodes.store import Store
from custodes.store.models import Finding

FORMATS = ("csv", "json", "sqlite", "geojson", "documents")
LICENCE = "CC-BY-4.0 (body registry: mySociety); campaign data: as set by the campaign owner"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
SOURCE_TYPE = "FOI response"

KEYS: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    # table: (primary key, [(column, referenced table, referenced column)])
    "bodies": ("code", []),
    "summary": ("body_code", [("body_code", "bodies", "code")]),
    "requests": ("request_id", [("body_code", "bodies", "code")]),
    "documents": ("sha256", []),
    "claims": ("claim_id", [("request_id", "requests", "request_id"), ("document", "documents", "sha256")]),
    "mentions": ("claim_id", [("request_id", "requests", "request_id"), ("document", "documents", "sha256")]),
    "findings": ("finding_id", [("claim_id", "claims", "claim_id")]),
    "atlas": ("row_id", [("body_code", "bodies", "code")]),
}
DESCRIPTIONS: dict[str, dict[str, str]] = {
    "bodies": {
        "code": "mySociety 3-letter code, or the code given on import",
        "gss_code": "ONS GSS code of the authority's area",
        "wdtk_id": "WhatDoTheyKnow numeric body id (mySociety data)",
        "wdtk_url": "WhatDoTheyKnow body page, when its slug is known (custodes never guesses one)",
    },
    "summary": {
        "answered": "the body replied (documents received or a reply-like state)",
        "outcome": "answered, answered without equipment figures, refused, not held or no reply",
        "restricted_share": "share of stated devices under a rule-pack finding (medium or above)",
    },
    "requests": {
        "state": "Alaveteli request state (described_state) as of the export date",
        "state_label": "Alaveteli's wording of the state",
        "due": "20 working days after sending (that nation's bank holidays excluded)",
    },
    "claims": {
        "document": "sha256 of the source document (the bytes are kept unchanged)",
        "location": "where in the document: page, sheet and cell, row or character span",
        "quote": "the exact text the claim was read from (on one line)",
        "status": "owned, not_owned, not_held or refused (mentions are in their own table)",
        "review_decision": "latest human review: confirm, correct or reject (blank: none)",
        "review_state": "proposed, confirmed, corrected or rejected",
        "corrected": "fields the reviewer corrected; the columns above and the statistics use these",
        "machine": "what the extractor had said for each corrected field",
    },
    "mentions": {
        "quote": "a maker named in passing, e.g. the request quoted back: not evidence of ownership"
    },
    "findings": {"pack": "policy rule pack", "why": "why the rule fired"},
    "atlas": {
        "technology": "Atlas-of-Surveillance-style technology",
        "source_link": "the document in this export (documents/...), or the WhatDoTheyKnow page",
    },
}
CLAIM_COLUMNS = (
    "claim_id", "request_id", "body_code", "body", "status", "manufacturer", "brand_text", "model",
    "quantity", "quantity_text", "device_type", "capabilities", "refusal_sections", "quote", "file",
    "document", "document_path", "location", "confidence", "review_decision", "review_state",
    "corrected", "machine", "reviewer", "reviewed_at",
)  # fmt: skip
EMPTY = {"claims": CLAIM_COLUMNS, "mentions": CLAIM_COLUMNS}
FACETS = {
    "summary": ["outcome", "state", "region"],
    "claims": ["status", "manufacturer", "review_state", "body"],
    "atlas": ["technology", "vendor"],
    "findings": ["pack", "severity"],
    "requests": ["state"],
}


def _technologies() -> tuple[dict[str, str], dict[str, str]]:
    text = (
        resources.files("custodes.report.data").joinpath("atlas_technologies.csv").read_text(encoding="utf-8")
    )
    by_type: dict[str, str] = {}
    by_cap: dict[str, str] = {}
    for row in csv.DictReader(line for line in text.splitlines() if not line.startswith("#")):
        (by_type if row["kind"] == "device_type" else by_cap)[row["key"]] = row["technology"]
    return by_type, by_cap


def _doc_paths(view: CampaignView, outdir: Path) -> dict[str, str]:
    docs = outdir / "documents"
    return {
        sha: "documents/" + confined(docs, f"{sha[:12]}-{d.file_name}").name
        for sha, d in view.documents.items()
    }


def tables(store: Store, view: CampaignView, doc_paths: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """Every exported table as rows of plain values (lists and dicts kept as such)."""
    bodies = [
        {"code": b.key, "name": b.name, "short_name": b.short_name, "gss_code": b.gss_code,
         "nation": b.nation,
         "region": b.region, "wdtk_id": b.wdtk_id, "wdtk_url": b.wdtk_url}
        for b in view.bodies
    ]  # fmt: skip
    summary = [
        {"body_code": b.key, "body": b.name, "region": b.region,
         "answered": b.outcome not in ("no reply", "not asked"),
         "outcome": b.outcome, "state": b.state, "sent_at": b.sent_at, "due": b.due, "overdue": b.overdue,
         "makers": "; ".join(b.makers), "devices_stated": b.devices,
         "restricted_devices": b.restricted_devices,
         "restricted_share": None if b.restricted_share is None else round(b.restricted_share, 4),
         "refusal_sections": "; ".join(b.refusal_sections), "documents": len(b.documents),
         "document_files": "; ".join(doc_paths.get(d, d) for d in b.documents), "wdtk_url": b.wdtk_url}
        for b in view.bodies
    ]  # fmt: skip
    requests = [
        {"request_id": b.request_id, "body_code": b.key, "body": b.name, "state": b.state,
         "state_label": STATES.get(b.state, b.state), "sent_at": b.sent_at, "due": b.due,
         "overdue": b.overdue}
        for b in view.bodies
    ]  # fmt: skip
    documents = [
        {"sha256": d.sha256, "file_name": d.file_name, "media_type": d.media_type, "size": d.size,
         "received_on": d.received_on, "path": doc_paths.get(d.sha256)}
        for d in sorted(view.documents.values(), key=lambda d: d.file_name)
    ]  # fmt: skip
    codes = {b.request_id: b.key for b in view.bodies}
    claims: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    for c in sorted(view.claims.values(), key=lambda c: c.id):
        values = (c.id, c.request_id, codes.get(c.request_id), c.body, c.status, c.manufacturer, c.brand_text,
                  c.model, c.quantity, c.quantity_text, c.device_type, c.capabilities, c.refusal_sections,
                  c.quote, c.file, c.document, doc_paths.get(c.document), c.location, c.confidence,
                  c.decision, c.review, c.corrected, c.machine, c.reviewer, c.reviewed_at)  # fmt: skip
        row = dict(zip(CLAIM_COLUMNS, values, strict=True))
        (mentions if c.status == "mentioned" else claims).append(row)
    by_claim = {c.id: c for c in view.claims.values()}
    with store.transaction() as session:
        found = list(
            session.scalars(select(Finding).where(Finding.claim_id.in_(list(by_claim))).order_by(Finding.id))
        )
    findings = [
        {"finding_id": f.id, "claim_id": f.claim_id, "body": by_claim[f.claim_id].body, "pack": f.pack,
         "rule": f.rule,
         "severity": f.severity, "effective": f.effective, "citation": f.citation, "why": f.why}
        for f in found
    ]  # fmt: skip
    return {"bodies": bodies, "summary": summary, "requests": requests, "documents": documents,
            "claims": claims, "mentions": mentions, "findings": findings,
            "atlas": atlas(view, doc_paths)}  # fmt: skip


def atlas(view: CampaignView, doc_paths: dict[str, str]) -> list[dict[str, Any]]:
    """One row per body x technology x vendor, with the source document and its date."""
    by_type, by_cap = _technologies()
    groups: dict[tuple[str, str, str], dict[str, Any]] = defaultdict(
        lambda: {"claims": [], "qty": 0, "docs": set()}
    )
    bodies = {b.request_id: b for b in view.bodies}
    for c in view.shown_claims():
        if c.status != "owned":
            continue
        techs = {by_type.get(c.device_type or "", "Video Surveillance (CCTV)")}
        techs |= {by_cap[x["name"]] for x in c.capabilities if x.get("name") in by_cap}
        for tech in sorted(techs):
            g = groups[(bodies[c.request_id].key, tech, c.manufacturer or "(unresolved)")]
            g["claims"].append(c.id)
            g["qty"] += c.quantity or 0
            g["docs"].add(c.document)
    rows = []
    by_code = {b.key: b for b in view.bodies}
    for n, ((code, tech, vendor), g) in enumerate(sorted(groups.items()), start=1):
        body = by_code[code]
        docs = sorted(g["docs"])
        dates = [r for r in (view.documents[d].received_on for d in docs if d in view.documents) if r]
        rows.append({
            "row_id": n, "body_code": code, "body": body.name, "region": body.region,
            "gss_code": body.gss_code,
            "technology": tech, "vendor": vendor, "devices_stated": g["qty"],
            "source_link": "; ".join(doc_paths.get(d, d) for d in docs) or body.wdtk_url,
            "source_type": SOURCE_TYPE, "date": min(dates) if dates else None,
            "claims": "; ".join(str(i) for i in g["claims"]),
        })  # fmt: skip
    return rows


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def export_campaign(
    store: Store,
    campaign_name: str,
    outdir: Path,
    formats: Sequence[str] = FORMATS,
    as_of: dt.date | None = None,
    basis: str = DEFAULT_BASIS,
) -> list[Path]:
    """Write the campaign's tables in each format to ``outdir``; return the files written.
    Figures count the claims ``basis`` names; every claim is exported with its review state."""
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise StoreError(f"unknown export format {bad[0]!r}; use {', '.join(FORMATS)}")
    view = campaign_view(store, campaign_name, as_of, basis=basis)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(outdir), f"cannot write: {exc.strerror}") from exc
    doc_paths = _doc_paths(view, outdir)
    data = tables(store, view, doc_paths)
    stem = slug(campaign_name, "campaign")
    written: list[Path] = []
    if "csv" in formats:
        for name, rows in data.items():
            path = confined(outdir, f"{name}.csv")
            with path.open("w", encoding="utf-8", newline="") as handle:
                headers = (
                    list(rows[0]) if rows else list(EMPTY.get(name, DESCRIPTIONS.get(name, {}))) or ["empty"]
                )
                write_csv(handle, headers, ([_plain(r[h]) for h in headers] for r in rows))
            written.append(path)
    if "json" in formats:
        path = confined(outdir, f"{stem}.json")
        document = {"campaign": view.name, "title": view.title, "as_of": view.as_of.isoformat(),
                    "basis": view.basis, **data, "statistics": view.stats.to_dict()}  # fmt: skip
        path.write_text(json.dumps(document, default=_plain, indent=1, ensure_ascii=False), encoding="utf-8")
        written.append(path)
    if "geojson" in formats:
        written.append(_write_geojson(view, confined(outdir, f"{stem}-bodies.geojson")))
    if "documents" in formats:
        written += _copy_documents(store, view, outdir, doc_paths)
    if "sqlite" in formats:
        written += _write_sqlite(outdir, stem, view, data)
    return written


def _write_geojson(view: CampaignView, path: Path) -> Path:
    from custodes.report import html, maps

    features, missing = maps.features(html.places(view), for_vega=False)
    collection = {"type": "FeatureCollection", "features": features,
                  "custodes": {"campaign": view.name, "as_of": view.as_of.isoformat(), "not_drawn": missing,
                               "credits": maps.CREDITS}}  # fmt: skip
    path.write_text(json.dumps(collection, ensure_ascii=False, default=_plain), encoding="utf-8")
    return path


def _copy_documents(store: Store, view: CampaignView, outdir: Path, doc_paths: dict[str, str]) -> list[Path]:
    folder = outdir / "documents"
    folder.mkdir(exist_ok=True)
    out = []
    for sha, rel in sorted(doc_paths.items()):
        source = blob_path(store.blobdir, sha)
        target = confined(folder, rel.removeprefix("documents/"))
        if not source.is_file():
            raise StoreError(
                f"document {sha} ({view.documents[sha].file_name}) is missing from {store.blobdir}"
            )
        shutil.copyfile(source, target)
        out.append(target)
    return out


def _write_sqlite(
    outdir: Path, stem: str, view: CampaignView, data: dict[str, list[dict[str, Any]]]
) -> list[Path]:
    path = confined(outdir, f"{stem}.sqlite")
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute("PRAGMA foreign_keys=ON")
            for name in KEYS:  # referenced tables first (the dict's order)
                _create(conn, name, data.get(name, []))
            conn.execute(
                "CREATE VIRTUAL TABLE claims_fts USING fts5(quote, content='claims', "
                "content_rowid='claim_id')"
            )
            conn.execute("INSERT INTO claims_fts(rowid, quote) SELECT claim_id, quote FROM claims")
            conn.execute(
                "CREATE VIEW owned_by_maker AS SELECT manufacturer, count(DISTINCT body_code) AS bodies, "
                "sum(quantity) AS devices_stated FROM claims WHERE status = 'owned' GROUP BY manufacturer"
            )
    finally:
        conn.close()
    tables_meta: dict[str, Any] = {}
    for name in KEYS:
        entry: dict[str, Any] = {"columns": DESCRIPTIONS.get(name, {})}
        if name in FACETS:
            entry["facets"] = FACETS[name]
        tables_meta[name] = entry
    tables_meta["claims"].update({"fts_table": "claims_fts", "fts_pk": "claim_id"})
    meta = {
        "title": f"custodes campaign: {view.name} (as of {view.as_of})",
        "description": f"{view.title}. Figures count {view.basis}.",
        "license": LICENCE,
        "license_url": LICENCE_URL,
        "source": "FOI answers collected with custodes; bodies from mySociety",
        "source_url": "https://github.com/mysociety/uk_local_authority_names_and_codes",
        "databases": {path.stem: {"title": view.title, "tables": tables_meta}},
    }
    meta_path = confined(outdir, "metadata.json")
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    return [path, meta_path]


def _create(conn: sqlite3.Connection, name: str, rows: list[dict[str, Any]]) -> None:
    key, refs = KEYS[name]
    columns = list(rows[0]) if rows else list(EMPTY.get(name, [key, *(c for c, _, _ in refs if c != key)]))
    defs = [f'"{c}"' + (" PRIMARY KEY" if c == key else "") for c in columns]
    defs += [f'FOREIGN KEY ("{c}") REFERENCES "{t}"("{tc}")' for c, t, tc in refs if c in columns]
    conn.execute(f'CREATE TABLE "{name}" ({", ".join(defs)})')
    marks = ", ".join("?" for _ in columns)
    conn.executemany(
        f'INSERT INTO "{name}" VALUES ({marks})', ([_plain(r[c]) for c in columns] for r in rows)
    )
