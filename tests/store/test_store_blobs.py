"""Content-addressed blobs: stored once, unchanged, at <blobdir>/ab/cdef..."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custodes.blobs import blob_path, put_blob, put_file, read_blob
from custodes.errors import StoreError


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


def test_a_forged_blob_under_the_right_name_is_detected_on_write(tmp_path: Path) -> None:
    answer = tmp_path / "answer.pdf"
    answer.write_bytes(b"%PDF-1.4 the real answer")
    sha = hashlib.sha256(answer.read_bytes()).hexdigest()
    forged = blob_path(tmp_path / "blobs", sha)
    forged.parent.mkdir(parents=True)
    forged.write_bytes(b"%PDF-1.4 something else entirely")
    with pytest.raises(StoreError, match="does not hold the bytes it names"):
        put_file(tmp_path / "blobs", answer)
    with pytest.raises(StoreError, match="does not hold the bytes it names"):
        put_blob(tmp_path / "blobs", answer.read_bytes())
    assert forged.read_bytes() == b"%PDF-1.4 something else entirely"  # kept as evidence


def test_a_symlink_under_the_name_is_not_trusted(tmp_path: Path) -> None:
    answer = tmp_path / "answer.pdf"
    answer.write_bytes(b"%PDF-1.4 linked")
    sha = hashlib.sha256(answer.read_bytes()).hexdigest()
    link = blob_path(tmp_path / "blobs", sha)
    link.parent.mkdir(parents=True)
    link.symlink_to(answer)
    with pytest.raises(StoreError, match="forged or damaged"):
        put_file(tmp_path / "blobs", answer)
