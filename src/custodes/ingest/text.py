"""Plain text: paragraphs as text blocks (for the extractor) and lines as a one-column table.

A text file handed to ``audit`` is usually a list, one device per line, so each non-blank
line is also a row of a table with the single column "description".
"""

from __future__ import annotations

import re

from custodes.errors import InputError
from custodes.ingest import sniff, textcodec
from custodes.ingest.model import Document, Limits, Location, Row, Table, TextBlock
from custodes.ingest.registry import Reader, register

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def paragraphs(text: str) -> list[TextBlock]:
    """Blocks separated by blank lines, each with its first line and span in ``text``."""
    blocks = []
    start = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[start:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            s, e = start + lead, start + len(chunk.rstrip())
            line = text.count("\n", 0, s) + 1
            blocks.append(TextBlock(text[s:e], Location(line=line, span=(s, e))))
        start = match.end() if match else len(text)
    return blocks


@register
class TextReader(Reader):
    media_types = (sniff.TEXT,)
    extensions = (".txt", ".text", ".lst")
    label = "text"

    def fill(self, doc: Document, limits: Limits, depth: int) -> None:
        raw, encoding = textcodec.decode(doc.data, doc.name)
        text = raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            raise InputError(doc.name, "file is empty")
        if encoding not in ("utf-8", "utf-8-sig", "ascii"):
            doc.warnings.append(f"read as {encoding} (not UTF-8)")
        doc.text.extend(paragraphs(text))
        rows = []
        for number, line in enumerate(text.split("\n"), 1):
            if line.strip():
                cells = {"description": line.strip()}
                rows.append(Row(number=number, cells=cells, location=Location(line=number)))
        if len(rows) > limits.max_rows:
            raise InputError(doc.name, f"more than {limits.max_rows} lines (limit max_rows)")
        stem = doc.name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
        doc.tables.append(Table(stem, ["description"], rows, Location(), columns=[]))
