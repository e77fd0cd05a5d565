"""Output for ``custodes extract``: JSON Lines (one claim per line) or a Rich table.

Kept in the library so the CLI stays a thin shell: it calls one of these and prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rich.table import Table

from custodes.extract.claims import Claim


def to_jsonl(claims: Iterable[Claim]) -> Iterator[str]:
    """One JSON object per claim, keys in the documented order, no trailing newline."""
    for claim in claims:
        yield claim.model_dump_json()


def _where(claim: Claim) -> str:
    loc = claim.location
    bits = [f"{k} {loc[k]}" for k in ("page", "sheet", "cell", "row", "paragraph", "line") if k in loc]
    if loc.get("hidden"):
        bits.append("hidden")
    return ", ".join(bits) or "-"


def claims_table(claims: Iterable[Claim], quote_width: int = 60) -> Table:
    """A human summary: status, maker, count, type, sections and the quote with its place."""
    table = Table(show_lines=False)
    for name in (
        "status",
        "manufacturer",
        "brand/model",
        "qty",
        "type",
        "sections",
        "file",
        "where",
        "quote",
    ):
        table.add_column(name, overflow="fold")
    for c in claims:
        brand = " ".join(x for x in (c.brand_text, c.model) if x) or "-"
        qty = c.quantity_text if c.quantity_text else ("-" if c.quantity is None else str(c.quantity))
        quote = " ".join(c.quote.split())
        if len(quote) > quote_width:
            quote = quote[: quote_width - 1] + "…"
        table.add_row(
            c.status,
            c.manufacturer or "-",
            brand,
            qty,
            c.device_type or "-",
            ", ".join(c.refusal_sections) or "-",
            c.file.rsplit("/", 1)[-1],
            _where(c),
            quote,
        )
    return table
