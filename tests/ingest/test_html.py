"""HTML: visible text blocks in order, tables separately, scripts and styles dropped."""

from __future__ import annotations

from custodes.ingest import read_bytes

PAGE = b"""<!DOCTYPE html><html><head><title>CCTV cameras - WhatDoTheyKnow</title>
<style>p { color: red }</style><script>var hikvision = 1;</script></head>
<body><!-- Dahua in a comment --><h1>CCTV cameras</h1>
<div class="correspondence"><p>Dear Barsetshire,<br>
How many cameras?</p><p>We hold 47&nbsp;cameras.</p>
<table><tr><th>Site</th><th>Make</th></tr><tr><td>Depot</td><td>Hikvision</td></tr></table>
</div></body></html>"""


def test_text_blocks_and_table() -> None:
    doc = read_bytes(PAGE, "request.html")
    texts = [b.text for b in doc.text]
    assert texts == [
        "CCTV cameras - WhatDoTheyKnow",
        "CCTV cameras",
        "Dear Barsetshire,\nHow many cameras?",
        "We hold 47 cameras.",
    ]
    assert not any("hikvision" in t.lower() or "Dahua" in t for t in texts)  # not visible
    (table,) = doc.tables
    assert table.rows[0].cells == {"Site": "Depot", "Make": "Hikvision"}


def test_layout_table_stays_text() -> None:
    page = b"<html><body><table><tr><td>" + b"We hold 47 cameras. " * 40 + b"</td></tr></table>"
    doc = read_bytes(page + b"</body></html>", "letter.htm")
    assert doc.tables == []
    assert "We hold 47 cameras." in doc.text[0].text
