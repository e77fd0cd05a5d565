"""What kind of document this is: a reply, minutes, news, a request page, a notice, a policy.

The kind decides whose claims a document makes. A reply speaks for the body that answers;
minutes, a policy or a notice for the body that published them; a news article, a blog or
a survey only *reports* what named bodies have (``reported``), and a request page with no
answer says nothing about anyone's kit. The kind is read from the line roles and a few
cue words, each counted once per line, so one stray word does not decide it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from custodes.extract.structure import RESPONSE_START

_CUES: dict[str, re.Pattern[str]] = {
    "minutes": re.compile(
        r"\b(?:minutes|agenda\s+item|resolved|portfolio\s+holder|cabinet|committee|councillors?|"
        r"apologies|the\s+chair(?:man)?|members\s+(?:noted|agreed|asked))\b",
        re.IGNORECASE,
    ),
    "procurement": re.compile(
        r"\b(?:contract\s+award|award\s+notice|tender(?:s|ed)?|contracting\s+authority|cpv|lot\s+\d|"
        r"notice\s+identifier|procurement|invitation\s+to\s+tender|framework\s+agreement|bidders?)\b",
        re.IGNORECASE,
    ),
    "news": re.compile(
        r"\b(?:said|says|told\s+(?:the|us|me)|according\s+to|spokes(?:person|man|woman)|reporter|"
        r"campaigners?|did\s+not\s+respond|reported|announced|article|column|blog)\b|^\s*by\s+[A-Z]",
        re.IGNORECASE,
    ),
    "policy": re.compile(
        r"\b(?:this\s+policy|the\s+policy|purpose\s+of\s+this\s+document|review\s+date|"
        r"code\s+of\s+practice|approved\s+by|next\s+review)\b",
        re.IGNORECASE,
    ),
    "reply": re.compile(
        r"\b(?:freedom\s+of\s+information|foi(?:sa)?|your\s+request|our\s+response|i\s+can\s+confirm|"
        r"we\s+can\s+confirm|information\s+(?:is\s+)?(?:not\s+)?held|exempt(?:ion)?|section\s+\d+|"
        r"internal\s+review|you\s+asked)\b",
        re.IGNORECASE,
    ),
}
_ASKING = ("request", "question", "quoted")
_ANSWERED = re.compile(
    r"\b(?:exempt(?:ion)?|not\s+held|(?:i|we)\s+can\s+confirm|refusal\s+notice|neither\s+confirm|"
    r"decided\s+to\s+(?:disclose|withhold)|(?:is|are)\s+withheld|(?:we|the\s+(?:council|force|trust|"
    r"authority|service|agency))\s+(?:currently\s+)?(?:operates?|has|have|holds?|uses?|owns?|does\s+not|"
    r"do\s+not))\b",
    re.IGNORECASE,
)
_SIGNED_REQUEST = re.compile(r"^\W*yours\s+faithfully\b|^\W*dear\s+[^,]+,\s*$", re.IGNORECASE)


def kind_scores(lines: Sequence[str], roles: Sequence[str]) -> dict[str, float]:
    """How strongly each kind is signalled (lines with its cues, share of answer lines)."""
    hits = {name: sum(1 for line in lines if p.search(line)) for name, p in _CUES.items()}
    n = max(len(lines), 1)
    answers = sum(r == "answer" for r in roles)
    asked = sum(r in ("request", "question") for r in roles)
    return {
        **{name: value / n for name, value in hits.items()},
        "answers": answers / n,
        "asked": asked / n,
        "signed_request": float(any(_SIGNED_REQUEST.match(line) for line in lines)),
        "responded": float(
            any(
                (RESPONSE_START.match(line) or _ANSWERED.search(line)) and role not in _ASKING
                for line, role in zip(lines, roles, strict=True)
            )
        ),
    }


def classify(lines: Sequence[str], roles: Sequence[str]) -> str:
    """One of ``kb/vocab/doc_kinds.txt`` for a document's logical lines and their roles."""
    if not lines:
        return "other"
    s = kind_scores(lines, roles)
    raw = {name: round(s[name] * max(len(lines), 1)) for name in _CUES}
    answers = round(s["answers"] * len(lines))
    asked = round(s["asked"] * len(lines))
    if asked >= 2 and s["signed_request"] and answers * 3 <= asked and not s["responded"]:
        return "request-only"  # a requester's signed letter and nothing that answers it
    if raw["procurement"] >= 2 and raw["procurement"] >= raw["reply"]:
        return "procurement"
    if raw["minutes"] >= 3 and raw["minutes"] >= raw["reply"]:
        return "minutes"
    if raw["news"] >= 2 and answers <= 1 and raw["news"] > raw["reply"]:
        return "news"
    if raw["reply"] >= 1 and (answers >= 1 or asked >= 1):
        return "reply"
    if raw["policy"] >= 2:
        return "policy"
    if asked >= 2 and answers == 0:
        return "request-only"
    return "other"
