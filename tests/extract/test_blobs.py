"""The content-addressed store of original documents."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from custodes.blobs import blob_path, put_blob, read_blob
from custodes.errors import StoreError


def test_layout_and_round_trip(tmp_path: Path) -> None:
    data = b"%PDF-1.4 letter"
    digest = hashlib.sha256(data).hexdigest()
    path = put_blob(tmp_path, data)
    assert path == tmp_path / digest[:2] / digest[2:]
    assert path.read_bytes() == data
    assert read_blob(tmp_path, digest) == data


def test_same_bytes_stored_once(tmp_path: Path) -> None:
    first = put_blob(tmp_path, b"same")
    second = put_blob(tmp_path, b"same")
    assert first == second
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == [first]


def test_never_overwritten(tmp_path: Path) -> None:
    path = put_blob(tmp_path, b"original")
    before = path.stat().st_mtime_ns
    put_blob(tmp_path, b"original")
    assert path.stat().st_mtime_ns == before


def test_digest_is_checked(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="mismatch"):
        put_blob(tmp_path, b"abc", sha256="0" * 64)


def test_tampered_blob_is_detected(tmp_path: Path) -> None:
    path = put_blob(tmp_path, b"abc")
    path.chmod(0o644)
    path.write_bytes(b"abd")
    with pytest.raises(StoreError, match="does not match"):
        read_blob(tmp_path, hashlib.sha256(b"abc").hexdigest())


def test_bad_digest_name(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        blob_path(tmp_path, "../../etc/passwd")
