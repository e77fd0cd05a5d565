"""Claims as JSON Lines, or as a table for a person reading them."""

from __future__ import annotations

from collections.abc import Sequence

import orjson
from rich.console import Console
from rich.table import Table
from rich.text import Text

from custodes.extract.claims import Claim


def claims_jsonl(claims: Sequence[Claim]) -> bytes:
    return b"".join(orjson.dumps(c.model_dump(mode="json")) + b"\n" for c in claims)


def _where(claim: Claim) -> str:
    loc = claim.location
    return ", ".join(f"{k} {v}" for k, v in loc.items() if k != "span") or "document"


def _cell(value: str) -> Text:
    """Document text as text: "[/b]" in a quote or a file name is never read as markup, and
    a lone surrogate is shown as its escape instead of stopping the print."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "backslashreplace").decode("utf-8")
    return Text(value)


def print_claims(console: Console, claims: Sequence[Claim]) -> None:
    table = Table(title=f"{len(claims)} claims")
    for col in ("file", "where", "status", "manufacturer", "model", "qty", "sections", "quote"):
        table.add_column(col, overflow="fold")
    for c in claims:
        table.add_row(
            *(
                _cell(value)
                for value in (
                    c.file,
                    _where(c),
                    c.status,
                    c.manufacturer or c.brand_text or "",
                    c.model or "",
                    c.quantity_text or ("" if c.quantity is None else str(c.quantity)),
                    ", ".join(c.refusal_sections),
                    c.quote if len(c.quote) <= 120 else c.quote[:117] + "...",
                )
            )
        )
    console.print(table, highlight=False)
