"""A bad KB file fails on load with a message naming the file, the entry and the field."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from custodes.errors import KBError
from custodes.kb import VOCAB_DIR, load_kb
from custodes.kb.groups import group_of
from custodes.kb.loader import read_kb

SOURCES = """sources:
  - {id: s-a, url: "https://example.org/a", title: A, grade: A}
  - {id: s-d, url: "https://example.org/d", title: D, grade: D}
"""
MAKERS = """manufacturers:
  - {id: acme, name: Acme, country: CN, sources: [s-a]}
  - {id: acme-sub, name: Acme Sub, sources: [s-a],
     relationships: [{kind: subsidiary, party: acme, from: 2020-01-01, sources: [s-a]}]}
"""


def make_kb(tmp_path: Path, models: str | None = None, brands: str | None = None) -> Path:
    data = tmp_path / "data"
    for sub in ("sources", "manufacturers", "models", "brands"):
        (data / sub).mkdir(parents=True)
    (data / "sources" / "s.yaml").write_text(SOURCES)
    (data / "manufacturers" / "m.yaml").write_text(MAKERS)
    if models is not None:
        (data / "models" / "acme.yaml").write_text(models)
    if brands is not None:
        (data / "brands" / "b.yaml").write_text(brands)
    vocab = tmp_path / "vocab"
    shutil.copytree(VOCAB_DIR, vocab)
    return data


def test_minimal_kb_loads(tmp_path: Path) -> None:
    kb = read_kb(make_kb(tmp_path), tmp_path / "vocab")
    assert set(kb.manufacturers) == {"acme", "acme-sub"}


def test_bad_field_names_file_entry_and_field(tmp_path: Path) -> None:
    models = """vendor: acme
rules:
  - id: acme-cam
    prefixes: [AC-]
    pattern: '^AC-\\d+'
    device_type: camera
    confidence: 7
    sources: [s-a]
"""
    data = make_kb(tmp_path, models=models)
    with pytest.raises(KBError) as err:
        read_kb(data, tmp_path / "vocab")
    message = str(err.value)
    assert "acme.yaml" in message and "acme-cam" in message and "confidence" in message


def test_unknown_source_is_rejected(tmp_path: Path) -> None:
    models = "vendor: acme\nrules:\n  - {id: acme-x, prefixes: [X], pattern: '^X', sources: [nope]}\n"
    with pytest.raises(KBError, match="unknown source id 'nope'"):
        read_kb(make_kb(tmp_path, models=models), tmp_path / "vocab")


def test_device_type_outside_vocabulary_is_rejected(tmp_path: Path) -> None:
    models = (
        "vendor: acme\nrules:\n"
        "  - {id: acme-x, prefixes: [X], pattern: '^X', device_type: toaster, sources: [s-a]}\n"
    )
    with pytest.raises(KBError, match="toaster"):
        read_kb(make_kb(tmp_path, models=models), tmp_path / "vocab")


def test_d_grade_alone_cannot_verify_a_relationship(tmp_path: Path) -> None:
    brands = """brands:
  - id: relabel
    name: Relabel
    relationships: [{kind: oem-supplier, party: acme, status: verified, sources: [s-d]}]
"""
    with pytest.raises(KBError, match="D-grade"):
        read_kb(make_kb(tmp_path, brands=brands), tmp_path / "vocab")


def test_d_grade_alone_cannot_verify_a_model_rule(tmp_path: Path) -> None:
    rule = "{id: acme-x, prefixes: [X], pattern: 'X1', status: verified, sources: [s-d]}"
    models = f"vendor: acme\nrules:\n  - {rule}\n"
    with pytest.raises(KBError, match="D-grade source alone"):
        read_kb(make_kb(tmp_path, models=models), tmp_path / "vocab")


@pytest.mark.parametrize(("source", "status"), [("s-d", "unverified"), ("s-a", "verified")])
def test_nothing_is_verified_by_default(tmp_path: Path, source: str, status: str) -> None:
    """An unset status follows the evidence: D-only facts load as leads, better ones as verified."""
    brands = f"""brands:
  - id: relabel
    name: Relabel
    relationships: [{{kind: oem-supplier, party: acme, sources: [{source}]}}]
