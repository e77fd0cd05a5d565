"""Turn messy text into model tokens and alias words.

Real inputs carry SKU noise: lens sizes ``(2.8MM)``, revisions ``(C)``, region tags
``#AU`` or ``(HIK AUS)``, HTML entities from web exports and typographic dashes. Model
grammars are written against the cleaned token, so every caller cleans the same way.
"""

from __future__ import annotations

import html
import re

_DASHES = str.maketrans(
    {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"}
)
_PAREN = re.compile(r"\([^()]*\)|\([^()\s]*")
_SPLIT = re.compile(r"[\s,;|]+")
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_TRAIL = ".-/_:'\"*"
_LEAD = "\"'([{<*"
_HAS_DIGIT = re.compile(r"\d").search


def clean(text: str) -> str:
    """Upper-case text with entities decoded, dashes unified and parenthesised noise removed."""
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():
        text = text.translate(_DASHES)
    text = text.upper()
    if "(" in text:
        text = _PAREN.sub(" ", text)
    return text


def model_tokens(cleaned: str) -> list[str]:
    """Candidate model tokens: pieces that contain a digit, without region tags or trailing dots."""
    out = []
    for raw in _SPLIT.split(cleaned):
        if "#" in raw:
            raw = raw.split("#", 1)[0]
        token = raw.strip(_LEAD).rstrip(_TRAIL)
        if len(token) >= 2 and _HAS_DIGIT(token):
            out.append(token)
    return out


def words(text: str) -> list[str]:
    """Lower-case words for alias look-up (hyphenated names such as d-link stay whole)."""
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():
        text = text.translate(_DASHES)
    return _WORD.findall(text.lower())


def whole(cleaned: str) -> str:
    """The whole (cleaned) input as one key, for rules that only count as the entire input."""
    return " ".join(_SPLIT.split(cleaned.strip()))
