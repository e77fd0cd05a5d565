"""Readers: turn user files (registers, FOI answers, e-mails, archives) into Documents.

``read_document``/``read_bytes`` detect the format from the content and dispatch to one small
reader per format; ``read_many`` reads a batch and lists failures instead of stopping.
"""

from __future__ import annotations

# Importing the reader modules registers the built-in readers, exactly as a plug-in would.
from custodes.ingest import (  # noqa: F401
    archive,
    delimited,
    docx,
    email,
    html,
    jsonfile,
    msg,
    pdf,
    spreadsheet,
    text,
)
from custodes.ingest.model import Document, Limits, Location, Row, Table, TextBlock
from custodes.ingest.registry import (
    Reader,
    all_warnings,
    iter_tables,
    read_bytes,
    read_child,
    read_document,
    read_many,
    register,
)

__all__ = [
    "Document",
    "Limits",
    "Location",
    "Reader",
    "Row",
    "Table",
    "TextBlock",
    "all_warnings",
    "iter_tables",
    "read_bytes",
    "read_child",
    "read_document",
    "read_many",
    "register",
]
