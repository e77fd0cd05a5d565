"""Counting devices once: totals and their parts, and the same devices in two documents.

An answer often states a total and its split ("In total 120 cameras: Hikvision 100; Axis
20"); adding both counts 240. A letter and its spreadsheet often state the same devices;
adding both counts them twice. This module decides, for one request's claims of owned kit,
how many devices each claim adds:

- a total counts only what its parts leave unexplained (the rest, of unnamed make); a
  total smaller than its parts counts nothing and is flagged ``contradicts-parts`` (both
  are kept). Parts are linked by the extractor (``part_of``) or, while it does not link
  them, found as a claim without a maker stating a number in the same sentence as claims
  with makers and numbers; a part without a device type takes its total's;
- across the documents of one request, counts of the same maker and kind of device are
  taken to describe the same devices and the largest document's count is used
  (``duplicate_of`` points at the claim kept). That is a lower bound — "at least" — never a
  sum of what may be the same kit twice. A link the extractor made is used as it is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from custodes.kb.loader import read_parents

TOTAL, REST, DUPLICATE, CONTRADICTED, COUNTED = "total", "rest", "duplicate", "contradicts-parts", "counted"
COVERED = "covered"
"""Ownership stated with no maker, model or number ("our cameras are listed below") beside
claims that name the makers: it adds no equipment, of unnamed make or any other."""
HOW = (
    "each device counted once: a total by its parts (what they leave is of unnamed make), "
    "the same maker and kind of device stated in two documents of one request once (the "
    "larger count)"
)


@dataclass(slots=True)
class Counted:
    """What one claim adds to device counts; ``devices`` None: it gave no number."""

    claim: dict[str, Any]
    devices: int | None
    role: str = COUNTED
    device_type: str | None = None
    duplicate_of: str | None = None
    parts: list[str] = field(default_factory=list)
    makers: tuple[str | None, ...] = ()
    """The maker, and any sharing its count ("40 Hikvision and Dahua cameras"); (None,) unnamed."""

    def __post_init__(self) -> None:
        shared = self.claim.get("shared_with")
        maker = self.claim.get("manufacturer")
        self.makers = tuple(sorted({maker, *shared}, key=str)) if shared else (maker,)


@cache
def _parents() -> dict[str, str]:
    return read_parents()


def root_type(device_type: str | None) -> str | None:
    """The top of a device type's family: a ptz-camera is a camera."""
    parents = _parents()
    node, seen = device_type, set()
    while node in parents and node not in seen:
        seen.add(node)
        node = parents[node]
    return node


def source_of(claim: dict[str, Any]) -> str:
    """The document a claim was read from: an attachment inside an e-mail is its own."""
    location = claim.get("location") or {}
    return str(location.get("member_sha256") or claim.get("document") or "")


def owned_now(claim: dict[str, Any]) -> bool:
    """Owned by the answering body now: not removed, not planned, not another body's."""
    return (claim.get("period") or "current") == "current" and not claim.get("about_body")


def is_equipment(claim: dict[str, Any]) -> bool:
    """A claim about kit, not only about a capability: it names a maker, a model or a number,
    or a kind of device without any capability."""
    if claim.get("manufacturer") or claim.get("model") or claim.get("quantity") is not None:
        return True
    return bool(claim.get("device_type")) and not claim.get("capabilities")


def count_request(claims: list[dict[str, Any]]) -> list[Counted]:
    """How many devices each of one request's claims of owned kit adds (see the module)."""
    items = [Counted(c, c.get("quantity"), device_type=c.get("device_type")) for c in claims]
    by_key = {str(i.claim["key"]): i for i in items if i.claim.get("key")}
    _totals(items, by_key)
    _duplicates(items, by_key)
    if any(i.claim.get("manufacturer") for i in items):
        for item in items:
            c = item.claim
            if not c.get("manufacturer") and not c.get("model") and c.get("quantity") is None:
                item.role, item.devices = COVERED, 0
    return items


def _totals(items: list[Counted], by_key: dict[str, Counted]) -> None:
    parts_of: dict[int, list[Counted]] = defaultdict(list)
    linked = False
    for item in items:
        parent = by_key.get(str(item.claim.get("part_of") or ""))
        if parent is not None and parent is not item:
            parts_of[id(parent)].append(item)
            linked = True
    if not linked:  # the extractor has not linked parts: same-sentence totals
        groups: dict[tuple[str, str], list[Counted]] = defaultdict(list)
        for item in items:
            groups[(source_of(item.claim), str(item.claim.get("quote")))].append(item)
        for group in groups.values():
            totals = [i for i in group if i.claim.get("manufacturer") is None and i.devices is not None]
            parts = [i for i in group if i.claim.get("manufacturer") is not None and i.devices is not None]
            if len(totals) == 1 and parts:
                parts_of[id(totals[0])] = parts
    for total in items:
        found = parts_of.get(id(total))
        if not found:
            continue
        parts = found
        stated = sum(p.devices or 0 for p in parts)
        total.parts = [str(p.claim.get("key") or p.claim["id"]) for p in parts]
        for part in parts:
            part.device_type = part.device_type or total.device_type
        if total.devices is None or total.devices == stated:
            total.role, total.devices = TOTAL, 0
        elif total.devices > stated:
            total.role, total.devices = REST, total.devices - stated
        else:
            total.role, total.devices = CONTRADICTED, 0


def _duplicates(items: list[Counted], by_key: dict[str, Counted]) -> None:
    for item in items:
        target = by_key.get(str(item.claim.get("duplicate_of") or ""))
        if target is not None and target is not item and target.role != DUPLICATE:
            item.role, item.devices, item.duplicate_of = DUPLICATE, 0, str(target.claim["key"])
    kinds: dict[tuple[Any, ...], dict[str, list[Counted]]] = defaultdict(lambda: defaultdict(list))
    for item in items:
        if item.devices and item.role in (COUNTED, REST):
            kinds[(item.makers, root_type(item.device_type))][source_of(item.claim)].append(item)
    for per_source in kinds.values():
        if len(per_source) < 2:
            continue
        ranked = sorted(per_source.items(), key=lambda kv: (-sum(i.devices or 0 for i in kv[1]), kv[0]))
        kept = ranked[0][1][0]
        for _, others in ranked[1:]:
            for item in others:
                item.role, item.devices = DUPLICATE, 0
                item.duplicate_of = str(kept.claim.get("key") or kept.claim["id"])


def duplicate_links(claims: list[dict[str, Any]]) -> dict[str, str]:
    """For one request's claims: {key: key of the claim it duplicates} for each claim of kit
    owned now that this module counts as the same devices as another and that carries no link
    yet; what ``attach`` records as ``duplicate_of``, so reviewers and exports see it."""
    kit = [c for c in claims if c.get("status") == "owned" and owned_now(c) and is_equipment(c)]
    return {
        str(i.claim["key"]): i.duplicate_of
        for i in count_request(kit)
        if i.role == DUPLICATE and i.duplicate_of and i.claim.get("key") and not i.claim.get("duplicate_of")
    }
