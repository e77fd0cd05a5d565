"""The FOI answer extractor: documents in, sourced claims out.

``extract_claims`` reads files (PDF letters, DOCX, spreadsheets, e-mails, archives) and
returns one :class:`Claim` per statement -- equipment owned, explicit negatives, "not held",
refusals with their sections, capability statements -- each with the document's sha256,
file, location and the exact quote it rests on.
"""

from __future__ import annotations

from custodes.blobs import blob_path, put_blob, read_blob
from custodes.extract.claims import Claim, DocumentInfo, ExtractResult, make_claim_id
from custodes.extract.extractor import extract_claims, extract_document, extract_tree
from custodes.extract.quantity import Quantity, find_quantities, parse_quantity
from custodes.extract.render import claims_table, to_jsonl

__all__ = [
    "Claim",
    "DocumentInfo",
    "ExtractResult",
    "Quantity",
    "blob_path",
    "claims_table",
    "extract_claims",
    "extract_document",
    "extract_tree",
    "find_quantities",
    "make_claim_id",
    "parse_quantity",
    "put_blob",
    "read_blob",
    "to_jsonl",
]
