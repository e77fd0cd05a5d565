"""The reader registry and the entry points: read a file or bytes into a Document.

Readers are small classes registered by media type; the built-in ones register themselves the
same way a plug-in would. The content decides the format; a reader's ``extensions`` only count
when the content is generic (plain text or unknown bytes). ``Reader.read`` is a template
method: it builds the Document shell, lets the subclass fill it, and turns any parser crash
into an InputError so that one bad file never produces a traceback.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO, ClassVar

from custodes.errors import InputError
from custodes.ingest import sniff
from custodes.ingest.guards import LINE_TYPES, check_lines, check_shape, size
from custodes.ingest.isolate import JobFailure, WorkerLimits, run_isolated
from custodes.ingest.model import Document, Limits, Location, Table

_REGISTRY: dict[str, type[Reader]] = {}


class Reader:
    """Base class: subclasses set ``media_types``/``extensions`` and implement ``fill``."""

    media_types: ClassVar[tuple[str, ...]] = ()
    extensions: ClassVar[tuple[str, ...]] = ()
    label: ClassVar[str] = "file"

    def read(self, data: bytes, name: str, limits: Limits, depth: int) -> Document:
        doc = Document(
            name=name,
            sha256=hashlib.sha256(data).hexdigest(),
            media_type=self.media_types[0],
            text=[],
            tables=[],
            children=[],
            warnings=[],
            data=data,
        )
        try:
            self.fill(doc, limits, depth)
        except InputError:
            raise
        except (MemoryError, RecursionError) as exc:
            raise InputError(name, f"too large or too deeply nested to read ({exc!r})") from exc
        except (KeyboardInterrupt, SystemExit, GeneratorExit):
            raise
        except BaseException as exc:  # noqa: BLE001 - parsers raise anything, Rust panics included
            reason = str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise InputError(name, f"cannot read as {self.label}: {reason}") from exc
        check_shape(doc, limits)
        if depth > 0:
            _stamp_part(doc)
        return doc

    def fill(self, doc: Document, limits: Limits, depth: int) -> None:
        raise NotImplementedError


def register(reader: type[Reader]) -> type[Reader]:
    """Class decorator: make ``reader`` the reader for its media types."""
    for media_type in reader.media_types:
        _REGISTRY[media_type] = reader
    return reader


def reader_for(media_type: str) -> type[Reader] | None:
    return _REGISTRY.get(media_type)


def _by_extension(name: str, media_type: str) -> type[Reader] | None:
    """A reader claiming the extension, for content that is generic text or unknown bytes.

    Unknown bytes go to the binary reader the name promises (it explains what is wrong); text
    only to a text-based reader, so that a text file called ``.msg`` is still read as text.
    """
    ext = sniff.extension(name)
    if not ext or media_type not in (sniff.TEXT, sniff.CSV, sniff.BINARY, sniff.OLE_OTHER):
        return None
    for reader in _REGISTRY.values():
        if ext in reader.extensions:
            textual = reader.media_types[0].startswith("text/")
            return reader if textual or media_type in (sniff.BINARY, sniff.OLE_OTHER) else None
    return None


def _stamp_part(doc: Document) -> None:
    """Children carry their container path in every location, so a quote names its part."""

    def stamp(location: Location) -> Location:
        part = doc.name if location.part is None else f"{doc.name}/{location.part}"
        return replace(location, part=part)

    for block in doc.text:
        block.location = stamp(block.location)
    for table in doc.tables:
        table.location = stamp(table.location)
        for row in table.rows:
            row.location = stamp(row.location)


def all_warnings(doc: Document) -> Iterator[tuple[str, str]]:
    """(document name, warning) for the document, its tables and its children, depth first."""
    for warning in doc.warnings:
        yield doc.name, warning
    for table in doc.tables:
        for warning in table.warnings:
            yield doc.name, f"{table.name}: {warning}"
    for child in doc.children:
        yield from all_warnings(child)


def read_bytes(data: bytes, name: str, *, limits: Limits = Limits(), depth: int = 0) -> Document:
    """Read ``data`` (the whole content of a file called ``name``) into a Document."""
    if depth > limits.max_depth:
        raise InputError(name, f"nested more than {limits.max_depth} levels deep (limit max_depth)")
    if len(data) > limits.max_bytes:
        raise InputError(name, _too_big(len(data), limits.max_bytes))
    media_type = sniff.detect(data, name)
    if media_type == sniff.EMPTY:
        raise InputError(name, "file is empty")
    claimed = _by_extension(name, media_type)
    if claimed is not None:
        media_type = claimed.media_types[0]  # e.g. a damaged .xlsx: let its reader say why
    if media_type == sniff.BINARY:
        raise InputError(name, "not a text file (binary content)")
    if media_type == sniff.OLE_ENCRYPTED:
        raise InputError(name, "the Office file is password-protected (encrypted)")
    reader = reader_for(media_type)
    if reader is None:
        raise InputError(name, f"unsupported format ({sniff.LABELS.get(media_type, media_type)})")
    if media_type in LINE_TYPES:
        check_lines(data, name, limits.max_line_bytes)
    doc = reader().read(data, name, limits, depth)
    if media_type in reader.media_types:
        doc.media_type = media_type
    expected = sniff.EXTENSION_TYPES.get(sniff.extension(name))
    if expected is not None and media_type not in expected:
        doc.warnings.insert(
            0,
            f"the extension {sniff.extension(name)} is wrong: the content is "
            f"{sniff.LABELS.get(media_type, media_type)}, and was read as such",
        )
    return doc


def _too_big(found: int, limit: int) -> str:
    return f"file is {size(found)}, over the {size(limit)} limit (limit max_bytes)"


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def open_regular(path: Path, display: str | None = None) -> tuple[BinaryIO, int]:
    """A regular file opened for reading, and its size; pipes, devices, sockets and folders
    are refused with the reason (a FIFO with no writer blocks for ever, /dev/zero never ends)."""
    display = display or str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot open ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(str(path), "is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(display, f"is {_kind(info.st_mode)}, not a regular file; save it to a file first")
    try:
        return path.open("rb"), info.st_size
    except OSError as exc:
        raise InputError(str(path), f"cannot open ({exc.strerror})") from None


def read_document(path: Path, *, limits: Limits = Limits(), name: str | None = None) -> Document:
    """Read a file from disk, never more than ``limits.max_bytes`` bytes of it.

    The size is checked before reading and again on the bytes actually read (a file that
    grows, or a /proc file whose size says 0). Pipes, devices and sockets are refused: a
    FIFO with no writer would block for ever, and /dev/zero has no end.
    """
    display = name or path.name
    stream, file_size = open_regular(path, display)
    with stream:
        if file_size > limits.max_bytes:
            raise InputError(display, _too_big(file_size, limits.max_bytes))
        try:
            data = stream.read(limits.max_bytes + 1)
        except OSError as exc:
            raise InputError(str(path), f"cannot read ({exc.strerror})") from None
    if len(data) > limits.max_bytes:
        raise InputError(display, f"file is over the {size(limits.max_bytes)} limit (limit max_bytes)")
    return read_bytes(data, display, limits=limits)


def expand(paths: Iterable[Path]) -> Iterator[Path]:
    """The files of a batch: folders walked in sorted order, hidden files skipped."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(p.startswith(".") for p in child.relative_to(path).parts)
                if child.is_file() and not hidden:
                    yield child
        else:
            yield path


