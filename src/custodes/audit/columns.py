"""Which columns of a table hold make, model, description, quantity and site.

Asset registers name their columns every way imaginable ("Make/Brand", "Model No.",
"Qty", "Location"). Headers are matched against a synonym list kept as data; where no
header says which column holds the equipment, the column whose values resolve best wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from custodes.extract.tables import NOT_MAKE, NOT_QUANTITY

ROLES = ("make", "model", "description", "quantity", "site", "type", "price", "status")
_SYNONYMS_FILE = Path(__file__).with_name("headers.txt")
_NORMAL = re.compile(r"[^a-z0-9/]+")


def _load_synonyms() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {role: [] for role in ROLES}
    for line in _SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            role, synonym = line.split()
            table[role].append(synonym.replace("_", " "))
    return table


SYNONYMS = _load_synonyms()


def normalise_header(header: str) -> str:
    return " ".join(_NORMAL.sub(" ", header.lower()).split())


@dataclass(frozen=True, slots=True)
class ColumnMap:
    make: str | None = None
    model: str | None = None
    description: str | None = None
    quantity: str | None = None
    site: str | None = None
    type: str | None = None
    price: str | None = None
    status: str | None = None
    inferred_from_content: bool = False

    def equipment_columns(self) -> list[str]:
        return [c for c in (self.make, self.model, self.description, self.type) if c]

    def describe(self) -> str:
        parts = [f"{role}={getattr(self, role)!r}" for role in ROLES if getattr(self, role)]
        text = ", ".join(parts) or "no columns recognised"
        return text + (" (equipment column chosen from its values)" if self.inferred_from_content else "")


_IDENTIFIER = re.compile(
    r"\b(?:cam(?:era)?|asset|serial|item|unit|device|site|pole)\s*(?:no\.?|number|#)", re.I
)


def _eligible(role: str, header: str) -> bool:
    """Guards shared with the claim extractor: an installer is no maker, an id or a price no count."""
    if role in ("make", "model", "description", "type") and NOT_MAKE.search(header):
        return False
    return not (role == "quantity" and (NOT_QUANTITY.search(header) or _IDENTIFIER.search(header)))


def _score(header: str, synonyms: list[str]) -> int:
    norm = normalise_header(header)
    if not norm:
        return 0
    if norm in synonyms:
        return 3
    words = set(norm.split())
    return 2 if any(s in words or (" " in s and s in norm) for s in synonyms) else 0


def infer_columns(
    headers: Sequence[str],
    sample: Callable[[str], list[str]] | None = None,
    resolves: Callable[[str], bool] | None = None,
) -> ColumnMap:
    """Choose a column for each role by header; fall back to content for the equipment column.

    ``sample(header)`` returns some non-empty values of a column and ``resolves(text)`` says
    whether the resolver recognises a value; both are only used when no header matched.
    """
    chosen: dict[str, str] = {}
    taken: set[str] = set()
    for role in ("quantity", "price", "status", "make", "model", "site", "type", "description"):
        best, best_score = None, 0
        for header in headers:
            if header in taken or not _eligible(role, header):
                continue
            score = _score(header, SYNONYMS[role])
            if score > best_score:
                best, best_score = header, score
        if best is not None:
            chosen[role] = best
            taken.add(best)
    content = False
    if not any(role in chosen for role in ("make", "model", "description")) and sample and resolves:
        best, best_share = None, 0.0
        for header in headers:
            if header in taken or not _eligible("description", header):
                continue
            values = sample(header)
            if not values:
                continue
            share = sum(1 for v in values if resolves(v)) / len(values)
            if share > best_share:
                best, best_share = header, share
        if best is not None and best_share >= 0.2:
            chosen["description"] = best
            content = True
    return ColumnMap(**chosen, inferred_from_content=content)
