"""Plain text: paragraphs with line numbers and spans, and a one-column table of lines."""

from __future__ import annotations

from custodes.ingest import read_bytes


def test_list_becomes_rows_and_paragraphs() -> None:
    data = "Hikvision DS-2CD2143G0-I\n\n  Dahua IPC-HFW2431S\nAxis P3245\n".encode("cp1252")
    doc = read_bytes(data, "list.txt")
    table = doc.tables[0]
    assert table.headers == ["description"]
    assert [(r.number, r.cells["description"]) for r in table.rows] == [
        (1, "Hikvision DS-2CD2143G0-I"),
        (3, "Dahua IPC-HFW2431S"),
        (4, "Axis P3245"),
    ]
    second = doc.text[1]
    assert second.text == "Dahua IPC-HFW2431S\nAxis P3245"
    assert second.location.line == 3
    assert second.location.span is not None
    start, end = second.location.span
    assert data.decode()[start:end] == second.text


def test_utf16_text_with_bom() -> None:
    doc = read_bytes("Caméra 1\nCaméra 2\n".encode("utf-16"), "list.txt")
    assert [r.cells["description"] for r in doc.tables[0].rows] == ["Caméra 1", "Caméra 2"]
