"""The content-addressed folder of original documents: ``<root>/ab/cdef...`` by sha256.

Every claim quotes a document by its sha256; keeping the exact bytes under that name lets
anyone re-open the original and check the quote. A blob is written to a temporary file and
linked into place, so a crash never leaves a partial blob under a real name, a blob is never
overwritten, and the same bytes arriving twice (or from two writers at once) are stored once.
Every write checks the bytes against the name: the copy is hashed as it is written (a file
that changed while being read is refused), and a blob already under the name is re-hashed,
so a forged or damaged blob under the right name is reported, never trusted.
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


def _hash_path(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _check_existing(target: Path, sha256: str) -> None:
    if target.is_symlink() or not target.is_file() or _hash_path(target) != sha256:
        raise StoreError(
            f"{target}: the blob stored under this name does not hold the bytes it names "
            "(forged or damaged); move it aside and attach the file again"
        )


def _install(target: Path, sha256: str, write: Callable[[BinaryIO], str]) -> None:
    """Put bytes under ``target``; ``write`` writes them and returns the sha256 it wrote."""
    if target.exists() or target.is_symlink():
        _check_existing(target, sha256)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            written = write(handle)
        if written != sha256:
            raise InputError(str(target), "the file changed while it was being stored; try again")
        os.chmod(tmp, 0o444)
        try:
            # link() refuses to replace an existing name: a concurrent writer of the same
            # bytes wins and ours is discarded (after checking theirs is what it says).
            os.link(tmp, target)
        except FileExistsError:
            _check_existing(target, sha256)
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

    def write(handle: BinaryIO) -> str:
        handle.write(data)
        return digest

    _install(target, digest, write)
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

    def copy(handle: BinaryIO) -> str:
        digest = hashlib.sha256()
        with path.open("rb") as src:
            while chunk := src.read(CHUNK):
                handle.write(chunk)
                digest.update(chunk)
        return digest.hexdigest()

    try:
        _install(blob_path(root, sha), sha, copy)
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
