"""DOCX letters: paragraphs in order, every table, and embedded files (an XLSX pasted in Word).

The package is checked for zip and XML bombs before python-docx parses it: python-docx uses
lxml, which would otherwise honour an entity declared in document.xml.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import docx
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from custodes.ingest import sniff
from custodes.ingest.model import Document, Limits, Location, TextBlock
from custodes.ingest.registry import Reader, read_child, register
from custodes.ingest.tabular import build_table
from custodes.ingest.zipguard import check_package


def _table_records(table: DocxTable) -> list[tuple[int, list[str]]]:
    """Cell texts per grid position; a horizontally merged cell is reported in its first column
    (the others are empty, so columns stay aligned); a vertical merge repeats down the rows."""
    records = []
    for number, row in enumerate(table.rows, start=1):
        seen: set[int] = set()
        cells = []
        for cell in row.cells:
            key = id(cell._tc)
            cells.append("" if key in seen else " ".join(cell.text.split()))
            seen.add(key)
        if any(cells):
            records.append((number, cells))
    return records


@register
class DocxReader(Reader):
    media_types = (sniff.DOCX,)
    extensions = (".docx",)
    label = "DOCX"

    def fill(self, doc: Document, limits: Limits, depth: int) -> None:
        with zipfile.ZipFile(io.BytesIO(doc.data)) as zf:
            check_package(zf, doc.name, limits)
            embedded = [i for i in zf.infolist() if i.filename.startswith("word/embeddings/")]
            payloads = [(i.filename, zf.read(i)) for i in embedded if not i.is_dir()]
        word: Any = docx.Document(io.BytesIO(doc.data))
        paragraph_no = table_no = 0
        for item in word.iter_inner_content():
            if isinstance(item, Paragraph):
                paragraph_no += 1
                text = item.text.strip()
                if text:
                    doc.text.append(TextBlock(text, Location(paragraph=paragraph_no)))
            elif isinstance(item, DocxTable):
                table_no += 1
                records = _table_records(item)
                if records:
                    doc.tables.append(
                        build_table(
                            f"table {table_no}",
                            records,
                            Location(),
                            file=doc.name,
                            limits=limits,
                            columns=[],
                        )
                    )
        for path, payload in payloads:
            child = f"{doc.name}/{path.removeprefix('word/')}"
            read_child(doc, payload, child, limits, depth, "embedded file")
