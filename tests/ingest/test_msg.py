"""MSG: an OLE file that is not a readable message is a clean InputError."""

from __future__ import annotations

import pytest

from custodes.errors import InputError
from custodes.ingest import read_bytes

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def test_junk_with_ole_magic_is_an_input_error() -> None:
    with pytest.raises(InputError, match="reply.msg"):
        read_bytes(OLE_MAGIC + b"\x00" * 600, "reply.msg")
