"""MSG: a real Outlook message (written by cfb.py) read with its attachment; junk refused."""

from __future__ import annotations

import pytest

from custodes.errors import InputError
from custodes.ingest import iter_tables, read_bytes

from . import builders

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def test_body_headers_and_attachment() -> None:
    doc = read_bytes(builders.msg_with_attachment(), "reply.msg")
    assert doc.media_type == "application/vnd.ms-outlook"
    headers, *body = doc.text
    assert "Subject: FOI 1234 - CCTV" in headers.text
    assert "Date: Mon, 02 Oct 2023 10:00:00 +0100" in headers.text
    assert [(b.text, b.location.describe()) for b in body] == [
        ("Dear requester,", "body, line 1, characters 0-15"),
        ("We hold 47 cameras.", "body, line 3, characters 17-36"),
    ]
    (table,) = iter_tables(doc)
    assert table.rows[0].cells == {"Site": "Depot", "Make": "Hikvision"}
    assert table.rows[0].location.part == "reply.msg/attachments/register.xlsx"


def test_mislabelled_msg_is_detected_by_content() -> None:
    doc = read_bytes(builders.msg_with_attachment(), "reply.xls")
    assert doc.media_type == "application/vnd.ms-outlook"
    assert doc.warnings[0].startswith("the extension .xls is wrong")


def test_junk_with_ole_magic_is_an_input_error() -> None:
    with pytest.raises(InputError, match="reply.msg"):
        read_bytes(OLE_MAGIC + b"\x00" * 600, "reply.msg")
