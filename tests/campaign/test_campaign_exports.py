"""Exports: CSV, JSON and a SQLite file with Datasette metadata that opens with sqlite3."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from custodes.blobs import sha256_file
from custodes.campaign.exports import export_campaign
from custodes.campaign.letters import default_template
from custodes.campaign.requests import mark_sent, new_campaign
from custodes.campaign.responses import attach
from custodes.campaign.review import review
from custodes.errors import StoreError
from custodes.store import Store

Extract = Callable[[Path], list[dict[str, object]]]


def test_exports(store: Store, tmp_path: Path, extractor: Extract) -> None:
    new_campaign(store, "cctv", ["Camden", "Hackney"], default_template())
    mark_sent(store, "cctv", dt.date(2026, 9, 1))
    answer = tmp_path / "answer.txt"
    answer.write_text("owned|hikvision|DS-2CD|47|camera|face-recognition:capable\n")
    attach(store, "cctv", "Camden", [answer], dt.date(2026, 9, 10), "successful", extractor)
    review(store, 1, "correct", "R", {"quantity": 40})
    out = tmp_path / "export"
    written = export_campaign(store, "cctv", out, as_of=dt.date(2026, 11, 1))
    names = sorted(p.name for p in written)
    assert names == sorted([
        "bodies.csv", "summary.csv", "requests.csv", "claims.csv", "mentions.csv", "findings.csv",
        "documents.csv", "atlas.csv", "cctv.json", "cctv-bodies.geojson", "cctv.sqlite", "metadata.json",
        f"{sha256_file(answer)[:12]}-answer.txt",
    ])  # fmt: skip
    with (out / "claims.csv").open(encoding="utf-8-sig") as handle:
        [claim] = list(csv.DictReader(handle))
    assert claim["quantity"] == "40" and claim["review_decision"] == "correct"
    assert json.loads(claim["corrected"]) == {"quantity": 40}
    assert json.loads(claim["machine"]) == {"quantity": 47}
    assert json.loads(claim["capabilities"]) == [{"level": "capable", "name": "face-recognition"}]
    data = json.loads((out / "cctv.json").read_text())
    assert {r["body_code"]: r["state"] for r in data["requests"]} == {
        "CMD": "successful", "HCK": "waiting_response",
    }  # fmt: skip
    assert data["statistics"]["as_of"] == "2026-11-01"
    conn = sqlite3.connect(out / "cctv.sqlite")
    try:
        assert conn.execute("SELECT count(*) FROM bodies").fetchone() == (2,)
        assert conn.execute("SELECT body, quantity FROM claims").fetchall() == [
            ("London Borough of Camden", 40),
        ]
        assert conn.execute("SELECT DISTINCT claim_id FROM findings").fetchall() == [(1,)]
    finally:
        conn.close()
    meta = json.loads((out / "metadata.json").read_text())
    assert meta["title"].startswith("custodes campaign: cctv")
    assert "CC-BY-4.0" in meta["license"] and meta["source"]
    assert "quote" in meta["databases"]["cctv"]["tables"]["claims"]["columns"]


def test_unknown_format(store: Store, tmp_path: Path) -> None:
    new_campaign(store, "cctv", ["Camden"], default_template())
    with pytest.raises(StoreError, match="unknown export format 'xml'"):
        export_campaign(store, "cctv", tmp_path, ["xml"])
