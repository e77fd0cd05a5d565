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
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from custodes.errors import InputError
from custodes.ingest import sniff
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
        except Exception as exc:  # noqa: BLE001 - third-party parsers raise anything on bad input
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError(name, f"cannot read as {self.label}: {reason}") from exc
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


def _size(size: int) -> str:
    return f"{size / 1024**2:.1f} MiB" if size >= 1024**2 else f"{size} bytes"


def _too_big(size: int, limit: int) -> str:
    return f"file is {_size(size)}, over the {_size(limit)} limit (limit max_bytes)"


def read_document(path: Path, *, limits: Limits = Limits(), name: str | None = None) -> Document:
    """Read a file from disk; the size limit is checked before reading a byte."""
    display = name or path.name
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot open ({exc.strerror})") from None
    if path.is_dir():
        raise InputError(str(path), "is a directory")
    if info.st_size > limits.max_bytes:
        raise InputError(display, _too_big(info.st_size, limits.max_bytes))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror})") from None
    return read_bytes(data, display, limits=limits)


def _expand(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(p.startswith(".") for p in child.relative_to(path).parts)
                if child.is_file() and not hidden:
                    yield child
        else:
            yield path


def read_many(
    paths: Iterable[Path], limits: Limits = Limits()
) -> tuple[list[Document], list[tuple[str, str]]]:
    """Read every file (folders are walked); failures are collected, never raised.

    Returns the documents and a list of (file, one-line reason) for the files that failed.
    """
    documents: list[Document] = []
    failures: list[tuple[str, str]] = []
    for path in _expand(paths):
        try:
            documents.append(read_document(path, limits=limits, name=str(path)))
        except InputError as exc:
            failures.append((str(path), exc.reason))
        except (OSError, zipfile.BadZipFile) as exc:  # belt and braces: never stop a batch
            failures.append((str(path), str(exc).splitlines()[0] if str(exc) else repr(exc)))
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
