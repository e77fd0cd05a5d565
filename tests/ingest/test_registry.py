"""Format detection, file-level errors and batches: the entry points every caller uses."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custodes.errors import InputError
from custodes.ingest import (
    Document,
    Limits,
    Location,
    Reader,
    all_warnings,
    read_bytes,
    read_document,
    read_many,
    register,
)

from . import builders


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty.csv: file is empty"):
        read_document(path)


def test_binary_junk_as_csv() -> None:
    with pytest.raises(InputError, match="junk.csv: not a text file \\(binary content\\)"):
        read_bytes(bytes(range(256)) * 20, "junk.csv")
    with pytest.raises(InputError, match="junk: not a text file \\(binary content\\)"):
        read_bytes(bytes(range(256)) * 20, "junk")


def test_junk_named_pdf_says_it_is_not_a_readable_pdf() -> None:
    with pytest.raises(InputError, match="junk.pdf: not a readable PDF"):
        read_bytes(bytes(range(256)) * 20, "junk.pdf")


def test_too_big_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" * 1000)
    reason = "file is 4000 bytes, over the 100 bytes limit \\(limit max_bytes\\)"
    with pytest.raises(InputError, match=reason):
        read_document(path, limits=Limits(max_bytes=100))


def test_missing_file() -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(Path("/nonexistent/answer.pdf"))


@pytest.mark.parametrize(
    ("data", "name", "media_type", "label"),
    [
        (builders.pdf_letter(), "register.xlsx", "application/pdf", "PDF"),
        (builders.xlsx_register(), "register.csv", builders.XLSX_TYPE, "XLSX"),
        (builders.docx_letter(), "letter.pdf", builders.DOCX_TYPE, "DOCX"),
        (b'[{"site": "Depot"}]', "sites.csv", "application/json", "JSON"),
        (b"Site\tMake\nDepot\tHikvision\n", "export.xlsx", "text/csv", "CSV"),
        (b"<html><body><table><tr><td>a</td></tr></table></body></html>", "export.xls", "text/html", "HTML"),
    ],
)
def test_mislabelled_extension_is_read_by_content_with_a_warning(
    data: bytes, name: str, media_type: str, label: str
) -> None:
    doc = read_bytes(data, name)
    assert doc.media_type == media_type
    ext = "." + name.rsplit(".", 1)[1]
    expected = f"the extension {ext} is wrong: the content is {label}, and was read as such"
    assert doc.warnings[0] == expected


def test_sha256_and_original_bytes_are_kept() -> None:
    data = b"Site,Make\nDepot,Hikvision\n"
    doc = read_bytes(data, "r.csv")
    assert doc.data is data
    assert doc.sha256 == hashlib.sha256(data).hexdigest()


def test_read_many_never_stops_a_batch(tmp_path: Path) -> None:
    (tmp_path / "good.csv").write_bytes(b"Site,Make\nDepot,Hikvision\n")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "locked.pdf").write_bytes(builders.pdf_pages(1, encrypt="pw"))
    sub = tmp_path / "more"
    sub.mkdir()
    (sub / "letter.docx").write_bytes(builders.docx_letter())
    docs, failures = read_many([tmp_path, tmp_path / "missing.csv"])
    assert sorted(Path(d.name).name for d in docs) == ["good.csv", "letter.docx"]
    reasons = {Path(f).name: r for f, r in failures}
    assert reasons == {
        "empty.txt": "file is empty",
        "locked.pdf": "the PDF is encrypted (password required)",
        "missing.csv": "no such file",
    }


def test_all_warnings_walks_tables_and_children() -> None:
    doc = read_bytes(builders.eml_with_attachments(), "reply.eml")
    found = list(all_warnings(doc))
    assert ("reply.eml/attachments/register.xlsx", "Removed: sheet Removed is hidden") in found


def test_location_describe() -> None:
    assert Location(sheet="Assets", cell="B7").describe() == "sheet Assets, cell B7"
    assert Location(page=2).describe() == "page 2"
    assert Location(row=14).describe() == "row 14"
    assert Location().describe() == "whole document"


def test_a_plugin_reader_registers_like_the_built_ins() -> None:
    @register
    class Upper(Reader):
        media_types = ("text/x-custodes-test",)
        extensions = (".cstest",)

        def fill(self, doc: Document, limits: Limits, depth: int) -> None:
            raise ValueError("boom")

    from custodes.ingest import registry

    assert registry.reader_for("text/x-custodes-test") is Upper
    with pytest.raises(InputError, match="x.cstest: cannot read as file: boom"):
        read_bytes(b"data", "x.cstest")
    del registry._REGISTRY["text/x-custodes-test"]


_PREFIXES = [
    b"", b"%PDF-1.4\n", b"PK\x03\x04", bytes.fromhex("D0CF11E0A1B11AE1"), b"{", b"[",
    b"<!DOCTYPE html><html>", b"From: a@b\nSubject: x\nMIME-Version: 1.0\n\n",
]  # fmt: skip
_NAMES = ["x.csv", "x.txt", "x.pdf", "x.xlsx", "x.docx", "x.eml", "x.msg", "x.zip", "x", "x.json"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_PREFIXES), st.binary(max_size=1500), st.sampled_from(_NAMES))
def test_any_bytes_under_any_name_raise_only_input_error(prefix: bytes, body: bytes, name: str) -> None:
    try:
        doc = read_bytes(prefix + body, name)
    except InputError:
        return
    assert len(doc.sha256) == 64


def test_legacy_word_document_is_unsupported() -> None:
    from . import cfb

    data = cfb.write({"WordDocument": b"\x00" * 700, "1Table": b"\x00" * 100})
    with pytest.raises(InputError, match="letter.doc: unsupported format \\(OLE file"):
        read_bytes(data, "letter.doc")
