"""From candidates to claims: the scorer's confidence, whose kit it is, and when.

After the rules have proposed candidates and the line roles and document kind are known,
each candidate is described (``scorer.features``) and scored. The kind decides whose claim
it is: a news article, blog or survey only *reports* what a named body has (``reported``,
never owned by the publisher), and a sentence naming another body as the one that has the
kit ("Thornby Council has 56 ...") is about that body, not the one answering.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from custodes.extract.claims import Claim, Draft
from custodes.extract.kinds import structureless
from custodes.extract.scorer import WEIGHTS, confidence, features
from custodes.extract.structure import label_of
from custodes.extract.text import Candidate
from custodes.settings import CAPABILITY_ONLY_CONFIDENCE, LOW_STRUCTURE_CONFIDENCE

_BODY = re.compile(
    r"\b((?:[A-Z][\w&'.-]+\s+){1,5}(?:Borough\s+|District\s+|County\s+|City\s+)?(?:Council|Police|"
    r"Constabulary|Trust|Authority|Government|Agency|University|College|Academy|Board|Service|"
    r"Commission|Office|Department|Executive))\b"
)
_HAS = re.compile(
    r"^\W*(?:,[^,]{0,60},\s*)?(?:which\s+)?(?:has|have|had|operates?|operated|runs?|ran|uses?|used|owns?|"
    r"owned|installed|bought|purchased|deploys?|deployed|said|says|told|confirmed|revealed)\b",
    re.IGNORECASE,
)
_GENERIC = re.compile(r"^(?:the|this|that|our|its|each|every|a|an|all)\s+", re.IGNORECASE)
REPORTING_KINDS = ("news",)
"""Kinds whose author only reports other bodies' kit."""


def body_names(text: str) -> list[str]:
    """Named bodies in ``text`` ("Thornby Borough Council"), generic ones ("The Council") left out."""
    out = []
    for m in _BODY.finditer(text):
        name = _GENERIC.sub("", m.group(1).strip())
        if len(name.split()) >= 2:
            out.append(name)
    return out


def owner_named(quote: str) -> str | None:
    """The body a sentence says has the kit: a name right before "has", "operates", "said" ..."""
    for m in _BODY.finditer(quote):
        name = _GENERIC.sub("", m.group(1).strip())
        if len(name.split()) >= 2 and _HAS.match(quote[m.end() :]):
            return name
    return None


def self_names(lines: Sequence[str]) -> set[str]:
    """The bodies a document speaks for: the most named, and any it is addressed to."""
    counts = Counter(name.lower() for line in lines for name in body_names(line))
    if not counts:
        return set()
    top = counts.most_common(1)[0][1]
    return {name for name, n in counts.items() if n == top}


def score_candidates(drafts: Sequence[Draft], kind: str, lines: Sequence[str]) -> None:
    """Set confidence, status and the scorer's features on every text candidate, in place."""
    own = self_names(lines)
    trained = WEIGHTS.is_file()
    flat = structureless(lines)
    for d in drafts:
        if not isinstance(d, Candidate):
            continue
        d.kind = kind
        if d.status not in ("owned", "reported"):
            continue
        feats = features(
            status=d.status,
            quote=d.quote,
            line=d.line,
            role=d.role,
            kind=kind,
            manufacturer=d.manufacturer,
            brand_text=d.brand_text,
            quantity=d.quantity,
            quantity_text=d.quantity_text,
            device_type=d.device_type,
            capabilities=len(d.capabilities),
            rule_confidence=d.confidence,
            carried=d.carried is not None,
        )
        owner = owner_named(d.quote)
        elsewhere = owner is not None and owner.lower() not in own
        feats["other_body"] = float(elsewhere)
        d.features = {k: v for k, v in feats.items() if v}
        if trained:
            d.confidence, _ = confidence(feats)
        if flat:
            d.confidence = min(d.confidence, LOW_STRUCTURE_CONFIDENCE)
            d.flags = [*d.flags, "low-structure"]
        if feats["capabilities_only"]:
            d.confidence = min(d.confidence, CAPABILITY_ONLY_CONFIDENCE)
        preamble = d.role == "heading" or (d.role == "boilerplate" and label_of(d.line)[0] is None)
        if feats["nothing_stated"] and (preamble or feats["title_line"]):
            d.status = "mentioned"  # a page title or a letter's preamble names a technology, no more
        elif kind == "request-only":
            d.status = "mentioned"  # a request with no answer says nothing about anyone's kit
        elif kind in REPORTING_KINDS or elsewhere:
            d.status = "reported"
            d.body = owner


def annotate(claims: Sequence[Claim], drafts: Sequence[Draft], kind: str) -> list[Claim]:
    """Copy what the candidates learnt (role, kind, features, body, period) onto their claims."""
    out = []
    for claim, d in zip(claims, drafts, strict=True):
        update: dict[str, object] = {"doc_kind": kind}
        if isinstance(d, Candidate):
            update.update(
                role=d.role,
                features=d.features,
                body=d.body,
                period=d.period,
                flags=list(d.flags),
                shared_with=list(d.shared_with),
            )
        out.append(claim.model_copy(update=update))
    return out
