"""The exports peers use: per-body summary, Atlas-style table, GeoJSON, bundled documents,
and a Datasette database with keys, foreign keys and full-text search."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from custodes.blobs import sha256_file
from custodes.campaign.exports import export_campaign
from custodes.store import Store
from report.campaign_case import AS_OF, HOSTILE, NAME, build_case


@pytest.fixture
def out(store: Store, tmp_path: Path) -> Path:
    build_case(store, tmp_path)
    folder = tmp_path / "export"
    export_campaign(store, NAME, folder, as_of=AS_OF)
    return folder


def _csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has no UTF-8 BOM"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_one_row_per_body_with_the_outcome_as_a_result(out: Path) -> None:
    rows = {r["body"].split()[-1]: r for r in _csv(out / "summary.csv")}
    assert set(rows) == {"Camden", "Hackney", "Islington", "Lambeth"}
    assert rows["Camden"]["answered"] == "True" and rows["Camden"]["makers"] == "axis; dahua; hikvision"
    assert rows["Camden"]["devices_stated"] == "55" and rows["Camden"]["restricted_devices"] == "45"
    assert rows["Hackney"]["outcome"] == "refused" and rows["Hackney"]["refusal_sections"] == "s.31"
    assert rows["Islington"]["outcome"] == "not held"
    assert rows["Lambeth"]["outcome"] == "no reply" and rows["Lambeth"]["answered"] == "False"
    # each body's documents are in the export, under the path the row names
    for path in rows["Camden"]["document_files"].split("; "):
        assert (out / path).is_file()


def test_quotes_are_one_line_and_formulas_are_neutralised(out: Path) -> None:
    claims = _csv(out / "claims.csv")
    assert {c["status"] for c in claims} == {"owned", "refused", "not_held"}
    assert [m["status"] for m in _csv(out / "mentions.csv")] == ["mentioned"]
    hostile = next(c for c in claims if "script" in c["quote"])
    assert hostile["quote"] == HOSTILE  # does not start with "=": kept exactly
    text = (out / "claims.csv").read_text(encoding="utf-8-sig")
    assert len(text.splitlines()) == len(claims) + 1  # one line per record


def test_atlas_rows_name_technology_vendor_and_source(out: Path) -> None:
    atlas = _csv(out / "atlas.csv")
    keys = {(r["body"].split()[-1], r["technology"], r["vendor"]) for r in atlas}
    assert ("Camden", "Face Recognition", "hikvision") in keys
    assert ("Camden", "Video Surveillance (CCTV)", "axis") in keys
    assert all(r["source_type"] == "FOI response" and r["date"] == "2026-09-20" for r in atlas)
    assert all((out / r["source_link"]).is_file() for r in atlas)


def test_documents_are_bundled_unchanged(out: Path) -> None:
    docs = _csv(out / "documents.csv")
    assert len(docs) == 3
    for d in docs:
        assert sha256_file(out / d["path"]) == d["sha256"]


def _ring_area(ring: list[list[float]]) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False)) / 2


def test_geojson_follows_rfc7946_winding(out: Path) -> None:
    data = json.loads((out / f"{NAME}-bodies.geojson").read_text(encoding="utf-8"))
    assert len(data["features"]) == 4 and data["custodes"]["not_drawn"] == []
    for feature in data["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            assert _ring_area(polygon[0]) > 0  # exterior anticlockwise
            lon, lat = polygon[0][0]
            assert -0.6 < lon < 0.4 and 51.2 < lat < 51.8  # in London
    outcome = {f["properties"]["name"].split()[-1]: f["properties"]["outcome"] for f in data["features"]}
    assert outcome["Hackney"] == "refused"


def test_datasette_database_has_keys_search_and_metadata(out: Path) -> None:
    conn = sqlite3.connect(out / f"{NAME}.sqlite")
    try:
        pk = [r[1] for r in conn.execute("PRAGMA table_info(claims)") if r[5]]
        assert pk == ["claim_id"]
        fks = {(r[2], r[3]) for r in conn.execute("PRAGMA foreign_key_list(claims)")}
        assert fks == {("requests", "request_id"), ("documents", "document")}
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        hits = conn.execute(
            "SELECT c.body FROM claims_fts f JOIN claims c ON c.claim_id = f.rowid "
            "WHERE claims_fts MATCH 'section'"
        ).fetchall()
        assert hits == [("London Borough of Hackney",)]
    finally:
        conn.close()
    meta = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    tables = meta["databases"][NAME]["tables"]
    assert tables["claims"]["fts_table"] == "claims_fts" and "status" in tables["claims"]["facets"]
    assert meta["license_url"].startswith("https://creativecommons.org/")


def test_hostile_file_names_stay_inside_the_export(store: Store, tmp_path: Path) -> None:
    from custodes.campaign.responses import attach

    build_case(store, tmp_path)
    evil = tmp_path / "..%2f..%2fevil.txt"
    evil.write_text("owned|axis|Q1|1|||One more camera.\n", encoding="utf-8")
    from report.campaign_case import read_answer

    attach(store, NAME, "Lambeth", [evil], AS_OF, "successful", read_answer)
    folder = tmp_path / "deep" / "export"
    written = export_campaign(store, NAME, folder, as_of=AS_OF)
    assert all(p.resolve().is_relative_to(folder.resolve()) for p in written)
    assert not list((tmp_path / "deep").glob("*evil*"))
