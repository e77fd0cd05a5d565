"""JSON Lines and table output."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console

from custodes.extract import claims_table, extract_claims, to_jsonl

FIXTURES = Path(__file__).parent.parent / "fixtures" / "foi"


def test_jsonl_round_trips_and_table_renders() -> None:
    claims = extract_claims([FIXTURES / "pdf_letter" / "letter.pdf"]).claims
    lines = list(to_jsonl(claims))
    assert len(lines) == len(claims)
    assert [json.loads(line)["id"] for line in lines] == [c.id for c in claims]
    console = Console(width=200, record=True)
    console.print(claims_table(claims))
    text = console.export_text()
    assert "hikvision" in text and "FOIA s.31" in text and "page 2" in text
