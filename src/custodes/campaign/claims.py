"""Claims in and out: checking what an extractor returns, and applying a person's review.

The extractor (part 2) and the policy audit (part 1) are injected as plain functions, so
the campaign code runs the same with the real ones, a test's fixture parser, or none.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from custodes.blobs import sha256_file
from custodes.errors import StoreError

Extractor = Callable[[Path], list[dict[str, Any]]]
Auditor = Callable[[Mapping[str, Any]], list[dict[str, Any]]]

STATUSES = ("owned", "not_owned", "not_held", "refused", "mentioned")
LEVELS = ("capable", "enabled", "in_use")
DECISIONS = ("confirm", "correct", "reject")
FIELDS = (
    "file",
    "location",
    "quote",
    "status",
    "manufacturer",
    "brand_text",
    "model",
    "quantity",
    "quantity_text",
    "device_type",
    "capabilities",
    "refusal_sections",
    "confidence",
)
CORRECTABLE = frozenset(FIELDS) - {"file", "location", "quote"}
FINDING_FIELDS = ("pack", "rule", "severity", "effective", "citation", "why")


def _as_dict(item: Any) -> dict[str, Any]:
    if isinstance(item, Mapping):
        return dict(item)
    for method in ("model_dump", "to_dict"):
        if hasattr(item, method):
            return dict(getattr(item, method)())
    raise StoreError(f"extractor returned a {type(item).__name__}, not a claim object")


def default_extractor() -> Extractor | None:
    """Part 2's ``custodes.extract.extract_claims`` when it is installed, else None."""
    try:
        module = importlib.import_module("custodes.extract")
    except ImportError:
        return None
    found = getattr(module, "extract_claims", None)
    return None if found is None else partial(_run_part2, found)


def _run_part2(found: Callable[..., Any], path: Path) -> list[dict[str, Any]]:
    """Adapt part 2's batch API to one file; a failure stops this attach with its reason.

    Claims read from a file inside the answer (an e-mail's attachment, a ZIP member) keep
    that inner file's sha256 in ``location["member_sha256"]``.
    """
    result = found([path])
    failures = getattr(result, "failures", [])
    if failures:
        reasons = "; ".join(f"{name}: {reason}" for name, reason in failures)
        raise StoreError(f"{path}: cannot extract claims: {reasons}")
    top = sha256_file(path)
    out = []
    for item in getattr(result, "claims", result):
        claim = _as_dict(item)
        location = dict(claim.get("location") or {})
        if claim.get("document") and claim["document"] != top:
            location["member_sha256"] = claim["document"]
        extra = {k: claim[k] for k in ("site", "dates") if claim.get(k)}
        if extra:
            location["extra"] = extra
        out.append(claim | {"location": location})
    return out


def default_auditor() -> Auditor | None:
    """Part 1's rule packs (through :mod:`custodes.campaign.policy_bridge`) when installed."""
    try:
        for name in ("custodes.policy", "custodes.kb", "custodes.kb.groups"):
            importlib.import_module(name)
    except ImportError:
        return None
    from custodes.campaign.policy_bridge import audit_claim

    return audit_claim


def check_claim(raw: Mapping[str, Any], file: str) -> dict[str, Any]:
    """One claim dict with exactly the claim fields and sane types, or a StoreError."""
    claim = {k: raw.get(k) for k in FIELDS}
    claim["file"] = claim["file"] or file
    if claim["status"] not in STATUSES:
        raise StoreError(f"{file}: claim status {claim['status']!r} is not one of {STATUSES}")
    if not isinstance(claim["quote"], str) or not claim["quote"].strip():
        raise StoreError(f"{file}: a claim has no quote (every claim needs its source text)")
    if not isinstance(claim["location"], Mapping):
        raise StoreError(f"{file}: claim location must be an object, got {claim['location']!r}")
    claim["location"] = dict(claim["location"])
    quantity = claim["quantity"]
    if quantity is not None and (isinstance(quantity, bool) or not isinstance(quantity, int)):
        raise StoreError(f"{file}: claim quantity must be a whole number or null")
    claim["capabilities"] = normalise_capabilities(claim["capabilities"] or [], file)
    claim["refusal_sections"] = [str(s) for s in claim["refusal_sections"] or []]
    confidence = claim["confidence"]
    claim["confidence"] = float(confidence) if isinstance(confidence, int | float) else 0.0
    for key in ("file", "quote", "manufacturer", "brand_text", "model", "quantity_text",
                "device_type"):  # fmt: skip
        if claim[key] is not None:
            claim[key] = str(claim[key]).replace("\x00", "")  # PostgreSQL text cannot hold NUL
    return claim


def normalise_capabilities(items: Any, file: str) -> list[dict[str, Any]]:
    """Capabilities as ``[{name, level}]``; a bare name means the weakest level, capable."""
    if not isinstance(items, list):
        raise StoreError(f"{file}: capabilities must be a list")
    out: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, str):
            out.append({"name": item, "level": "capable"})
        elif isinstance(item, Mapping) and isinstance(item.get("name"), str):
            level = item.get("level") or "capable"
            if level not in LEVELS:
                raise StoreError(f"{file}: capability level {level!r} is not one of {LEVELS}")
            out.append({**dict(item), "level": level})
        else:
            raise StoreError(f"{file}: capability {item!r} has no name")
    return out


def check_correction(corrected: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(corrected) - CORRECTABLE
    if unknown:
        raise StoreError(
            f"cannot correct {', '.join(sorted(unknown))}; "
            f"correctable fields: {', '.join(sorted(CORRECTABLE))}"
        )
    fixed = dict(corrected)
    if "status" in fixed and fixed["status"] not in STATUSES:
        raise StoreError(f"status {fixed['status']!r} is not one of {STATUSES}")
    if "capabilities" in fixed:
        fixed["capabilities"] = normalise_capabilities(fixed["capabilities"], "correction")
    if "quantity" in fixed and fixed["quantity"] is not None:
        try:
            fixed["quantity"] = int(fixed["quantity"])
        except (TypeError, ValueError) as exc:
            raise StoreError(f"quantity {fixed['quantity']!r} is not a whole number") from exc
    return fixed


def effective(claim: Mapping[str, Any], decision: str | None, corrected: Any) -> dict[str, Any]:
    """The claim as statistics see it: the reviewer's corrections over the machine's fields."""
    if decision is None and isinstance(claim, dict):
        claim["review"] = None  # unreviewed: no copy needed (hot path for statistics)
        return claim
    out = dict(claim)
    if decision == "correct" and isinstance(corrected, Mapping):
        out.update(corrected)
    out["review"] = decision
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
