"""CSV/TSV asset registers in whatever encoding and delimiter the exporting system chose.

Every non-blank record becomes a row numbered by the physical line it starts on, so a claim
can say "row 14" and the user finds it in a text editor or Excel. Cells are kept verbatim,
including ones that start with = + - @ (report writers neutralise those, not the reader).
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import PurePosixPath

from custodes.errors import InputError
from custodes.ingest import sniff, textcodec
from custodes.ingest.model import Document, Limits, Location
from custodes.ingest.registry import Reader, register
from custodes.ingest.tabular import build_table

_DELIMITERS = (",", ";", "\t", "|")
_SAMPLE_LINES = 50
_SEP_HINT = re.compile(r"sep=(.)\r?\n")
_BLANK = " \t\r\n"  # only these make a record blank; a lone NBSP is still a record

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def sniff_delimiter(text: str, preferred: str | None = None) -> str:
    """csv.Sniffer on a sample, then the delimiter whose count is most consistent per line."""
    lines = [line for line in text.splitlines()[:_SAMPLE_LINES] if line.strip()]
    sample = "\n".join(lines)
    try:
        found = csv.Sniffer().sniff(sample, delimiters="".join(_DELIMITERS)).delimiter
        if found in _DELIMITERS and found in (lines[0] if lines else ""):
            return found
    except csv.Error:
        pass
    best, best_score = preferred or ",", 0.0
    for delim in _DELIMITERS:
        counts = [line.count(delim) for line in lines]
        if not counts or counts[0] == 0:
            continue
        agree = sum(1 for c in counts if c == counts[0]) / len(counts)
        score = agree * 10 + min(counts[0], 9) / 10
        if score > best_score:
            best, best_score = delim, score
    return best


@register
class DelimitedReader(Reader):
    media_types = (sniff.CSV, sniff.TSV)
    extensions = (".csv", ".tsv", ".tab", ".psv")
    label = "CSV"

    def fill(self, doc: Document, limits: Limits, depth: int) -> None:
        text, encoding = textcodec.decode(doc.data, doc.name)
        if not text.strip():
            raise InputError(doc.name, "file is empty")
        if encoding not in ("utf-8", "utf-8-sig", "ascii"):
            doc.warnings.append(f"read as {encoding} (not UTF-8)")
        preferred = "\t" if sniff.extension(doc.name) in (".tsv", ".tab") else None
        delimiter = sniff_delimiter(text, preferred)
        text = text.lstrip("\ufeff")
        if hint := _SEP_HINT.match(text):  # Excel's "sep=;" first line names the delimiter
            delimiter = hint.group(1)
            text = "\n" * (hint.group(0).count("\n")) + text[hint.end() :]
        records: list[tuple[int, list[str]]] = []
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        start, spanning = 1, []
        try:
            for cells in reader:
                if any(cell.strip(_BLANK) for cell in cells):
                    records.append((start, cells))
                    if reader.line_num > start:
                        spanning.append(f"{start}-{reader.line_num}")
                    if len(records) > limits.max_rows + 1:
                        raise InputError(doc.name, f"more than {limits.max_rows} rows (limit max_rows)")
                start = reader.line_num + 1
        except csv.Error as exc:
            raise InputError(doc.name, f"line {reader.line_num}: {exc}") from None
        if spanning:
            shown = ", ".join(spanning[:5]) + (" ..." if len(spanning) > 5 else "")
            doc.warnings.append(
                f"{len(spanning)} record(s) span several lines because a quoted cell contains "
                f"line breaks (lines {shown}); check for an unclosed quote"
            )
        name = PurePosixPath(doc.name.replace("\\", "/")).stem
        table = build_table(name, records, Location(), file=doc.name, limits=limits)
        doc.tables.append(table)
