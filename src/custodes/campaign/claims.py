"""Claims in and out: checking what an extractor returns, and applying a person's review.

The one claim model is :class:`custodes.extract.claims.Claim`; the fields stored, the
statuses, levels and review states all come from it. The extractor and the policy audit
are injected as plain functions, so the campaign code runs the same with the real ones, a
test's fixture parser, or none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from custodes.blobs import sha256_file
from custodes.errors import StoreError
from custodes.extract import extract_claims
from custodes.extract.claims import REVIEW_STATES, Claim, make_claim_id
from custodes.policy import Pack, load_packs
from custodes.policy.facts import claim_findings
from custodes.settings import AUTO_ACCEPT

Extractor = Callable[[Path], list[dict[str, Any]]]
Auditor = Callable[[Mapping[str, Any]], list[dict[str, Any]]]

FIELDS: tuple[str, ...] = tuple(k for k in Claim.model_fields if k not in ("id", "document"))
"""What a stored claim keeps beside its document and key: every field of the claim model."""
CORRECTABLE = frozenset(FIELDS) - {"file", "location", "quote", "confidence", "features", "review",
                                   "doc_kind", "role"}  # fmt: skip
DECISIONS: dict[str, str] = {"confirm": "confirmed", "correct": "corrected", "reject": "rejected"}
"""A reviewer's decision and the review state it puts the claim in."""
FINDING_FIELDS = ("pack", "rule", "severity", "effective", "citation", "why")
MAX_QUANTITY = 2**31 - 1
COLUMN_OF: dict[str, str] = {"id": "key", "body": "about_body"}
"""Model fields stored under another column name (the row's own ``id`` is an integer)."""


def to_row(claim: Mapping[str, Any]) -> dict[str, Any]:
    """A checked claim as the store's columns."""
    return {COLUMN_OF.get(k, k): v for k, v in claim.items()}


