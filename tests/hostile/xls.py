"""A minimal BIFF8 workbook (the legacy .xls format), written record by record.

No maintained library here writes .xls, so the seed is built from the format's records
(BOF, BOUNDSHEET8, DIMENSIONS, LABEL, NUMBER, EOF) inside a compound file (``ingest/cfb``).
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

from ingest import cfb


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _bof(dt: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, dt, 0x0DBB, 0x07CC, 0, 0x0006))


def _cell(row: int, col: int, value: object) -> bytes:
    if isinstance(value, int | float):
        return _record(0x0203, struct.pack("<HHHd", row, col, 0, float(value)))
    text = str(value).encode("utf-16-le")
    return _record(0x0204, struct.pack("<HHHHB", row, col, 0, len(text) // 2, 1) + text)


def workbook(rows: Sequence[Sequence[object]], sheet: str = "Assets") -> bytes:
    """One sheet holding ``rows`` (strings and numbers)."""
    name = sheet.encode("utf-16-le")
    boundsheet_len = 4 + 8 + len(name)
    globals_ = _bof(0x0005) + _record(0x0042, struct.pack("<H", 1200))
    offset = len(globals_) + boundsheet_len + 4  # + EOF record
    globals_ += _record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(sheet), 1) + name)
    globals_ += _record(0x000A, b"")
    width = max((len(r) for r in rows), default=0)
    body = _bof(0x0010) + _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            body += _cell(r, c, value)
    body += _record(0x000A, b"")
    stream = globals_ + body
    return cfb.write({"Workbook": stream + b"\x00" * max(0, 4096 - len(stream))})
