"""Exports: CSV and JSON of bodies, requests, claims and findings, and a Datasette-ready SQLite.

Claims are exported with the machine's fields and, beside them, the latest review and its
corrections, so a reader can see both what the software read and what a person decided.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select

from custodes.campaign.data_access import load_rows
from custodes.campaign.requests import get_campaign, request_status, today
from custodes.campaign.stats import compute_stats
from custodes.errors import StoreError
from custodes.store import Store
from custodes.store.models import Body, Document, Finding, Request

FORMATS = ("csv", "json", "sqlite")
LICENCE = "CC-BY-4.0 (body registry: mySociety); campaign data: as set by the campaign owner"

DESCRIPTIONS: dict[str, dict[str, str]] = {
    "bodies": {
        "code": "mySociety 3-letter code, or the code given on import",
        "gss_code": "ONS GSS code of the authority's area",
        "wdtk_slug": "WhatDoTheyKnow body slug (from imports)",
        "wdtk_id": "WhatDoTheyKnow numeric body id (mySociety data)",
    },
    "requests": {
        "state": "Alaveteli request state as of the export date",
        "due": "20 working days after sending (that nation's bank holidays excluded)",
        "long_overdue_after": "40 working days after sending",
    },
    "claims": {
        "document": "sha256 of the source document (the bytes are kept unchanged)",
        "location": "where in the document: page, sheet and cell, row or character span",
        "quote": "the exact text the claim was read from",
        "status": "owned, not_owned, not_held, refused or mentioned",
        "review_decision": "latest human review: confirm, correct or reject (blank: none)",
        "corrected": "fields the reviewer corrected; statistics use these over the machine's",
    },
    "findings": {"pack": "policy rule pack", "why": "why the rule fired"},
}


def _rows(store: Store, campaign_name: str, as_of: dt.date) -> dict[str, list[dict[str, Any]]]:
    statuses = {s.request_id: s for s in request_status(store, campaign_name, as_of)}
    with store.transaction() as session:
        campaign = get_campaign(session, campaign_name)
        data = load_rows(session, campaign.id, as_of, full=True)
        bodies = session.scalars(
            select(Body)
            .join(Request, Request.body_id == Body.id)
            .where(Request.campaign_id == campaign.id)
            .order_by(Body.name)
        )
        body_rows = [
            {k: getattr(b, k) for k in ("code", "name", "gss_code", "nation", "region", "type")}
            | {"wdtk_slug": b.wdtk_slug, "wdtk_id": b.wdtk_id, "source": b.source}
            for b in bodies
        ]
        shas = sorted({sha for shas in data.documents.values() for sha in shas})
        docs = session.scalars(select(Document).where(Document.sha256.in_(shas)))
        doc_rows = [
            {"sha256": d.sha256, "file_name": d.file_name, "media_type": d.media_type,
             "size": d.size, "blob_path": d.blob_path}
            for d in docs
        ]  # fmt: skip
        claim_ids = sorted({c["id"] for c, _ in data.claims})
        finding_rows = [
            {k: getattr(f, k) for k in ("claim_id", "pack", "rule", "severity", "effective")}
            | {"citation": f.citation, "why": f.why}
            for f in session.scalars(select(Finding).where(Finding.claim_id.in_(claim_ids)))
        ]
    request_rows = [
        {"request_id": s.request_id, "body_code": s.body_code, "body": s.body,
         "regime": s.regime, "state": s.state, "sent_at": s.sent_at, "due": s.due,
         "long_overdue_after": s.long_overdue_after, "overdue": s.overdue,
         "long_overdue": s.long_overdue}
        for s in statuses.values()
    ]  # fmt: skip
    names = {s.request_id: s.body for s in statuses.values()}
    claim_rows = []
    for claim, request_id in data.claims:
        decision, corrected = data.reviews.get(claim["id"], (None, None))
        row = {"claim_id": claim["id"], "request_id": request_id, "body": names[request_id]}
        row |= {k: v for k, v in claim.items() if k not in ("id", "extracted_at")}
        claim_rows.append(row | {"review_decision": decision, "corrected": corrected})
    return {
        "bodies": body_rows,
        "requests": request_rows,
        "claims": claim_rows,
        "findings": finding_rows,
        "documents": doc_rows,
    }


def _plain(value: Any) -> Any:
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
) -> list[Path]:
    """Write the campaign's tables in each format to ``outdir``; return the files written."""
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise StoreError(f"unknown export format {bad[0]!r}; use {', '.join(FORMATS)}")
    as_of = as_of or today()
    tables = _rows(store, campaign_name, as_of)
    stats = compute_stats(store, campaign_name, as_of).to_dict()
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if "csv" in formats:
        for name, rows in tables.items():
            path = outdir / f"{name}.csv"
            _write_csv(path, rows)
            written.append(path)
    if "json" in formats:
        path = outdir / f"{campaign_name}.json"
        document = {"campaign": campaign_name, "as_of": as_of.isoformat(), **tables}
        path.write_text(json.dumps(document | {"statistics": stats}, default=str, indent=1))
        written.append(path)
    if "sqlite" in formats:
        written += _write_sqlite(outdir, campaign_name, tables, as_of)
    return written


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        if not rows:
            return
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({k: _plain(v) for k, v in row.items()} for row in rows)


def _write_sqlite(
    outdir: Path, campaign: str, tables: dict[str, list[dict[str, Any]]], as_of: dt.date
) -> list[Path]:
    path = outdir / f"{campaign}.sqlite"
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    try:
        with conn:
            for name, rows in tables.items():
                if not rows:
                    conn.execute(f'CREATE TABLE "{name}" (empty TEXT)')
                    continue
                columns = list(rows[0])
                quoted = ", ".join(f'"{c}"' for c in columns)
                conn.execute(f'CREATE TABLE "{name}" ({quoted})')
                marks = ", ".join("?" for _ in columns)
                conn.executemany(
                    f'INSERT INTO "{name}" VALUES ({marks})',
                    ([_plain(r[c]) for c in columns] for r in rows),
                )
    finally:
        conn.close()
    meta = {
        "title": f"custodes campaign: {campaign} (as of {as_of})",
        "license": LICENCE,
        "source": "FOI answers collected with custodes; bodies from mySociety",
        "source_url": "https://github.com/mysociety/uk_local_authority_names_and_codes",
        "databases": {
            path.stem: {
                "tables": {t: {"columns": DESCRIPTIONS.get(t, {})} for t in tables if DESCRIPTIONS.get(t)}
            }
        },
    }
    meta_path = outdir / "metadata.json"
    meta_path.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return [path, meta_path]
