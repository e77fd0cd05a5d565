"""CSV/TSV asset registers in whatever encoding and delimiter the exporting system chose.

Every non-blank record becomes a row numbered by the physical line it starts on, so a claim
can say "row 14" and the user finds it in a text editor or Excel. Cells are kept verbatim,
including ones that start with = + - @ (report writers neutralise those, not the reader).
Title lines above the header are kept as text; a file without a header row is detected from
its content and its columns named by letter.

``stream_table`` reads a file from disk row by row, for audits of registers too large to
hold: memory stays flat in the number of rows, and the size limit counts the bytes actually
read (a file that grows, or a pipe, cannot slip past it).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import BinaryIO

from custodes.errors import InputError
from custodes.ingest import sniff, textcodec
from custodes.ingest.guards import size
from custodes.ingest.model import Document, Limits, Location, Row, TextBlock
from custodes.ingest.registry import Reader, register
from custodes.ingest.tabular import NO_HEADER, build_table, column_letter, split_preamble, unique_headers

_DELIMITERS = (",", ";", "\t", "|")
_SAMPLE_LINES = 50
_SAMPLE_BYTES = 64 * 1024
_LOOKAHEAD = 110
"""Records read ahead to find the header row and tell a headerless file from its content."""
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


@dataclass(slots=True)
class _Records:
    """The non-blank records of a text stream, numbered by the line each starts on."""

    name: str
    spanning: list[str] = field(default_factory=list)

    def read(self, lines: Iterable[str], delimiter: str) -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(lines, delimiter=delimiter, strict=False)
        start = 1
        try:
            for cells in reader:
                if any(cell.strip(_BLANK) for cell in cells):
                    if reader.line_num > start:
                        self.spanning.append(f"{start}-{reader.line_num}")
                    yield start, cells
                start = reader.line_num + 1
        except csv.Error as exc:
            raise InputError(self.name, f"line {reader.line_num}: {exc}") from None

    def warning(self) -> str | None:
        if not self.spanning:
            return None
        shown = ", ".join(self.spanning[:5]) + (" ..." if len(self.spanning) > 5 else "")
        return (
            f"{len(self.spanning)} record(s) span several lines because a quoted cell contains "
            f"line breaks (lines {shown}); check for an unclosed quote"
        )


def _dialect(text: str, name: str) -> tuple[str, int]:
    """The delimiter, and how many lines an Excel "sep=;" first line takes."""
    preferred = "\t" if sniff.extension(name) in (".tsv", ".tab") else None
    delimiter = sniff_delimiter(text, preferred)
    if hint := _SEP_HINT.match(text.lstrip("\ufeff")):  # Excel's "sep=;" names the delimiter
        return hint.group(1), hint.group(0).count("\n")
    return delimiter, 0


def _skip_lines(lines: Iterator[str], count: int, name: str, limit: int) -> Iterator[str]:
    """The stream with its first ``count`` lines blanked (line numbers stay as in the file),
    refusing a line longer than ``limit`` bytes as the whole-file readers do."""
    for index, line in enumerate(lines):
        if len(line) * 4 > limit and len(line.encode("utf-8", "surrogatepass")) > limit:
            raise InputError(name, f"line {index + 1} is longer than {size(limit)} (limit max_line_bytes)")
        yield "\n" if index < count else line


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
        text = text.lstrip("\ufeff")
        delimiter, skip = _dialect(text, doc.name)
        reading = _Records(doc.name)
        records: list[tuple[int, list[str]]] = []
        lines = _skip_lines(iter(io.StringIO(text, newline="")), skip, doc.name, limits.max_line_bytes)
        for record in reading.read(lines, delimiter):
            records.append(record)
            if len(records) > limits.max_rows + 1:
                raise InputError(doc.name, f"more than {limits.max_rows} rows (limit max_rows)")
        if note := reading.warning():
            doc.warnings.append(note)
        preamble, records_ = split_preamble(records)
        _keep_preamble(doc.text, preamble)
        name = PurePosixPath(doc.name.replace("\\", "/")).stem
        table = build_table(name, records_, Location(), file=doc.name, limits=limits)
        if preamble:
            table.warnings.append(_preamble_note(preamble))
        if records_ and records_[0][0] == 0:
            table.warnings.append(NO_HEADER)
        doc.tables.append(table)


def _keep_preamble(blocks: list[TextBlock], preamble: Sequence[tuple[int, Sequence[str]]]) -> None:
    for number, cells in preamble:
        blocks.append(TextBlock(" ".join(c for c in cells if c.strip()), Location(row=number)))


def _preamble_note(preamble: Sequence[tuple[int, Sequence[str]]]) -> str:
    first, last = preamble[0][0], preamble[-1][0]
    rows = f"row {first}" if first == last else f"rows {first}-{last}"
    return f"{rows} above the header row kept as text"


class _Counted(io.RawIOBase):
    """A binary stream that hashes what passes and refuses to pass more than ``limit`` bytes."""

    def __init__(self, raw: BinaryIO, name: str, limit: int, head: bytes = b"") -> None:
        self.raw, self.name, self.limit = raw, name, limit
        self.head = head
        self.sha = hashlib.sha256(head)
        self.count = len(head)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        chunk = self.raw.read(len(buffer))
        if not chunk:
            return 0
        self.count += len(chunk)
        if self.count > self.limit:
            raise InputError(
                self.name, f"more than {self.limit} bytes read (limit max_bytes; raise it with --max-bytes)"
            )
        self.sha.update(chunk)
        buffer[: len(chunk)] = chunk
        return len(chunk)


@dataclass(slots=True)
class StreamedTable:
    """A CSV read row by row: headers and notes up front, rows as an iterator, and the hash of
    the bytes once the rows are exhausted."""

    name: str
    headers: list[str]
    rows: Iterator[Row]
    warnings: list[str]
    preamble: list[TextBlock]
    counter: _Counted
    header_row: int | None = None
    """The line of the header row (None: the file has none)."""

    @property
    def sha256(self) -> str:
        return self.counter.sha.hexdigest()

    @property
    def bytes_read(self) -> int:
        return self.counter.count


def is_delimited(head: bytes, name: str) -> bool:
    """Whether the first bytes of a file are a CSV/TSV register ``stream_table`` can read."""
    kind = sniff.detect(head, name)
    return kind in (sniff.CSV, sniff.TSV) or (
        kind == sniff.TEXT and sniff.extension(name) in DelimitedReader.extensions
    )


def stream_table(fh: BinaryIO, name: str, limits: Limits, head: bytes) -> StreamedTable:
    """Rows of a CSV/TSV stream. ``head`` is its first bytes (already read, to sniff it)."""
    encoding = textcodec.detect_encoding(head)
    if encoding == "binary":
        raise InputError(name, "not a text file (binary content)")
    sample = head.decode(encoding, errors="replace").lstrip("\ufeff")
    if textcodec.is_binary(sample):
        raise InputError(name, "not a text file (binary content)")
    if not sample.strip():
        raise InputError(name, "file is empty")
    warnings: list[str] = []
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        warnings.append(f"read as {encoding} (not UTF-8)")
    delimiter, skip = _dialect(sample, name)
    counter = _Counted(fh, name, limits.max_bytes, head)
    text = io.TextIOWrapper(io.BufferedReader(counter), encoding=encoding, errors="replace", newline="")
    lines = _skip_lines(iter(text), skip, name, limits.max_line_bytes)
    reading = _Records(name)
    records = reading.read(lines, delimiter)
    ahead: list[tuple[int, list[str]]] = []
    for record in records:
        ahead.append(record)
        if len(ahead) >= _LOOKAHEAD:
            break
    preamble_records, ahead_ = split_preamble(ahead)
    del ahead
    preamble = [
        TextBlock(" ".join(c for c in cells if c.strip()), Location(row=number))
        for number, cells in preamble_records
    ]
    if preamble_records:
        warnings.append(_preamble_note(preamble_records))
    if not ahead_:
        return StreamedTable(_stem(name), [], iter(()), warnings, preamble, counter)
    header_cells = list(ahead_[0][1])
    if ahead_[0][0] == 0:
        warnings.append(NO_HEADER)
        header_cells = [""] * max(len(c) for _, c in ahead_)

    def check_columns(count: int) -> None:
        if count > limits.max_columns:
            raise InputError(
                name, f"{count} columns, over the limit of {limits.max_columns} (limit max_columns)"
            )

    check_columns(max(len(c) for _, c in ahead_))
    headers = unique_headers(header_cells, warnings)
    header_row = ahead_[0][0] or None

    def rows() -> Iterator[Row]:
        grown = False
        replaced = 0
        for number, cells in _chain(ahead_[1:], records):
            if any("\ufffd" in c for c in cells):
                replaced += 1
            if len(cells) > len(headers):
                check_columns(len(cells))
                if not grown:
                    warnings.append(
                        f"some rows have more cells ({len(cells)}) than the header row "
                        f"({len(headers)}); extra columns are named by letter"
                    )
                    grown = True
                headers.extend(column_letter_header(i) for i in range(len(headers), len(cells)))
            padded = [c.strip() for c in cells] + [""] * (len(headers) - len(cells))
            yield Row(
                number=number, cells=dict(zip(headers, padded, strict=True)), location=Location(row=number)
            )
        if note := reading.warning():
            warnings.append(note)
        if replaced:
            warnings.append(f"{replaced} row(s) hold bytes that are not {encoding}; shown as \ufffd")

    return StreamedTable(_stem(name), headers, rows(), warnings, preamble, counter, header_row)


def column_letter_header(index: int) -> str:
    return f"Column {column_letter(index)}"


def _chain(
    first: Sequence[tuple[int, Sequence[str]]], rest: Iterator[tuple[int, list[str]]]
) -> Iterator[tuple[int, Sequence[str]]]:
    yield from first
    yield from rest


def _stem(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).stem
