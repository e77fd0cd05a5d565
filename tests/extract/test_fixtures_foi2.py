"""The second fixture set (written after the extractor, in other reply styles) against its
expected.json, with the same provenance checks as the first set."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from custodes.extract import extract_claims, read_blob
from custodes.extract.claims import make_claim_id
from custodes.extract.scoring import case_files, find_cases, load_expected, owned_key, score_case
from custodes.ingest import Document, read_document

FIXTURES = Path(__file__).parent.parent / "fixtures" / "foi2"
CASES = find_cases(FIXTURES)


def test_the_set_is_complete() -> None:
    assert len(CASES) >= 10
    for folder in CASES:
        assert load_expected(folder)["description"]


@pytest.fixture(scope="module", params=CASES, ids=[p.name for p in CASES])
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


def test_capabilities_when_labelled(case: tuple) -> None:
    _, expected, result, _ = case
    found = [
        {"name": c["name"], "level": c["level"], "negated": bool(c.get("negated"))}
        for claim in result.claims
        for c in claim.capabilities
    ]
    for cap in expected.get("capabilities", []):
        assert cap in found


def _documents(paths: list[Path]) -> dict[str, Document]:
    out: dict[str, Document] = {}
    stack = [read_document(p, name=str(p)) for p in paths]
    while stack:
        doc = stack.pop()
        out[doc.sha256] = doc
        stack.extend(doc.children)
    return out


def test_every_claim_quotes_its_source(case: tuple) -> None:
    folder, expected, result, blobs = case
    docs = _documents(case_files(folder, expected))
    assert result.claims
    for claim in result.claims:
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


def test_generator_reproduces_the_committed_files(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_fixtures2", FIXTURES / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert len(made) >= 10
    for rel in made:
        assert (tmp_path / rel).read_bytes() == (FIXTURES / rel).read_bytes(), rel


# Phrasings found by probing the extractor after the first benchmark run: each was wrong
# before the fix named in docs/extract.md ("Found by the second fixture set").
PHRASINGS: list[tuple[str, list[tuple[str, int]], set[str]]] = [
    ("Response:\n24no. Hikvision cameras", [("hikvision", 24)], set()),
    ("Question 2: Do you use Hikvision cameras?\nAnswer: Yes, 12 cameras.", [("hikvision", 12)], set()),
    (
        "The Council uses hikvision and dahua cameras (37 and 11 respectively).",
        [("hikvision", 37), ("dahua", 11)],
        set(),
    ),  # fmt: skip
    ("We previously had 12 Dahua cameras but these were removed in 2022.", [], {"dahua"}),
    ("None of our cameras are made by Hikvision or Dahua.", [], {"hikvision", "dahua"}),
    ("Response:\nThere are no Hikvision or Dahua products in use.", [], {"hikvision", "dahua"}),
    (
        "Response:\nThe Council has in the region of 350 cameras, the majority of which "
        "(around 300) are Hikvision.",
        [("hikvision", 300)],
        set(),
    ),  # fmt: skip
    (
        "Response:\nThe estate includes Hikvision (x45) and Axis (x6) cameras.",
        [("hikvision", 45), ("axis", 6)],
        set(),
    ),  # fmt: skip
    ("Response:\nThe cameras in the car park (eight in total) are Hikvision.", [("hikvision", 8)], set()),
    ("Response:\nThe council operates Hikvision cameras (quantity 33).", [("hikvision", 33)], set()),
    ("Response:\nHikvision cameras: twelve (12)", [("hikvision", 12)], set()),
    ("Our CCTV comprises 48 Axis cameras and 3 Milestone servers.", [("axis", 48), ("milestone", 3)], set()),
    ("Response:\n\u2022 Market Square: Dahua PTZ cameras (8)", [("dahua", 8)], set()),
    ("Response:\nWe are planning to purchase 10 Hikvision cameras next year.", [], set()),
    ("Response:\nIn 2020 the Council had 30 Hikvision cameras; it now has none.", [], {"hikvision"}),
    ("Response:\nThe Council replaced its 14 Dahua cameras with Axis units in 2023.", [], {"dahua"}),
]


@pytest.mark.parametrize(("text", "owned", "denied"), PHRASINGS, ids=[p[0][:40] for p in PHRASINGS])
def test_phrasing(tmp_path: Path, text: str, owned: list[tuple[str, int]], denied: set[str]) -> None:
    path = tmp_path / "reply.txt"
    path.write_text(text + "\n", encoding="utf-8")
    claims = extract_claims([path]).claims
    got = sorted(key for c in claims if (key := owned_key(c)) is not None)
    assert got == sorted(owned)
    assert {c.manufacturer for c in claims if c.status == "not_owned"} >= denied
    assert not {c.manufacturer for c in claims if c.status == "owned"} & denied


@pytest.mark.parametrize(
    "text",
    [
        "Response:\nThis information is not recorded by the Council.",
        "Response:\nThe Council has no record of this.",
        "Response:\nWe do not keep this information.",
    ],
)
def test_not_held_phrasing(tmp_path: Path, text: str) -> None:
    path = tmp_path / "reply.txt"
    path.write_text(text + "\n", encoding="utf-8")
    assert [c.status for c in extract_claims([path]).claims] == ["not_held"]
