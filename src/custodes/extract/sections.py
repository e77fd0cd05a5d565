"""Refusals and "not held": which law, which sections, and whether a sentence says so at all.

The same section number means different things under the two Acts (FOIA s.31 is law
enforcement, FOISA s.35 is; FOISA s.17 is the "not held" notice), so the regime is decided
per document: FOISA when the letter cites the Freedom of Information (Scotland) Act 2002 or
the Scottish Information Commissioner, FOIA otherwise.
"""

from __future__ import annotations

import re

# Exemptions and refusal grounds by Act (procedural sections such as FOIA s.1 and s.17 are
# not grounds for withholding; FOISA s.17 is the not-held notice and is kept for that).
FOIA_SECTIONS = frozenset(
    {12, 14, 21, 22, 23, 24, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 40, 41, 42, 43, 44}
)
FOISA_SECTIONS = frozenset({12, 14, 17, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41})

_SCOTTISH = re.compile(
    r"freedom\s+of\s+information\s*\(\s*scotland\s*\)|\bFOI\s*\(\s*S\s*\)\s*A\b|\bFOISA\b|"
    r"scottish\s+information\s+commissioner|itspublicknowledge",
    re.IGNORECASE,
)
_SECTION_WORD = re.compile(r"(?<![\w.])(?:sections?|ss\.?|s\.|s(?=\d))\s*(?=\d)", re.IGNORECASE)
_LIST_END = re.compile(r"\bof\b|\bact\b|\bfoi|[.;:]\s|[.;:]$", re.IGNORECASE)
_WORDY_PAREN = re.compile(r"\([^()]*[A-Za-z]{3,}[^()]*\)")
_NUMBER = re.compile(r"(?<![(\w])(\d{1,2})(?!\d)")

NOT_HELD = re.compile(
    r"(?:do|does|did)\s+not\s+(?:currently\s+)?hold|(?:is|are|was|were)\s+not\s+held|"
    r"\bnot\s+held\b|hold(?:s)?\s+no\s+(?:recorded\s+)?information|"
    r"no\s+(?:specific\s+|relevant\s+|recorded\s+)?(?:information|data)\s+(?:is\s+)?held|"
    r"no\s+information\s+within\s+the\s+scope|otherwise\s+hold\s+(?:this|the|that|any)\s+information|"
    r"(?:do|does|did)\s+not\s+(?:retain|keep)\s+records\s+or\s+(?:otherwise\s+)?hold|"
    r"(?:do|does)\s+not\s+have\s+(?:any|this|that|the|such)?\s*(?:recorded\s+)?information|"
    r"no\s+recorded\s+information|don't\s+hold|doesn't\s+hold|"
    # "this information is not recorded", "we have no record of this", "we do not keep it"
    r"\b(?:information|data|this|it)\s+(?:is|are|was|were)\s+not\s+(?:recorded|retained|collated|"
    r"collected|kept)\b|"
    r"\bno\s+records?\s+(?:of\s+(?:this|that|these|it|such)|(?:is|are)\s+(?:held|kept))\b|"
    r"(?:do|does|did)\s+not\s+(?:keep|retain|record|collate|collect)\s+(?:this|that|the|such|any)?\s*"
    r"(?:information|data|records?|details)\b",
    re.IGNORECASE,
)
REFUSAL = re.compile(
    r"\bexempt(?:ion|ions|ed|s)?\b|\bwithh(?:eld|old|olding)\b|\brefus(?:e|ed|al|ing)\b|"
    r"\b(?:unable|not\s+able)\s+to\s+(?:provide|disclose|release|supply)\b|\bdeclin(?:e|ed)\b|"
    r"\bnot\s+(?:obliged|required)\s+to\s+(?:disclose|provide|release)\b|"
    r"\b(?:cannot|will\s+not)\s+(?:be\s+)?(?:disclos|provid|releas)\w*|"
    r"neither\s+confirm\s+nor\s+deny|\bNCND\b|"
    r"(?:exceed\w*|above)\s+the\s+(?:appropriate|cost|upper\s+cost)\s+limit|"
    r"\bnot\s+(?:obliged|required)\s+to\s+comply\b|"
    r"\bengaged?\b|\bapplies\b|\bapplied\b|\brelying\s+on\b|\brely\s+on\b|"
    r"\bvexatious\b|\bprejudice\b|public\s+interest\s+test|excessive\s+cost",
    re.IGNORECASE,
)
_COST_LIMIT = re.compile(
    r"(?:exceed\w*|above|beyond|over)\s+the\s+(?:appropriate|cost|upper\s+cost)\s+limit|"
    r"excessive\s+cost|cost\s+of\s+compliance",
    re.IGNORECASE,
)
_VEXATIOUS = re.compile(r"\bvexatious\b|\brepeated\s+request\b", re.IGNORECASE)


def is_scottish(text: str) -> bool:
    """True when the text cites the Scottish Act or its Commissioner."""
    return bool(_SCOTTISH.search(text))


def section_numbers(text: str) -> list[int]:
    """Section numbers cited in ``text`` ("sections 24(1) and 31(1)(a)" -> [24, 31]), in order."""
    out: list[int] = []
    for m in _SECTION_WORD.finditer(text):
        window = text[m.end() : m.end() + 160]
        stop = _LIST_END.search(window)
        if stop:
            window = window[: stop.start()]
        window = _WORDY_PAREN.sub(" ", window)
        for n in _NUMBER.findall(window):
            value = int(n)
            if value not in out:
                out.append(value)
    return out


def refusal_sections(text: str, scottish: bool) -> list[str]:
    """Valid exemption sections cited in ``text``, labelled "FOIA s.31" / "FOISA s.35"."""
    act, valid = ("FOISA", FOISA_SECTIONS) if scottish else ("FOIA", FOIA_SECTIONS)
    found = [n for n in section_numbers(text) if n in valid]
    if not found and _COST_LIMIT.search(text):
        found = [12]
    if not found and _VEXATIOUS.search(text):
        found = [14]
    return [f"{act} s.{n}" for n in found]


def says_not_held(text: str) -> bool:
    return bool(NOT_HELD.search(text))


EXEMPTION_TITLE = re.compile(
    r"\b(?:national\s+security|law\s+enforcement|health\s+and\s+safety|personal\s+(?:data|information)|"
    r"commercial\s+(?:interests|confidentiality)|information\s+(?:reasonably\s+)?accessible|"
    r"future\s+publication|effective\s+conduct\s+of\s+public\s+affairs|actions?\s+for\s+breach\s+of\s+"
    r"confidence|legal\s+professional\s+privilege|defence|international\s+relations|"
    r"prohibitions\s+on\s+disclosure|vexatious)\b",
    re.IGNORECASE,
)
"""An exemption's name as letters print it in a heading: "Section 24(1) - National Security"."""


def says_refused(text: str, scottish: bool) -> bool:
    """A refusal needs both a refusal word and a ground, or an unmistakable phrase."""
    if EXEMPTION_TITLE.search(text) and refusal_sections(text, scottish):
        return True
    if not REFUSAL.search(text):
        return False
    if re.search(r"neither\s+confirm\s+nor\s+deny|\bNCND\b", text, re.IGNORECASE):
        return True
    return bool(refusal_sections(text, scottish))
