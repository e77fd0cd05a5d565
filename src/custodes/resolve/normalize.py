"""Turn messy text into model tokens and alias words.

Real inputs carry SKU noise: lens sizes ``(2.8MM)``, revisions ``(C)``, region tags
``#AU`` or ``(HIK AUS)``, HTML entities from web exports and typographic dashes. Model
grammars are written against the cleaned token, so every caller cleans the same way.
"""

from __future__ import annotations

import html
import re
import unicodedata

_DASHES = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        # full-width brackets and slash from East Asian keyboards
        "\uff08": "(",
        "\uff09": ")",
        "\uff3b": "[",
        "\uff3d": "]",
        "\uff0f": "/",
    }
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_MARK = re.compile(r"\bMK\s?(?:II|III|IV|[2-4])\b")
"""Revision marks ("Mk II") name a revision of the model before them, not a model."""
_PAREN = re.compile(r"\([^()]*\)|\([^()\s]*")
_SPLIT = re.compile(r"[\s,;|]+")
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_TRAIL = ".-/_:'\"*"
_LEAD = "\"'([{<*"
_HAS_DIGIT = re.compile(r"\d").search


def _ascii_run(match: re.Match[str]) -> str:
    """Digits of any script are digits ("٠"); any other non-ASCII run separates words."""
    out = [str(unicodedata.decimal(ch)) if ch.isdecimal() else " " for ch in match.group()]
    return "".join(out)


def clean(text: str) -> str:
    """Upper-case text with entities decoded, dashes unified, underscores read as dashes
    (``DH_IPC_HFW1320SN``), bracketed noise removed (balanced or not) and non-ASCII
    suffixes ("DS-2CD2143G0-I摄像机") split off."""
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():
        text = _NON_ASCII.sub(_ascii_run, unicodedata.normalize("NFKC", text).translate(_DASHES))
    text = text.upper()
    if "_" in text:
        text = text.replace("_", "-")
    if "[" in text:
        text = text.replace("[", "(").replace("]", ")")
    if "(" in text:
        text = _PAREN.sub(" ", text)
    if ")" in text:
        text = text.replace(")", " ")
    if "MK" in text:
        text = _MARK.sub(" ", text)
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
    """Lower-case words for alias look-up (hyphenated names such as d-link stay whole);
    accents are dropped ("Burg-Wächter" is burg-wachter), as people often type them so."""
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_DASHES))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _WORD.findall(text.lower())


def whole(cleaned: str) -> str:
    """The whole (cleaned) input as one key, for rules that only count as the entire input."""
    return " ".join(_SPLIT.split(cleaned.strip()))
