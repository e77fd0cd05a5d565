"""Score claims against a hand-labelled gold file (``gold.json``: one entry per document).

The definitions are the evaluation corpus's own, so the benchmark, the tests and the
published figures measure the same thing:

* **precision** over every owned claim emitted for documents whose entry is ``complete``:
  the share agreeing with a gold ``owned`` item. A field the claim leaves null asserts
  nothing; a claim agreeing only with an ``ambiguous`` item is left out.
* **recall**: the share of gold ``owned`` items matched by some owned claim, manufacturer
  and quantity equal where the gold gives them (device types compatible where both do).
* **violations**: owned claims naming a maker in ``forbid_owned``, reading a ``forbid_text``
  string as a maker, or naming any maker where ``no_owned_vendor`` is true.
* **refusal sections** compared by their leading digits; **not-held** and **not-owned**
  recall: a claim of that status was emitted where the gold expects one.

Each figure is kept per document kind and at a confidence threshold, so the same run
reports the auto-accepted claims and every proposed one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from custodes.extract.claims import Claim
from custodes.kb.loader import read_vocab

_GOLD_TYPES = {"body-worn-camera": "body-camera", "anpr-camera": "camera", "cctv-camera": "camera"}
"""Device types the gold spells differently from the KB vocabulary."""


def _parents() -> dict[str, str]:
    out = {}
    for line in read_vocab("device_type_parents.txt"):
        child, parent = line.split()
        out[child] = parent
    return out


_PARENT = _parents()


def _dtype(value: str | None) -> str | None:
    return _GOLD_TYPES.get(value, value) if value else None


def types_agree(claim_type: str | None, gold_type: str | None) -> bool:
    """Equal, or one is the other's parent ("ptz-camera" is a "camera"); null agrees."""
    a, b = _dtype(claim_type), _dtype(gold_type)
    if a is None or b is None or a == b:
        return True
    return _PARENT.get(a) == b or _PARENT.get(b) == a


def agrees(claim: Claim, item: dict[str, Any]) -> bool:
    """A claim agrees with a gold item when every field it states matches."""
    if claim.manufacturer is not None and claim.manufacturer != item.get("manufacturer"):
        return False
    if claim.quantity is not None and claim.quantity != item.get("quantity"):
        return False
    return types_agree(claim.device_type, item.get("device_type"))


def matches(item: dict[str, Any], claim: Claim) -> bool:
    """A gold item is found by a claim equal on every field the gold gives.

    An item with neither maker nor count ("the trust has body-worn cameras") needs a claim
    naming a compatible device type: otherwise any claim at all would find it.
    """
    given = False
    for key in ("manufacturer", "quantity"):
        if item.get(key) is not None:
            given = True
            if getattr(claim, key) != item[key]:
                return False
    if not given and item.get("device_type") and claim.device_type is None:
        return False
    return types_agree(claim.device_type, item.get("device_type"))


def _digits(section: str) -> str:
    m = re.search(r"\d+", section)
    return m.group(0) if m else section


def _brief(c: Claim) -> str:
    what = ", ".join(
        f"{k}={v}" for k in ("manufacturer", "quantity", "device_type") if (v := getattr(c, k)) is not None
    )
    return f"[{c.confidence:.2f}] ({what or 'no fields'}) {c.quote[:110]!r}"


@dataclass(slots=True)
class GoldScore:
    """Counts for one document or a sum of them."""

    documents: int = 0
    emitted: int = 0
    true: int = 0
    ambiguous: int = 0
    expected: int = 0
    matched: int = 0
    violations: int = 0
    refusals_expected: int = 0
    refusals_found: int = 0
    not_held_expected: int = 0
    not_held_found: int = 0
    not_owned_expected: int = 0
    not_owned_found: int = 0
    false_claims: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    violating: list[str] = field(default_factory=list)

    def add(self, other: GoldScore) -> None:
        for f in fields(self):
            mine = getattr(self, f.name)
            if isinstance(mine, list):
                mine.extend(getattr(other, f.name))
            else:
                setattr(self, f.name, mine + getattr(other, f.name))

    @property
    def precision(self) -> float | None:
        return self.true / self.emitted if self.emitted else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.expected if self.expected else None


def score_gold(claims: Iterable[Claim], gold: dict[str, Any], threshold: float = 0.0) -> GoldScore:
    """Score one document's claims (those with confidence >= ``threshold``) against its entry."""
    kept = [c for c in claims if c.confidence >= threshold]
    owned = [c for c in kept if c.status == "owned"]
    score = GoldScore(documents=1)
    items: list[dict[str, Any]] = gold.get("owned", [])
    if gold.get("complete"):
        for c in owned:
            if any(agrees(c, item) for item in items):
                score.emitted += 1
                score.true += 1
            elif any(agrees(c, item) for item in gold.get("ambiguous", [])):
                score.ambiguous += 1
            else:
                score.emitted += 1
                score.false_claims.append(_brief(c))
    for item in items:
        score.expected += 1
        if any(matches(item, c) for c in owned):
            score.matched += 1
        else:
            what = {k: item.get(k) for k in ("manufacturer", "quantity", "device_type", "body")}
            score.missed.append(str(what))
    forbid = {m.lower() for m in gold.get("forbid_owned", [])}
    forbid_text = [t.lower() for t in gold.get("forbid_text", [])]
    for c in owned:
        maker = (c.manufacturer or "").lower()
        written = (c.brand_text or "").lower()
        reasons = []
        if maker and maker in forbid:
            reasons.append("forbidden maker")
        if maker and any(t in maker or t in written or written and written in t for t in forbid_text):
            reasons.append("forbidden text read as a maker")
        if maker and gold.get("no_owned_vendor"):
            reasons.append("no owned maker allowed")
        if reasons:
            score.violations += 1
            score.violating.append(f"{'; '.join(reasons)}: {_brief(c)}")
    sections = {_digits(s) for c in kept if c.status in ("refused", "not_held") for s in c.refusal_sections}
    for wanted in gold.get("refusals", []):
        score.refusals_expected += 1
        if _digits(str(wanted)) in sections:
            score.refusals_found += 1
        else:
            score.missed.append(f"refusal section {wanted}")
    statuses = {c.status for c in kept}
    for key, status in (("not_held", "not_held"), ("not_owned", "not_owned")):
        if gold.get(key):
            setattr(score, f"{key}_expected", 1)
            if status in statuses:
                setattr(score, f"{key}_found", 1)
            else:
                score.missed.append(f"a {status} claim")
    return score