@dataclass(frozen=True)
class Unreadable:
    """A file that failed, and the one-line reason; returned (not raised) from a worker."""

    file: str
    reason: str


def read_one(job: tuple[Path, Limits]) -> Document | Unreadable:
    """One file of a batch, as the isolated worker reads it: failures become values."""
    path, limits = job
    try:
        return read_document(path, limits=limits, name=str(path))
    except InputError as exc:
        return Unreadable(str(path), exc.reason)


def read_many(
    paths: Iterable[Path],
    limits: Limits = Limits(),
    *,
    isolation: WorkerLimits | None = None,
    workers: int | None = None,
) -> tuple[list[Document], list[tuple[str, str]]]:
    """Read every file (folders are walked), each in an isolated worker; failures are
    collected, never raised: a reader that crashes, hangs or runs out of memory costs that
    file alone.

    Returns the documents, in input order, and (file, one-line reason) for each failure.
    ``workers=0`` reads in this process (no isolation; for callers that isolate themselves).
    """
    documents: list[Document] = []
    failures: list[tuple[str, str]] = []
    jobs = [(path, limits) for path in expand(paths)]
    for (path, _), outcome in run_isolated(read_one, jobs, isolation or WorkerLimits.from_env(), workers):
        if isinstance(outcome, Document):
            documents.append(outcome)
        elif isinstance(outcome, Unreadable):
            failures.append((outcome.file, outcome.reason))
        elif isinstance(outcome, JobFailure):
            failures.append((str(path), outcome.reason))
    return documents, failures


def iter_tables(doc: Document) -> Iterator[Table]:
    """Tables of ``doc`` and of all its children, depth first."""
    yield from doc.tables
    for child in doc.children:
        yield from iter_tables(child)


def read_child(parent: Document, data: bytes, name: str, limits: Limits, depth: int, what: str) -> None:
    """Read an attachment or archive member; a failure becomes a warning on the parent."""
    try:
        parent.children.append(read_bytes(data, name, limits=limits, depth=depth + 1))
    except InputError as exc:
        parent.warnings.append(f"{what} {name} skipped: {exc.reason}")
