"""DOCX: paragraphs with their numbers, tables, and XML bombs refused."""

from __future__ import annotations

import pytest

from custodes.errors import InputError
from custodes.ingest import read_bytes

from . import builders


def test_paragraphs_and_table() -> None:
    doc = read_bytes(builders.docx_letter(), "letter.docx")
    assert [(b.text, b.location.paragraph) for b in doc.text] == [
        ("Dear requester,", 1),
        ("Q2 - 47 static cameras and 9 PTZ.", 3),
        ("Yours sincerely", 4),
    ]
    (table,) = doc.tables
    assert table.name == "table 1"
    assert table.headers == ["Site", "Make", "Qty"]
    assert [r.cells["Make"] for r in table.rows] == ["Hikvision", "Dahua"]


def test_xml_bomb_is_refused() -> None:
    with pytest.raises(InputError, match="DTD or entities"):
        read_bytes(builders.docx_letter(xml_bomb=True), "bomb.docx")


def test_corrupt_docx_is_an_input_error() -> None:
    data = builders.docx_letter()
    with pytest.raises(InputError, match="broken.docx"):
        read_bytes(data[:-200], "broken.docx")
