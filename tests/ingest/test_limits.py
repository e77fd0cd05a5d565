"""Defensive parsing: every hostile shape becomes a one-line reason naming its limit, or a
per-row warning, fast; the checks agree with a plain reference on arbitrary input."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custodes.errors import InputError
from custodes.ingest import Limits, read_bytes, read_document
from custodes.ingest.guards import check_lines
from custodes.ingest.html import nesting
from custodes.ingest.sniff import json_too_deep

from . import builders


def _refused(data: bytes, name: str, reason: str, limits: Limits = Limits()) -> None:
    started = time.monotonic()
    with pytest.raises(InputError, match=reason):
        read_bytes(data, name, limits=limits)
    assert time.monotonic() - started < 10


def test_json_nested_deeper_than_the_limit_is_refused_without_recursion() -> None:
    _refused(b"[" * 50_000 + b"]" * 50_000, "deep.json", r"JSON nested more than 200 levels deep")
    _refused(b'{"a":' * 500 + b"1" + b"}" * 500, "deep.json", r"\(limit max_json_depth\)")


def test_json_within_the_depth_limit_is_read() -> None:
    doc = read_bytes(b'[{"site": ' + b"[" * 150 + b"]" * 150 + b"}]", "ok.json")
    assert doc.tables[0].rows[0].cells["site"].startswith("[[")


def test_a_huge_number_literal_is_kept_as_text_with_a_row_warning() -> None:
    digits = "7" * 5000
    doc = read_bytes(f'[{{"site": "Depot", "qty": {digits}}}]'.encode(), "n.json")
    table = doc.tables[0]
    assert table.rows[0].cells["qty"] == digits
    assert table.warnings == [
        "row 1, qty: a number of more than 30 digits is kept as text; it is not a count (limit max_digits)"
    ]


def test_a_huge_number_in_a_csv_cell_is_a_row_warning() -> None:
    doc = read_bytes(("Site,Qty\nDepot,3\nHall," + "9" * 5000 + "\n").encode(), "n.csv")
    assert doc.tables[0].warnings == [
        "row 3, Qty: a number of more than 30 digits is kept as text; it is not a count (limit max_digits)"
    ]


def test_a_lone_surrogate_becomes_a_replacement_character_with_a_warning() -> None:
    doc = read_bytes(b'[{"site": "\\udc80 Depot", "make": "Hikvision"}]', "s.json")
    assert doc.tables[0].rows[0].cells == {"site": "\ufffd Depot", "make": "Hikvision"}
    assert "lone surrogates" in doc.warnings[0]
    json.dumps(doc.tables[0].rows[0].cells).encode("utf-8")


def test_deeply_nested_html_is_refused_quickly() -> None:
    _refused(b"<div>" * 100_000 + b"x", "deep.html", r"HTML nested more than 1000 levels deep")


def test_html_nested_within_the_limit_is_read() -> None:
    doc = read_bytes(
        b"<html><body>" + b"<div>" * 500 + b"Depot" + b"</div>" * 500 + b"</body></html>", "a.html"
    )
    assert [b.text for b in doc.text] == ["Depot"]


def test_an_entity_flood_is_refused() -> None:
    _refused(b"<html><body><p>" + b"&amp;" * 300_000 + b"</p></body></html>", "e.html", r"max_html_entities")


def test_a_line_over_the_limit_is_refused_with_its_number() -> None:
    _refused(
        b"Site\nDepot\n" + b"x" * 2000 + b"\n",
        "l.txt",
        r"line 3 is longer than 1000 bytes",
        Limits(max_line_bytes=1000),
    )


def test_too_many_columns_are_refused() -> None:
    _refused(
        (",".join(f"c{i}" for i in range(20_000)) + "\n").encode() * 2, "w.csv", r"20000 columns.*max_columns"
    )


def test_a_pdf_content_stream_bomb_is_refused() -> None:
    from hostile.corpus import _pdf_bomb

    _refused(_pdf_bomb(12 * 1024**2), "bomb.pdf", r"page 1: its content decompresses to more than 8 MiB")


def test_an_xlsx_reaching_xfd1048576_is_refused_before_calamine() -> None:
    from hostile.corpus import _huge_range_xlsx

    _refused(_huge_range_xlsx(cell=True), "far.xlsx", r"used range reaches XFD1048576 .*max_cells")


def test_a_wrong_dimension_alone_does_not_refuse_a_sheet() -> None:
    from hostile.corpus import _huge_range_xlsx

    doc = read_bytes(_huge_range_xlsx(cell=False), "dim.xlsx")
    assert doc.tables[0].rows[0].cells == {"Site": "Depot", "Make": "Hikvision"}


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=r"pipe.csv: is a pipe \(FIFO\), not a regular file"):
        read_document(fifo)


def test_a_device_is_refused() -> None:
    with pytest.raises(InputError, match="is a device, not a regular file"):
        read_document(Path("/dev/zero"))


def test_max_bytes_can_be_raised() -> None:
    data = builders.zip_of({"a.csv": b"Site\nDepot\n"})
    with pytest.raises(InputError, match="max_bytes"):
        read_bytes(data, "a.zip", limits=Limits.raised(10))
    assert read_bytes(data, "a.zip", limits=Limits.raised(10**6)).children[0].name == "a.zip/a.csv"
    assert Limits.raised(2 * 1024**3).max_uncompressed == 6 * 1024**3


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


_JSON = st.recursive(
    st.none() | st.integers() | st.text(alphabet='ab[]{}"\\', max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(_JSON, st.integers(min_value=0, max_value=8))
def test_json_depth_agrees_with_the_parsed_depth(value: object, limit: int) -> None:
    assert json_too_deep(json.dumps(value), limit) == (_depth(value) > limit)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300), st.integers(min_value=1, max_value=40))
def test_line_check_agrees_with_splitting_the_lines(data: bytes, limit: int) -> None:
    longest = max(len(line) for line in data.replace(b"\r", b"\n").split(b"\n"))
    try:
        check_lines(data, "x.txt", limit)
    except InputError:
        assert longest > limit
    else:
        assert longest <= limit


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=60), st.integers(min_value=1, max_value=50))
def test_html_nesting_estimate_counts_unclosed_containers(depth: int, limit: int) -> None:
    markup = "<div><span>" * (depth // 2) + "<p>text<br>" * 3
    found = nesting(markup + "</span></div>" * (depth // 2), limit)
    assert (found > limit) == (2 * (depth // 2) > limit)


def test_every_limit_is_documented_with_its_default() -> None:
    from dataclasses import fields

    from custodes.ingest.isolate import WorkerLimits

    doc = (Path(__file__).resolve().parents[2] / "docs" / "robustness.md").read_text(encoding="utf-8")
    for limits in (Limits(), WorkerLimits()):
        for field in fields(limits):
            assert f"| `{field.name}` |" in doc, f"docs/robustness.md does not document {field.name}"
