"""The knowledge base: sourced facts as data files, validated on load."""

from __future__ import annotations

from functools import lru_cache

from custodes.kb.loader import DATA_DIR, VOCAB_DIR, KBData, read_kb


@lru_cache(maxsize=1)
def load_kb() -> KBData:
    """The bundled KB, read and checked once per process."""
    return read_kb(DATA_DIR, VOCAB_DIR)


__all__ = ["DATA_DIR", "VOCAB_DIR", "KBData", "load_kb", "read_kb"]
