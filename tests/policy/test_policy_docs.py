"""docs/policy-packs.md stays true: it shows the shipped example verbatim and every pack."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from custodes.policy import EXAMPLES_DIR, Pack

DOC = Path(__file__).parents[2] / "docs" / "policy-packs.md"


def test_doc_example_is_the_shipped_example() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    shipped = (EXAMPLES_DIR / "council-procurement-policy.yaml").read_text(encoding="utf-8")
    assert [yaml.safe_load(block) for block in blocks] == [yaml.safe_load(shipped)]


def test_doc_lists_every_shipped_pack(packs: tuple[Pack, ...]) -> None:
    text = DOC.read_text(encoding="utf-8")
    for pack in packs:
        assert f"| `{pack.id}` |" in text, pack.id
