"""ZIP: recursion with container paths, path traversal skipped, zip bombs refused."""

from __future__ import annotations

import io
import zipfile

import pytest

from custodes.errors import InputError
from custodes.ingest import Limits, iter_tables, read_bytes

from . import builders


def test_nested_zip_and_path_traversal() -> None:
    inner = builders.zip_of({"sites.csv": b"Site,Make\nDepot,Hikvision\n"})
    outer = builders.zip_of(
        {
            "answers/reply.eml": builders.eml_with_attachments(),
            "inner.zip": inner,
            "../evil.txt": b"evil",
            "/etc/passwd": b"root",
            "notes.txt": b"Hikvision DS-2CD2143G0-I\n",
        }
    )
    doc = read_bytes(outer, "batch.zip")
    assert [c.name for c in doc.children] == [
        "batch.zip/answers/reply.eml", "batch.zip/inner.zip", "batch.zip/notes.txt",
    ]  # fmt: skip
    assert doc.warnings == ["members with unsafe paths were not read: ../evil.txt, /etc/passwd"]
    nested = doc.children[1].children[0]
    assert nested.name == "batch.zip/inner.zip/sites.csv"
    assert nested.tables[0].rows[0].location.describe() == "batch.zip/inner.zip/sites.csv, row 2"
    names = [t.name for t in iter_tables(doc)]
    assert names == ["table 1", "Assets", "Removed", "sites", "notes"]


def test_zip_bomb_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("zeros.csv", b"0" * (20 * 1024**2))
    with pytest.raises(InputError, match="possible zip bomb"):
        read_bytes(out.getvalue(), "bomb.zip")


def test_total_uncompressed_limit() -> None:
    data = builders.zip_of({"a.txt": b"a" * 5000, "b.txt": b"b" * 5000})
    with pytest.raises(InputError, match="max_uncompressed"):
        read_bytes(data, "big.zip", limits=Limits(max_uncompressed=8000))


def test_member_count_limit() -> None:
    data = builders.zip_of({f"{i}.txt": b"x" for i in range(6)})
    with pytest.raises(InputError, match="6 members, over the limit of 5"):
        read_bytes(data, "many.zip", limits=Limits(max_members=5))


def test_depth_limit_skips_the_too_deep_member_with_a_warning() -> None:
    data = builders.zip_of({"list.txt": b"Axis\n"})
    for _ in range(3):
        data = builders.zip_of({"nested.zip": data})
    doc = read_bytes(data, "deep.zip", limits=Limits(max_depth=2))
    inner = doc.children[0].children[0]
    assert any("max_depth" in w for w in inner.warnings)


def test_corrupt_zip_is_an_input_error() -> None:
    data = builders.zip_of({"a.txt": b"hello" * 100})
    with pytest.raises(InputError, match="cut.zip"):
        read_bytes(data[:-30], "cut.zip")
