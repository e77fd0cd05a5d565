"""Score claims against a labelled case folder (``expected.json`` next to the documents).

Used by the fixture test and by ``benchmarks/extract.py``, so the test and the published
figures measure the same thing. ``expected.json`` holds:

* ``owned``: every ownership claim that states both a manufacturer and a quantity, as
  ``{"manufacturer": id, "quantity": int}`` (a multiset: order does not matter);
* ``not_owned``: ``{"manufacturer": id}`` negatives that must be found;
* ``refused``: lists of sections, each found within one refusal claim's sections;
* ``not_held``: how many "not held" answers there are (at least one claim each);
* ``hard_negatives``: text that must not be quoted by any ownership claim.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from custodes.extract.claims import Claim


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


@dataclass(slots=True)
class CaseScore:
    """Counts for one case; sum them over cases for precision and recall."""

    owned_expected: int = 0
    owned_found: int = 0
    owned_correct: int = 0
    refused_expected: int = 0
    refused_found: int = 0
    not_held_expected: int = 0
    not_held_found: int = 0
    not_owned_expected: int = 0
    not_owned_found: int = 0
    hard_negative_claims: int = 0
    problems: list[str] = field(default_factory=list)

    def add(self, other: CaseScore) -> None:
        for name in self.__slots__:
            if name != "problems":
                setattr(self, name, getattr(self, name) + getattr(other, name))
        self.problems.extend(other.problems)


def load_expected(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    return data


def case_files(folder: Path, expected: dict[str, Any]) -> list[Path]:
    """The documents of a case: those listed, else every file but expected.json."""
    if expected.get("files"):
        return [folder / name for name in expected["files"]]
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name != "expected.json")


def owned_key(claim: Claim) -> tuple[str, int] | None:
    """What an ownership claim is scored on: (manufacturer, quantity), both stated.

    Totals without a make ("over 1,500 cameras") and makes without a count are claims too,
    but issue 3's measure (and the demo campaign's) scores "manufacturer and quantity both
    right", so only claims that state both are counted.
    """
    if claim.status != "owned" or claim.manufacturer is None or claim.quantity is None:
        return None
    return claim.manufacturer, claim.quantity


def score_case(claims: Iterable[Claim], expected: dict[str, Any]) -> CaseScore:
    claims = list(claims)
    score = CaseScore()
    want = Counter((o.get("manufacturer"), o.get("quantity")) for o in expected.get("owned", []))
    got = Counter(k for c in claims if (k := owned_key(c)) is not None)
    score.owned_expected = sum(want.values())
    score.owned_found = sum(got.values())
    score.owned_correct = sum((want & got).values())
    for key, n in (got - want).items():
        score.problems.append(f"unexpected owned claim {key} x{n}")
    for key, n in (want - got).items():
        score.problems.append(f"missing owned claim {key} x{n}")

    refusals = [set(c.refusal_sections) for c in claims if c.status == "refused"]
    for sections in expected.get("refused", []):
        score.refused_expected += 1
        if any(set(sections) <= found for found in refusals):
            score.refused_found += 1
        else:
            score.problems.append(f"missing refusal {sections} (found {refusals})")

    held = sum(1 for c in claims if c.status == "not_held")
    score.not_held_expected = int(expected.get("not_held", 0))
    score.not_held_found = min(held, score.not_held_expected)
    if held < score.not_held_expected:
        score.problems.append(f"expected {score.not_held_expected} not-held, found {held}")
    if score.not_held_expected == 0 and held:
        score.problems.append(f"{held} not-held claims where none expected")

    negatives = {c.manufacturer for c in claims if c.status == "not_owned"}
    for item in expected.get("not_owned", []):
        score.not_owned_expected += 1
        if item.get("manufacturer") in negatives:
            score.not_owned_found += 1
        else:
            score.problems.append(f"missing not_owned {item}")

    for text in expected.get("hard_negatives", []):
        needle = _norm(text)
        bad = [c for c in claims if c.status == "owned" and needle in _norm(c.quote)]
        score.hard_negative_claims += len(bad)
        for c in bad:
            score.problems.append(f"ownership claim from hard negative {text!r}: {c.quote!r}")
    return score


def find_cases(root: Path) -> list[Path]:
    """Every folder under ``root`` holding an expected.json, sorted."""
    return sorted(p.parent for p in root.rglob("expected.json"))
