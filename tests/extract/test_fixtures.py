"""Every FOI fixture (both sets) against its expected.json, and provenance on every claim."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from custodes.extract import Claim, extract_claims, read_blob
from custodes.extract.claims import make_claim_id
from custodes.extract.scoring import case_files, find_cases, load_expected, score_case
from custodes.ingest import Document, read_document

FIXTURE_SETS = [Path(__file__).parent.parent / "fixtures" / name for name in ("foi", "foi2")]
FIXTURES = FIXTURE_SETS[0]
CASES = [case for folder in FIXTURE_SETS for case in find_cases(folder)]
KEYS = {
    "id", "document", "file", "location", "quote", "status", "manufacturer", "brand_text",
    "model", "quantity", "quantity_text", "device_type", "capabilities", "refusal_sections",
    "site", "dates", "confidence", "body", "period", "part_of", "duplicate_of", "shared_with",
    "flags", "doc_kind", "role", "features", "review",
}  # fmt: skip


def test_the_required_cases_exist() -> None:
    names = {p.name for p in CASES}
    assert {"pdf_letter", "docx_sites", "xlsx_register", "eml_reply", "refusal", "not_held",
            "partial", "hard_negatives", "foisa_refusal"} <= names  # fmt: skip


@pytest.fixture(scope="module", params=CASES, ids=[f"{p.parent.name}/{p.name}" for p in CASES])
def case(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple:
    folder: Path = request.param
    expected = load_expected(folder)
    blobs = tmp_path_factory.mktemp("blobs")
    result = extract_claims(case_files(folder, expected), blob_dir=blobs)
    return folder, expected, result, blobs


def test_case_matches_expected(case: tuple) -> None:
    _, expected, result, _ = case
    assert result.failures == []
    score = score_case(result.claims, expected)
    assert score.problems == []
    assert score.hard_negative_claims == 0


def _documents(paths: list[Path]) -> dict[str, Document]:
    out: dict[str, Document] = {}
    stack = [read_document(p, name=str(p)) for p in paths]
    while stack:
        doc = stack.pop()
        out[doc.sha256] = doc
        stack.extend(doc.children)
    return out


def test_every_claim_has_provenance(case: tuple) -> None:
    folder, expected, result, blobs = case
    known = {d.sha256: d for d in result.documents}
    docs = _documents(case_files(folder, expected))
    assert result.claims
    for claim in result.claims:
        assert claim.document in known, claim
        assert claim.file == known[claim.document].file
        assert claim.location and claim.quote.strip()
        assert claim.id == make_claim_id(claim.document, claim.location, claim.quote)
        doc = docs[claim.document]
        assert read_blob(blobs, claim.document) == doc.data
        cells = {v for table in doc.tables for row in table.rows for v in row.cells.values()}
        if "span" in claim.location:
            # a span is into a text block, or into one cell of a question/answer table
            a, b = claim.location["span"]
            blocks = [(block.text, (block.location.span or (0, 0))[0]) for block in doc.text]
            blocks += [(cell, 0) for cell in sorted(cells)]
            assert any(text[a - base : b - base] == claim.quote for text, base in blocks), claim.quote
            if "row" in claim.location:
                assert "cell" in claim.location, claim.location
        else:
            assert set(claim.quote.split(" | ")) <= cells, claim.quote
            assert "row" in claim.location


def test_blobs_are_stored_once_per_content(case: tuple) -> None:
    _, _, result, blobs = case
    stored = [p for p in blobs.rglob("*") if p.is_file()]
    assert len(stored) == len({d.sha256 for d in result.documents})


def test_jsonl_keys_are_exact(case: tuple) -> None:
    _, _, result, _ = case
    for claim in result.claims:
        row = json.loads(claim.model_dump_json())
        assert set(row) == KEYS
        Claim.model_validate(row)


def test_claim_ids_are_unique_and_stable(case: tuple) -> None:
    folder, expected, result, _ = case
    ids = [c.id for c in result.claims]
    assert len(ids) == len(set(ids))
    again = extract_claims(case_files(folder, expected))
    assert [c.id for c in again.claims] == ids


def test_capabilities_when_labelled(case: tuple) -> None:
    _, expected, result, _ = case
    found = [
        {"name": c["name"], "level": c["level"], "negated": bool(c.get("negated"))}
        for claim in result.claims
        for c in claim.capabilities
    ]
    for cap in expected.get("capabilities", []):
        assert cap in found


def test_hidden_sheet_rows_are_claims_with_a_note(case: tuple) -> None:
    _, expected, result, _ = case
    hidden = [c for c in result.claims if c.location.get("hidden")]
    assert len(hidden) == expected.get("hidden_rows", 0)
    for claim in hidden:
        assert claim.status == "owned" and "hidden" in claim.location["note"]


@pytest.mark.parametrize("fixtures", FIXTURE_SETS, ids=[p.name for p in FIXTURE_SETS])
def test_generator_reproduces_the_committed_files(tmp_path: Path, fixtures: Path) -> None:
    import importlib.util

    name = f"make_fixtures_{fixtures.name}"
    spec = importlib.util.spec_from_file_location(name, fixtures / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert len(made) >= 10
    for rel in made:
        assert (tmp_path / rel).read_bytes() == (fixtures / rel).read_bytes(), rel
