"""Audit FOI answers: letters become owned claims, attached registers become rows.

A reply is a tree (an e-mail, its PDF letter, its XLSX register). Registers are audited row
by row like any asset register; letters go through the claim extractor and only what the
body says it *owns* is audited, with the quote and its location kept as the row's evidence.
"""

from __future__ import annotations

from collections.abc import Iterator

from custodes.extract.claims import Claim
from custodes.extract.extractor import extract_tree
from custodes.ingest import Document, sniff
from custodes.resolve.record import Capability

REGISTER_TYPES = frozenset(
    {
        sniff.CSV,
        sniff.TSV,
        sniff.XLSX,
        sniff.XLSM,
        sniff.XLS,
        sniff.ODS,
        sniff.JSON,
        sniff.JSONL,
        sniff.TEXT,
    }
)


def is_register(doc: Document) -> bool:
    if doc.media_type == sniff.TEXT:
        return _looks_like_a_list(doc)
    return doc.media_type in REGISTER_TYPES


def _looks_like_a_list(doc: Document) -> bool:
    """A text file is a list of kit when its lines are short; a letter has sentences
    ("the council operates 12 Hikvision cameras...") and goes to the claim extractor."""
    lines = [line for block in doc.text for line in block.text.splitlines() if line.strip()]
    if not lines:
        return True
    if lines[0].lower().startswith("dear ") or any(len(line.split()) > 20 for line in lines):
        return False
    long_lines = sum(1 for line in lines if len(line.split()) > 12)
    return long_lines * 5 <= len(lines)


def letters_and_registers(doc: Document) -> Iterator[tuple[Document, list[Claim] | None]]:
    """A register given directly is audited row by row (``None``). Anything else is an answer
    (a letter, an e-mail with attachments, an archive): every part of it, spreadsheets
    included, goes through the claim extractor, which reads context the rows lack (the Act
    cited, kit listed as removed, the request quoted back)."""
    if is_register(doc) and not doc.children:
        yield doc, None
        return
    yield from extract_tree(doc)


def claim_text(claim: Claim) -> str:
    parts = [p for p in (claim.brand_text, claim.model) if p]
    return " ".join(dict.fromkeys(parts)) or claim.quote


def describe_location(claim: Claim) -> str:
    loc = claim.location
    bits = [
        f"{key} {loc[key]}" for key in ("page", "sheet", "cell", "row", "paragraph", "line") if key in loc
    ]
    if "span" in loc:
        bits.append(f"characters {loc['span'][0]}-{loc['span'][1]}")
    return ", ".join(bits) or "whole document"


def claim_capabilities(claim: Claim) -> list[Capability]:
    """Capability statements in the claim, sourced to the document itself."""
    out = []
    for cap in claim.capabilities:
        name, level = cap.get("name"), cap.get("level", "capable")
        if isinstance(name, str) and isinstance(level, str):
            out.append(Capability(name, level, (f"document {claim.document[:12]}: {claim.quote[:80]}",)))
    return out
