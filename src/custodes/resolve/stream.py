"""Resolve a stream of lines into a stream of JSON Lines, in bounded memory.

Input is read in chunks and decoded incrementally, so memory stays flat however long the
input; each output line carries the input's line (or row) number. Identical inputs, common
in registers ("Hikvision dome" a thousand times), are resolved and serialised once (a
bounded cache). With ``jobs > 1`` chunks of lines are resolved by worker processes, in
order, with at most a few chunks in flight.
"""

from __future__ import annotations

import codecs
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, BinaryIO

import orjson

from custodes.errors import InputError
from custodes.resolve import default_resolver

CHUNK = 1 << 20
"""Bytes read at a time."""
MAX_LINE = 64 * 1024
"""A longer line is cut while reading (the resolver reads only its first 4,096 characters),
so one line without a newline cannot fill memory."""
CACHE_SIZE = 1 << 16
"""Distinct inputs whose serialised record is kept for reuse."""
BATCH = 2000
"""Lines per work unit with --jobs."""
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _encoding(head: bytes, name: str) -> str:
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    try:
        head.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError as exc:
        cut = exc.start >= len(head) - 3 and exc.reason == "unexpected end of data"
        if cut:
            encoding = "utf-8"
        else:
            # not UTF-8: the document readers' detector decides (cp1252, UTF-16 without BOM...)
            from custodes.ingest.textcodec import detect_encoding

            encoding = detect_encoding(head)
    if encoding == "binary" or (b"\x00" in head and not encoding.startswith("utf-16")):
        raise InputError(name, "not a text file (binary content)")
    return encoding


def iter_lines(stream: BinaryIO, name: str) -> Iterator[str]:
    """Every line of a text stream, blank ones included so that numbers match the input.
    Only a newline ends a line (a form feed or U+2028 inside a cell does not)."""
    data = stream.read(CHUNK)
    if not data:
        return
    decoder = codecs.getincrementaldecoder(_encoding(data, name))(errors="replace")
    pending = ""
    while data:
        text = pending + decoder.decode(data)
        lines = text.split("\n")
        pending = lines.pop()[:MAX_LINE]
        for line in lines:
            yield line[:MAX_LINE].removesuffix("\r")
        data = stream.read(CHUNK)
    pending += decoder.decode(b"", final=True)
    if pending:
        yield pending.removesuffix("\r")


@lru_cache(maxsize=CACHE_SIZE)
def _encoded(text: str) -> bytes:
    return orjson.dumps(default_resolver().resolve(text).to_dict())


def record_line(number: int, text: str, label: str = "line") -> bytes:
    """One JSON Lines record: ``{"line": N, "input": ..., ...}``."""
    return b'{"' + label.encode() + b'":' + str(number).encode() + b"," + _encoded(text)[1:] + b"\n"


def _work(batch: list[tuple[int, str]], label: str) -> bytes:
    return b"".join(record_line(n, text, label) for n, text in batch)


def _batches(numbered: Iterable[tuple[int, str]]) -> Iterator[list[tuple[int, str]]]:
    batch: list[tuple[int, str]] = []
    for item in numbered:
        batch.append(item)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def resolve_stream(
    numbered: Iterable[tuple[int, str]], out: BinaryIO, jobs: int = 1, label: str = "line"
) -> int:
    """Write one record per (number, text); returns how many were written."""
    count = 0
    if jobs <= 1:
        for n, text in numbered:
            out.write(record_line(n, text, label))
            count += 1
        return count
    default_resolver()  # built (or loaded) once, before the workers fork
    jobs = min(jobs, os.cpu_count() or jobs)
    with _context().Pool(jobs) as pool:
        pending: deque[Any] = deque()
        for batch in _batches(numbered):
            pending.append((len(batch), pool.apply_async(_work, (batch, label))))
            while len(pending) > 2 * jobs:
                size, result = pending.popleft()
                out.write(result.get())
                count += size
        while pending:
            size, result = pending.popleft()
            out.write(result.get())
            count += size
    return count
