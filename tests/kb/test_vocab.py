"""Controlled vocabularies: sorted, no case-fold duplicates, every term used or explained."""

from __future__ import annotations

import pytest

from custodes.kb import VOCAB_DIR, load_kb
from custodes.kb.loader import read_parents, read_vocab

LISTS = ["device_types.txt", "capabilities.txt", "levels.txt", "grades.txt", "not_fuzzy.txt"]


@pytest.mark.parametrize("name", LISTS)
def test_vocab_sorted_without_casefold_duplicates(name: str) -> None:
    terms = read_vocab(name)
    assert terms == sorted(terms), f"{name} is not sorted"
    folded = [t.casefold() for t in terms]
    assert len(folded) == len(set(folded)), f"{name} has case-fold duplicates"


def test_parents_and_keywords_use_known_device_types() -> None:
    types = set(read_vocab("device_types.txt"))
    for child, parent in read_parents().items():
        assert child in types and parent in types
    for line in read_vocab("device_type_keywords.txt"):
        assert line.split()[1] in types, line


def test_capabilities_used_by_kb_are_in_vocabulary() -> None:
    kb = load_kb()
    vocab = set(read_vocab("capabilities.txt"))
    used = {c.name for _, mf in kb.model_files for r in mf.rules for c in r.capabilities}
    assert used <= vocab


def test_red_line_capability_is_in_vocabulary() -> None:
    # The seed story: equipment advertised as telling Uyghurs from Han. custodes must be able
    # to say a device is *capable* of this, never do it.
    assert "ethnicity-categorisation" in read_vocab("capabilities.txt")
    assert (VOCAB_DIR / "capabilities.txt").exists()
