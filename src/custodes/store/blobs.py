"""Content-addressed blob folder: the original bytes of every document, kept once, unchanged.

A blob lives at ``<blobdir>/ab/cdef...`` (the sha256 split after two characters). It is
written to a temporary file and renamed into place, so a crash never leaves a partial
blob under a real name, and two writers storing the same bytes cannot clash.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from custodes.errors import InputError

CHUNK = 1 << 20


def blob_relpath(sha256: str) -> str:
    return f"{sha256[:2]}/{sha256[2:]}"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from exc
    return digest.hexdigest()


def put_file(blobdir: Path, path: Path) -> tuple[str, int]:
    """Copy ``path`` into the blob folder (if not already there); return (sha256, size)."""
    sha = sha256_file(path)
    target = blobdir / blob_relpath(sha)
    size = path.stat().st_size
    if target.exists() and target.stat().st_size == size:
        return sha, size
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out, path.open("rb") as src:
            while chunk := src.read(CHUNK):
                out.write(chunk)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(str(path), f"cannot store a copy: {exc.strerror or exc}") from exc
    return sha, size


def read_blob(blobdir: Path, sha256: str) -> bytes:
    return (blobdir / blob_relpath(sha256)).read_bytes()
