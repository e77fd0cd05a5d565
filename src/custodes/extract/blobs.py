"""A content-addressed folder of original documents: ``<root>/ab/cdef...`` by sha256.

Every claim quotes a document by its sha256; keeping the exact bytes under that name means
anyone can later re-open the original and check the quote. A blob is written once and never
overwritten, and the same bytes arriving twice are stored once.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from custodes.errors import StoreError


def blob_path(root: Path, sha256: str) -> Path:
    """Where the blob with this digest lives (whether or not it exists yet)."""
    digest = sha256.lower()
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise StoreError(f"not a sha256 digest: {sha256!r}")
    return root / digest[:2] / digest[2:]


def put_blob(root: Path, data: bytes, sha256: str | None = None) -> Path:
    """Store ``data`` once and return its path; an existing blob is never touched.

    :param sha256: the digest the caller already computed; it is checked, not trusted.
    """
    digest = hashlib.sha256(data).hexdigest()
    if sha256 is not None and sha256.lower() != digest:
        raise StoreError(f"blob digest mismatch: expected {sha256}, bytes hash to {digest}")
    target = blob_path(root, digest)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o444)
        try:
            # link() refuses to replace an existing name: a concurrent writer of the same
            # bytes wins and ours is discarded, so a blob is never overwritten.
            os.link(tmp, target)
        except FileExistsError:
            pass
        except OSError:  # file systems without hard links
            if not target.exists():
                os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


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
