"""Campaign test helpers: a tiny extractor and a one-rule auditor, injected into ``attach``.

The store fixtures (SQLite and PostgreSQL) live in ``tests/conftest.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest


def parse_claim_lines(path: Path) -> list[dict[str, object]]:
    """A tiny extractor for test answers, one claim per line:

    ``status|manufacturer|model|quantity|device_type|cap:level,cap:level|s.31,s.24``

    Blank fields are null; lines starting with '#' are prose the extractor ignores.
    """
    claims: list[dict[str, object]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = (line.split("|") + [""] * 7)[:7]
        status, maker, model, qty, dtype, caps, sections = (p.strip() for p in parts)
        capabilities = [{"name": c.split(":")[0], "level": c.split(":")[1]} for c in caps.split(",") if c]
        claims.append(
            {
                "file": path.name,
                "location": {"line": number},
                "quote": line,
                "status": status,
                "manufacturer": maker or None,
                "brand_text": maker or None,
                "model": model or None,
                "quantity": int(qty) if qty else None,
                "quantity_text": qty or None,
                "device_type": dtype or None,
                "capabilities": capabilities,
                "refusal_sections": [s for s in sections.split(",") if s],
                "confidence": 0.9,
            }
        )
    return claims


RESTRICTED = {"hikvision", "dahua"}


def ndaa_audit(claim: Mapping[str, object]) -> list[dict[str, object]]:
    """A one-rule policy stand-in: NDAA s.889 names Hikvision and Dahua."""
    if claim.get("manufacturer") in RESTRICTED:
        return [
            {
                "pack": "us-ndaa-889",
                "rule": "named-entity",
                "severity": "high",
                "effective": "2019-08-13",
                "citation": "Pub. L. 115-232, s.889",
                "why": f"{claim['manufacturer']} is named in s.889(f)(3)(A)",
            }
        ]
    return []


@pytest.fixture
def extractor() -> Callable[[Path], list[dict[str, object]]]:
    return parse_claim_lines


@pytest.fixture
def auditor() -> Callable[[Mapping[str, object]], list[dict[str, object]]]:
    return ndaa_audit
