"""Decide how far to trust each candidate claim: features in, a logistic score out.

The rules (``sentence.py``) propose candidates; this module describes each one by what a
careful reader would look at -- the line's role, the document's kind, the noun the count
counts, whether the "count" is a label, a range or a reading, negation, modality, a maker
carried from the question -- and a logistic regression trained on our own labelled
documents (``training/train_scorer.py``) turns them into ``confidence``. The weights ship as
JSON (``data/claim_scorer.json``) and are evaluated here in plain Python, so start-up stays
fast. Every claim keeps the features and their contributions that decided it.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from custodes.extract import cues
from custodes.extract.claims import DOC_KINDS

WEIGHTS = Path(__file__).parent / "data" / "claim_scorer.json"
ROLES = ("answer", "body", "heading", "boilerplate", "question")


_LABEL_COUNT = re.compile(
    r"^\W{0,3}(?:(?:section|para(?:graph)?|item|appendix|annex)\s+)?\d{1,2}(?:\.\d{1,2})+\b|"
    r"^\W{0,3}\d{1,2}\s*[-–—.)]\s+[A-Z]|^\W{0,3}\[\d{1,3}\]|\|\s*\d{1,3}\s*\|\s*$",
    re.IGNORECASE,
)
_RANGE = re.compile(r"\b\d[\d,]*\s*(?:to|-|–|or)\s*\d[\d,]*\b")
_REPORTING = re.compile(
    r"\b(?:said|says|told|according\s+to|reported(?:ly)?|claimed|announced|revealed|found\s+that|"
    r"spokes(?:person|man|woman))\b",
    re.IGNORECASE,
)
_WE = re.compile(
    r"\b(?:we|our|us|the\s+(?:council|force|trust|authority|service|agency|department|board|"
    r"college|school|academy|university|office|government|system))\b",
    re.IGNORECASE,
)
_PARTITIVE = re.compile(r"^\s*(?:of|out\s+of)\b", re.IGNORECASE)


def _after_count(quote: str, quantity_text: str | None) -> str:
    if not quantity_text:
        return ""
    at = quote.find(quantity_text)
    return quote[at + len(quantity_text) :] if at >= 0 else ""


def features(
    *,
    status: str,
    quote: str,
    line: str,
    role: str,
    kind: str,
    manufacturer: str | None,
    brand_text: str | None,
    quantity: int | None,
    quantity_text: str | None,
    device_type: str | None,
    capabilities: int,
    rule_confidence: float,
    carried: bool = False,
) -> dict[str, float]:
    """The named features of one candidate (all 0/1 but the rule's own confidence)."""
    f: dict[str, float] = {"bias": 1.0, "rule_confidence": rule_confidence}
    for r in ROLES:
        f[f"role_{r}"] = float(role == r)
    for k in DOC_KINDS:
        f[f"kind_{k}"] = float(kind == k)
    f["has_maker"] = float(manufacturer is not None)
    f["maker_carried"] = float(carried)
    f["has_count"] = float(quantity is not None)
    f["has_type"] = float(device_type is not None)
    f["capabilities_only"] = float(manufacturer is None and quantity is None and capabilities > 0)
    f["nothing_stated"] = float(manufacturer is None and quantity is None and device_type is None)
    f["maker_not_in_quote"] = float(
        manufacturer is not None and bool(brand_text) and (brand_text or "").lower() not in quote.lower()
    )
    after = _after_count(quote, quantity_text)
    noun = cues.counted_noun(after) if quantity is not None else None
    f["count_counts_device"] = float(noun == "device")
    f["count_counts_other"] = float(noun is not None and noun != "device")
    f["count_is_label"] = float(
        quantity is not None
        and bool(quantity_text)
        and line.lstrip().startswith(quantity_text or "\0")
        and bool(_LABEL_COUNT.search(line))
    )
    f["count_in_range"] = float(quantity is not None and bool(_RANGE.search(quote)))
    f["count_partitive"] = float(quantity is not None and bool(_PARTITIVE.match(after)))
    f["count_fraction"] = float(quantity is not None and bool(cues.FRACTION_AFTER.match(after)))
    f["count_large"] = float((quantity or 0) >= 5000)
    f["received_from"] = float(bool(cues.RECEIVED_FROM.search(quote)))
    f["reporting"] = float(bool(_REPORTING.search(quote)))
    f["we"] = float(bool(_WE.search(quote)))
    f["negation"] = float(bool(cues.NEGATION.search(quote)))
    f["modal"] = float(bool(cues.MODAL.search(quote)))
    f["intent"] = float(bool(cues.INTENT.search(quote)))
    f["question_mark"] = float("?" in quote)
    f["short"] = float(len(quote.split()) <= 6)
    f["title_line"] = float(
        len(line.split()) <= 10 and not line.rstrip().endswith((".", ":")) and line[:1].isupper()
    )
    return f


@lru_cache(maxsize=1)
def _weights() -> tuple[dict[str, float], float]:
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    return dict(zip(data["features"], data["coefficients"], strict=True)), float(data["intercept"])


def confidence(feats: dict[str, float]) -> tuple[float, dict[str, float]]:
    """P(claim is right) and each feature's contribution (weight x value) to the log-odds."""
    weights, intercept = _weights()
    parts = {k: round(weights[k] * v, 3) for k, v in feats.items() if k in weights and v}
    z = intercept + sum(weights[k] * v for k, v in feats.items() if k in weights)
    return 1.0 / (1.0 + math.exp(-z)), parts