"""
    models = f"vendor: acme\nrules:\n  - {{id: acme-x, prefixes: [X], pattern: 'X1', sources: [{source}]}}\n"
    kb = read_kb(make_kb(tmp_path, models=models, brands=brands), tmp_path / "vocab")
    assert kb.brands["relabel"].relationships[0].status == status
    assert kb.model_files[0][1].rules[0].status == status


@pytest.mark.parametrize(
    ("url", "grade", "original", "problem"),
    [
        ("https://www.scribd.com/document/1/acme-manual", "A", "https://acme.example", "at most B"),
        ("https://manualslib.com/acme.html", "B", None, "where the original lives"),
        ("http://10.1.2.3/acme.pdf", "A", None, "at most B"),
        ("https://acme.example/manual.pdf", "A", "https://acme.example", "at most B"),
    ],
)
def test_a_copy_is_graded_for_who_published_it(
    tmp_path: Path, url: str, grade: str, original: str | None, problem: str
) -> None:
    data = make_kb(tmp_path)
    extra = f", original: '{original}'" if original else ""
    (data / "sources" / "copy.yaml").write_text(
        f"sources:\n  - {{id: copy, url: '{url}', title: Acme manual, grade: {grade}{extra}}}\n"
    )
    with pytest.raises(KBError, match=problem):
        read_kb(data, tmp_path / "vocab")


def test_a_copy_graded_b_with_its_original_loads(tmp_path: Path) -> None:
    data = make_kb(tmp_path)
    (data / "sources" / "copy.yaml").write_text(
        "sources:\n  - {id: copy, url: 'https://it.scribd.com/doc/1', title: Acme manual, grade: B,"
        " original: 'https://acme.example/manual.pdf'}\n"
    )
    assert read_kb(data, tmp_path / "vocab").sources["copy"].grade == "B"


def test_pattern_that_does_not_compile_is_rejected(tmp_path: Path) -> None:
    models = "vendor: acme\nrules:\n  - {id: acme-x, prefixes: [X], pattern: '^X(', sources: [s-a]}\n"
    with pytest.raises(KBError, match="does not compile"):
        read_kb(make_kb(tmp_path, models=models), tmp_path / "vocab")


def test_not_yaml_is_one_line_error(tmp_path: Path) -> None:
    data = make_kb(tmp_path)
    (data / "models" / "broken.yaml").write_text("vendor: [unclosed\n")
    with pytest.raises(KBError) as err:
        read_kb(data, tmp_path / "vocab")
    assert "broken.yaml" in str(err.value) and "\n" not in str(err.value)


def test_group_follows_dated_ownership(tmp_path: Path) -> None:
    kb = read_kb(make_kb(tmp_path), tmp_path / "vocab")
    assert group_of(kb, "acme-sub", date(2021, 1, 1)) == {"acme-sub", "acme"}
    assert group_of(kb, "acme-sub", date(2019, 1, 1)) == {"acme-sub"}


def test_bundled_kb_loads_and_every_fact_has_a_source() -> None:
    kb = load_kb()
    assert "hikvision" in kb.manufacturers
    for maker in kb.manufacturers.values():
        assert maker.sources
    for _, model_file in kb.model_files:
        for rule in model_file.rules:
            assert rule.sources and all(s in kb.sources for s in rule.sources)


def test_attribute_needs_an_ownership_kind(tmp_path: Path) -> None:
    data = make_kb(tmp_path)
    (data / "manufacturers" / "m.yaml").write_text(
        MAKERS
        + """  - {id: acme-aff, name: Aff, sources: [s-a],
     relationships: [{kind: affiliate, party: acme, attribute: true, sources: [s-a]}]}
"""
    )
    with pytest.raises(KBError, match="attribute needs"):
        read_kb(data, tmp_path / "vocab")
