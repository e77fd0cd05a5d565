"""Which count goes with which make in one sentence.

"47 static cameras and 9 PTZ, all Hikvision", "Hikvision 1,980; Dahua 240",
"99% of 557 cameras are Hikvision", "Bosch DIVAR IP 7000 recorders: 4 units": the make can
come before or after its count, be shared by every count ("all Hikvision"), or be separated
by a label and a colon. A count tied to its make directly wins over a make that is merely the
only one in the sentence.
"""

from __future__ import annotations

import re

from custodes.extract.mentions import Mention
from custodes.extract.quantity import Quantity, find_quantities

_ALL = re.compile(
    r"\b(?:all|each|every\s+one|both)\s+(?:of\s+(?:them|which|these)\s+)?(?:are\s+|is\s+)?"
    r"(?:made\s+by\s+|manufactured\s+by\s+|supplied\s+by\s+)?$",
    re.IGNORECASE,
)
_LABELLED = re.compile(r"^[^.;:]{0,40}:\s*(?:approx\w*\.?\s*)?$", re.IGNORECASE)
_PERCENT = re.compile(r"%|per\s*cent", re.IGNORECASE)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
_RESTATED = re.compile(r"^\s*\(\s*$")
_JOIN_GAP = re.compile(r"^[\s:=\-–x×(]*$", re.IGNORECASE)
_PARTITIVE = re.compile(
    r"\b(?:the\s+)?(?:majority|most|bulk|minority|some|many|several|half|part|a\s+few|a\s+number|"
    r"a\s+proportion|a\s+third|a\s+quarter|two\s+thirds)\s+of\s+(?:which|them|these|those|the)\b",
    re.IGNORECASE,
)
""""300 cameras, the majority of which are Hikvision": the make has an unknown share, not the count."""
_PART_OF_WHOLE = re.compile(r"^\s+of\s+(?:all\s+)?(?:our|the|its|their|these|those)?\s*$", re.IGNORECASE)
""""Two of our 9 cameras are Uniview": the first count is the make's, the second the whole."""


def brand_for(
    q: Quantity, nxt: int, s: str, mentions: list[Mention], quantities: list[Quantity]
) -> tuple[Mention | None, bool]:
    """The mention a count belongs to, and whether it is tied to the count directly."""
    at = next((i for i, x in enumerate(quantities) if x is q), -1)
    if at > 0 and _PART_OF_WHOLE.match(s[quantities[at - 1].end : q.start]):
        return None, False  # the whole of "N of our M": the make named after it is N's
    if 0 <= at < len(quantities) - 1 and _PART_OF_WHOLE.match(s[q.end : quantities[at + 1].start]):
        whole = quantities[at + 1]
        after = quantities[at + 2].start if at + 2 < len(quantities) else len(s)
        for m in mentions:
            if whole.end <= m.start < after and not _PARTITIVE.search(s[whole.end : m.start]):
                return m, True
    for m in mentions:
        if m.end <= q.start and _JOIN_GAP.match(s[m.end : q.start]):
            return m, True
    for m in reversed(mentions):
        # "Bosch DIVAR IP 7000 recorders: 4 units" - a label, a colon, then the count
        between = any(m.end <= x.start < q.start for x in quantities)
        if m.end <= q.start and not between and _LABELLED.match(s[m.end : q.start]):
            return m, True
    starts = {x.start for x in quantities}
    for m in mentions:
        if _ALL.search(s[: m.start]):
            continue  # "..., all Hikvision" speaks for every count in the sentence
        if q.end <= m.start and _PARTITIVE.search(s[q.end : m.start]):
            continue  # "..., the majority of which are Hikvision": a share, not this count
        if q.end <= m.start < nxt:
            if any(m.end <= st <= m.end + 4 and _JOIN_GAP.match(s[m.end : st]) for st in starts):
                continue  # "Hikvision 1,980": that count's brand, not this one's
            return m, True
    makers = {m.manufacturer for m in mentions}
    if len(makers) == 1 and not (
        q.end <= mentions[0].start and _PARTITIVE.search(s[q.end : mentions[0].start])
    ):
        return mentions[0], False
    return None, False


def pair_respectively(
    s: str, mentions: list[Mention], quantities: list[Quantity]
) -> list[tuple[Mention | None, bool]] | None:
    """ "hikvision and dahua cameras (37 and 11 respectively)": counts paired with makes in order."""
    if not _RESPECTIVELY.search(s) or len(mentions) < 2 or len(quantities) != len(mentions):
        return None
    if any(q.start < mentions[-1].end for q in quantities):
        return None
    return [(m, True) for m in mentions]


def counts_in(s: str, mentions: list[Mention]) -> list[Quantity]:
    """Counts outside model numbers; a total restated as a percentage base is dropped."""
    found = [q for q in find_quantities(s) if not any(m.start < q.end and q.start < m.end for m in mentions)]
    # "twelve (12)": a figure restated in brackets is one count
    found = [
        q
        for i, q in enumerate(found)
        if not (i and found[i - 1].value == q.value and _RESTATED.match(s[found[i - 1].end : q.start]))
    ]
    pct = [q for q in found if _PERCENT.search(q.text)]
    bases = {int(n.replace(",", "")) for q in pct for n in re.findall(r"[\d,]+$", q.text)}
    return [q for q in found if q in pct or q.value not in bases]