def from_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A stored claim's columns under the model's field names (``id`` stays the row id)."""
    back = {v: k for k, v in COLUMN_OF.items() if k != "id"}
    return {back.get(k, k): v for k, v in row.items()}


assert set(DECISIONS.values()) <= set(REVIEW_STATES)


def _as_dict(item: Any) -> dict[str, Any]:
    if isinstance(item, Mapping):
        return dict(item)
    if isinstance(item, Claim):
        return item.model_dump()
    raise StoreError(f"extractor returned a {type(item).__name__}, not a claim object")


def default_extractor() -> Extractor:
    """``custodes.extract.extract_claims`` adapted to one file."""
    return run_extractor


def run_extractor(path: Path) -> list[dict[str, Any]]:
    """Extract one file's claims; a failure stops this attach with its reason.

    Claims read from a file inside the answer (an e-mail's attachment, a ZIP member) keep
    that inner file's sha256 in ``location["member_sha256"]``; the stored claim's document is
    the file attached.
    """
    result = extract_claims([path])
    if result.failures:
        reasons = "; ".join(f"{name}: {reason}" for name, reason in result.failures)
        raise StoreError(f"{path}: cannot extract claims: {reasons}")
    top = sha256_file(path)
    out = []
    for item in result.claims:
        claim = _as_dict(item)
        location = dict(claim.get("location") or {})
        if claim.get("document") and claim["document"] != top:
            location["member_sha256"] = claim["document"]
        out.append(claim | {"location": location, "document": top})
    return out


@lru_cache(maxsize=1)
def _packs() -> tuple[Pack, ...]:
    return tuple(load_packs())


def audit_claim(claim: Mapping[str, Any], as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """Findings of the built-in rule packs for one owned claim, as of ``as_of`` (today)."""
    return [
        {
            "pack": f.pack,
            "rule": f.rule,
            "severity": f.severity,
            "effective": f.effective.isoformat(),
            "citation": f.citation,
            "why": f.why,
        }
        for f in claim_findings(claim, _packs(), as_of or dt.date.today())
    ]


def default_auditor() -> Auditor:
    """The built-in rule packs through the one policy-facts builder."""
    return audit_claim


def _model(values: Mapping[str, Any], file: str) -> dict[str, Any]:
    try:
        return Claim.model_validate(dict(values)).model_dump()
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "claim"
        raise StoreError(f"{file}: claim {where}: {first['msg']}") from None


def check_claim(raw: Mapping[str, Any], file: str, document: str) -> dict[str, Any]:
    """One claim as the model defines it (id derived when the extractor gave none), or a
    StoreError naming the file and the field."""
    claim: dict[str, Any] = {k: raw.get(k) for k in FIELDS if raw.get(k) is not None}
    claim["file"] = claim.get("file") or file
    if not isinstance(claim.get("quote"), str) or not claim["quote"].strip():
        raise StoreError(f"{file}: a claim has no quote (every claim needs its source text)")
    if not isinstance(claim.get("location"), Mapping) or not claim["location"]:
        raise StoreError(f"{file}: claim location must be an object, got {raw.get('location')!r}")
    quantity = claim.get("quantity")
    if quantity is not None and (isinstance(quantity, bool) or not isinstance(quantity, int)):
        raise StoreError(f"{file}: claim quantity must be a whole number or null")
    if quantity is not None and abs(quantity) > MAX_QUANTITY:
        raise StoreError(f"{file}: claim quantity {str(quantity)[:20]}... is too large to be a count")
    claim["capabilities"] = normalise_capabilities(claim.get("capabilities") or [], file)
    claim["refusal_sections"] = [str(s) for s in claim.get("refusal_sections") or []]
    confidence = claim.get("confidence")
    claim["confidence"] = float(confidence) if isinstance(confidence, int | float) else 0.0
    for key, value in list(claim.items()):
        if isinstance(value, str):
            claim[key] = value.replace("\x00", "")  # PostgreSQL text cannot hold NUL
    claim["document"] = document
    claim["id"] = raw.get("id") or make_claim_id(document, claim["location"], claim["quote"])
    return _model(claim, file)


def normalise_capabilities(items: Any, file: str) -> list[dict[str, Any]]:
    """Capabilities as ``[{name, level}]``; a bare name means the weakest level, capable."""
    if not isinstance(items, list):
        raise StoreError(f"{file}: capabilities must be a list")
    out: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, str):
            out.append({"name": item, "level": "capable"})
        elif isinstance(item, Mapping) and isinstance(item.get("name"), str):
            out.append({**dict(item), "level": item.get("level") or "capable"})
        else:
            raise StoreError(f"{file}: capability {item!r} has no name")
    return out


def check_correction(claim: Mapping[str, Any], corrected: Mapping[str, Any]) -> dict[str, Any]:
    """The corrected fields, checked by the claim model against the claim they correct."""
    unknown = set(corrected) - CORRECTABLE
    if unknown:
        raise StoreError(
            f"cannot correct {', '.join(sorted(unknown))}; "
            f"correctable fields: {', '.join(sorted(CORRECTABLE))}"
        )
    fixed = dict(corrected)
    if "capabilities" in fixed:
        fixed["capabilities"] = normalise_capabilities(fixed["capabilities"], "correction")
    if "quantity" in fixed and fixed["quantity"] is not None:
        try:
            fixed["quantity"] = int(fixed["quantity"])
        except (TypeError, ValueError) as exc:
            raise StoreError(f"quantity {fixed['quantity']!r} is not a whole number") from exc
    base = {k: v for k, v in claim.items() if k in FIELDS and v is not None}
    checked = _model(
        base | fixed | {"id": claim.get("key") or "0", "document": claim["document"]}, "correction"
    )
    return {k: checked[k] for k in fixed}


def auto_threshold(campaign: Any) -> float:
    """The campaign's auto-accept threshold, else the declared default."""
    own = getattr(campaign, "auto_accept_threshold", None)
    return AUTO_ACCEPT if own is None else float(own)


def auto_accepts(campaign: Any) -> Callable[[float], bool] | None:
    """Whether an unreviewed claim of this confidence counts as auto-accepted (None: off)."""
    if not getattr(campaign, "auto_accept", False):
        return None
    cut = auto_threshold(campaign)
    return lambda confidence: confidence >= cut


def effective(
    claim: dict[str, Any],
    decision: str | None,
    corrected: Any,
    auto: Callable[[float], bool] | None = None,
) -> dict[str, Any]:
    """The claim as statistics see it: the reviewer's corrections over the machine's fields,
    and ``review`` the state the latest decision put it in; unreviewed, ``auto-accepted``
    when the campaign's rule ``auto`` accepts its confidence, else ``proposed``."""
    if decision is None:
        accepted = auto is not None and auto(float(claim.get("confidence") or 0.0))
        claim["review"] = "auto-accepted" if accepted else "proposed"
        return claim  # unreviewed: no copy needed (hot path for statistics)
    out = dict(claim)
    if decision == "correct" and isinstance(corrected, Mapping):
        out.update(corrected)
    out["review"] = DECISIONS.get(decision, decision)
    return out


def check_finding(raw: Mapping[str, Any]) -> dict[str, Any]:
    finding = {k: raw.get(k) for k in FINDING_FIELDS}
    if not finding["pack"] or not finding["rule"]:
        raise StoreError(f"a finding needs a pack and a rule, got {dict(raw)!r}")
    finding["severity"] = str(finding["severity"] or "info")
    finding["why"] = str(finding["why"] or "")
    for key in ("effective", "citation"):
        finding[key] = None if finding[key] is None else str(finding[key])
    return finding
