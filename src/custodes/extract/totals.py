"""Totals, their parts, and repeats within one document.

"In total 95 cameras: Hikvision 60, Axis 25 and Hanwha 10" states 95 devices once, not 190.
A total and the counts that split it (by maker, site or type) are linked: each part gets
``part_of`` = the total's id, the total gets the flag ``total``, and a part with no maker
inherits the total's ("sixty Hikvision cameras ... 48 at one site ... the other twelve").
A total announced as such whose parts add up to something else keeps both and is flagged
``contradicts-parts``. A refusal repeated with the same sections points at the first one
(``duplicate_of``, flag ``duplicate``), so it is counted once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from custodes.extract.claims import Claim
from custodes.extract.scorer import confidence

_TOTAL_CUE = re.compile(
    r"\b(?:in\s+total|total(?:\s+of)?|altogether|overall|in\s+all|all\s+told)\b", re.IGNORECASE
)
_SPLIT_CUE = re.compile(
    r"\b(?:of\s+(?:these|which|them|those)|comprising|made\s+up\s+of|broken\s+down)\b", re.IGNORECASE
)
WINDOW = 6
"""How many following counted claims may be parts of one total."""


def _start(c: Claim) -> int:
    span = c.location.get("span")
    return int(span[0]) if isinstance(span, list) and span else 0


def _flag(c: Claim, flag: str) -> list[str]:
    return c.flags if flag in c.flags else [*c.flags, flag]


def link_totals(claims: Sequence[Claim]) -> list[Claim]:
    """Claims of one document with totals, parts and repeated refusals linked."""
    out = list(claims)
    index = {c.id: i for i, c in enumerate(out)}
    counted = sorted(
        (c for c in out if c.status == "owned" and c.quantity is not None and c.part_of is None),
        key=lambda c: (str(c.location.get("page", "")), _start(c)),
    )
    taken: set[str] = set()
    for part, total in _parts_before_wholes(counted):  # "Two of our 9 cameras are Uniview"
        out[index[total.id]] = out[index[total.id]].model_copy(update={"flags": _flag(total, "total")})
        out[index[part.id]] = out[index[part.id]].model_copy(update={"part_of": total.id})
        taken.update((part.id, total.id))
    for i, total in enumerate(counted):
        if total.id in taken:
            continue
        after = [c for c in counted[i + 1 : i + 1 + WINDOW] if c.id not in taken]
        parts, contradicts = _parts(total, after)
        if not parts:
            continue
        flags = _flag(out[index[total.id]], "total")
        if contradicts:
            flags = _flag(out[index[total.id]].model_copy(update={"flags": flags}), "contradicts-parts")
        out[index[total.id]] = out[index[total.id]].model_copy(update={"flags": flags})
        for part in parts:
            update: dict[str, object] = {"part_of": total.id}
            if part.manufacturer is None and total.manufacturer is not None:
                update["manufacturer"] = total.manufacturer  # the maker carried from the total
                update["brand_text"] = total.brand_text
                if part.features:  # re-scored as what it now is: a count with a carried maker
                    feats = {**part.features, "has_maker": 1.0, "maker_carried": 1.0}
                    update["features"] = feats
                    update["confidence"] = round(confidence(feats)[0], 3)
            out[index[part.id]] = out[index[part.id]].model_copy(update=update)
            taken.add(part.id)
        taken.add(total.id)
    return _collapse_refusals(out)


def _parts_before_wholes(counted: Sequence[Claim]) -> list[tuple[Claim, Claim]]:
    """(part, whole) pairs stated as "N of our M" in one sentence, the part first."""
    pairs = []
    for a, b in zip(counted, counted[1:], strict=False):
        if a.quote != b.quote or not a.quantity_text or not b.quantity_text:
            continue
        assert a.quantity is not None and b.quantity is not None
        shape = rf"{re.escape(a.quantity_text)}\s+of\s+(?:all\s+)?(?:our|the|its|their|these|those)?\s*"
        if a.quantity < b.quantity and re.search(shape + rf"{re.escape(b.quantity_text)}\b", a.quote):
            pairs.append((a, b))
    return pairs


def _parts(total: Claim, after: list[Claim]) -> tuple[list[Claim], bool]:
    """The counts after a total that split it, and whether they contradict it.

    Parts are the following counts that add up to the total exactly (two or more), or those
    a split cue introduces ("of which 37 are Hikvision"). A total announced as one ("in
    total 120: ...") whose next counts in the same sentence add up to something else
    contradicts them.
    """
    assert total.quantity is not None
    run: list[Claim] = []
    acc = 0
    for c in after:
        assert c.quantity is not None
        if c.quantity >= total.quantity or acc + c.quantity > total.quantity:
            break
        if total.manufacturer and c.manufacturer and c.manufacturer != total.manufacturer:
            break  # one maker's count is not split into other makers
        run.append(c)
        acc += c.quantity
        if acc == total.quantity and len(run) >= 2:
            return run, False
    same = [c for c in after if c.quote == total.quote]
    if _TOTAL_CUE.search(total.quote) and len(same) >= 2:
        return same, True
    cued = [
        c
        for c in after[:3]
        if (c.quote == total.quote and _SPLIT_CUE.search(c.quote)) or _SPLIT_CUE.match(c.quote.lstrip())
    ]
    return cued, False


def _collapse_refusals(claims: list[Claim]) -> list[Claim]:
    first: dict[tuple[str, ...], str] = {}
    out = []
    for c in claims:
        if c.status == "refused" and c.refusal_sections:
            key = tuple(sorted(c.refusal_sections))
            if key in first:
                c = c.model_copy(update={"duplicate_of": first[key], "flags": _flag(c, "duplicate")})
            else:
                first[key] = c.id
        out.append(c)
    return out
