"""Content-addressed blobs: stored once, unchanged, at <blobdir>/ab/cdef..."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from custodes.blobs import put_file, read_blob


def test_same_bytes_stored_once(tmp_path: Path) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    a.write_bytes(b"%PDF-1.4 answer")
    b.write_bytes(b"%PDF-1.4 answer")
    sha_a, size = put_file(tmp_path / "blobs", a)
    sha_b, _ = put_file(tmp_path / "blobs", b)
    assert sha_a == sha_b == hashlib.sha256(b"%PDF-1.4 answer").hexdigest()
    assert size == len(b"%PDF-1.4 answer")
    stored = [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()]
    assert stored == [tmp_path / "blobs" / sha_a[:2] / sha_a[2:]]


@settings(max_examples=30)
@given(data=st.binary(max_size=4096))
def test_bytes_come_back_unchanged(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "doc"
        src.write_bytes(data)
        sha, _ = put_file(Path(tmp) / "blobs", src)
        assert read_blob(Path(tmp) / "blobs", sha) == data
        assert not list((Path(tmp) / "blobs").rglob(".tmp-*"))
