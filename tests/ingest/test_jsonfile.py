"""JSON and JSONL registers."""

from __future__ import annotations

import pytest

from custodes.errors import InputError
from custodes.ingest import read_bytes


def test_array_of_objects() -> None:
    doc = read_bytes(b'[{"site": "Depot", "qty": 47.0, "tags": ["a"]}, {"site": "Hall"}]', "r.json")
    table = doc.tables[0]
    assert table.headers == ["site", "qty", "tags"]
    assert [r.cells for r in table.rows] == [
        {"site": "Depot", "qty": "47", "tags": '["a"]'},
        {"site": "Hall", "qty": "", "tags": ""},
    ]


def test_object_of_lists_and_strings() -> None:
    doc = read_bytes(b'{"cameras": [{"model": "DS-1"}], "models": ["IPC-1", "P3245"]}', "r.json")
    assert [t.name for t in doc.tables] == ["cameras", "models"]
    assert [r.cells for r in doc.tables[1].rows] == [
        {"description": "IPC-1"},
        {"description": "P3245"},
    ]


def test_object_of_objects() -> None:
    doc = read_bytes(b'{"cam-1": {"model": "DS-1"}, "cam-2": {"model": "DS-2"}}', "r.json")
    assert doc.tables[0].rows[1].cells == {"id": "cam-2", "model": "DS-2"}


def test_jsonl_with_a_bad_line() -> None:
    doc = read_bytes(b'{"model": "DS-1"}\n\nnot json\n{"model": "DS-2"}\n', "r.jsonl")
    assert [(r.number, r.location.describe()) for r in doc.tables[0].rows] == [
        (1, "line 1"),
        (4, "line 4"),
    ]
    assert doc.warnings == ["lines that are not valid JSON skipped: 3"]


def test_invalid_json() -> None:
    with pytest.raises(InputError, match="bad.json: invalid JSON"):
        read_bytes(b'{"a": ', "bad.json")


def test_json_without_records() -> None:
    with pytest.raises(InputError, match="no list of records"):
        read_bytes(b'{"a": 1}', "scalar.json")
