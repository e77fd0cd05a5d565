"""The content-addressed folder of original documents: ``<root>/ab/cdef...`` by sha256.

Every claim quotes a document by its sha256; keeping the exact bytes under that name lets
anyone re-open the original and check the quote. A blob is written to a temporary file and
linked into place, so a crash never leaves a partial blob under a real name, a blob is never
overwritten, and the same bytes arriving twice (or from two writers at once) are stored once.
Both the extractor and the campaign store keep their originals here.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from custodes.errors import InputError, StoreError

CHUNK = 1 << 20


def blob_relpath(sha256: str) -> str:
    digest = sha256.lower()
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise StoreError(f"not a sha256 digest: {sha256!r}")
    return f"{digest[:2]}/{digest[2:]}"


def blob_path(root: Path, sha256: str) -> Path:
    """Where the blob with this digest lives (whether or not it exists yet)."""
    return root / blob_relpath(sha256)


def _install(target: Path, write: Callable[[BinaryIO], object]) -> None:
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.chmod(tmp, 0o444)
        try:
            # link() refuses to replace an existing name: a concurrent writer of the same
            # bytes wins and ours is discarded.
            os.link(tmp, target)
        except FileExistsError:
            pass
        except OSError:  # file systems without hard links
            if not target.exists():
                os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def put_blob(root: Path, data: bytes, sha256: str | None = None) -> Path:
    """Store ``data`` once and return its path.

    :param sha256: the digest the caller already computed; it is checked, not trusted.
    """
    digest = hashlib.sha256(data).hexdigest()
    if sha256 is not None and sha256.lower() != digest:
        raise StoreError(f"blob digest mismatch: expected {sha256}, bytes hash to {digest}")
    target = blob_path(root, digest)
    _install(target, lambda handle: handle.write(data))
    return target


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from exc
    return digest.hexdigest()


def put_file(root: Path, path: Path) -> tuple[str, int]:
    """Copy a file into the blob folder without reading it all into memory; (sha256, size)."""
    sha = sha256_file(path)

    def copy(handle: BinaryIO) -> None:
        with path.open("rb") as src:
            while chunk := src.read(CHUNK):
                handle.write(chunk)

    try:
        _install(blob_path(root, sha), copy)
    except OSError as exc:
        raise InputError(str(path), f"cannot store a copy: {exc.strerror or exc}") from exc
    return sha, path.stat().st_size


def read_blob(root: Path, sha256: str) -> bytes:
    """The original bytes, checked against their name."""
    path = blob_path(root, sha256)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StoreError(f"{path}: cannot read blob ({exc.strerror or exc})") from exc
    if hashlib.sha256(data).hexdigest() != sha256.lower():
        raise StoreError(f"{path}: blob content does not match its name")
    return data
