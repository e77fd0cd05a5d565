"""Find equipment mentions in a sentence: brand words and model numbers, resolved one by one.

The resolver knows every manufacturer, brand, alias and model grammar; this module only
decides which words to ask it about and remembers where they were, so that a claim can
quote the brand *as written* ("Hik", "HIKVISION", "Hickvision") and its position.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from custodes.resolve import Resolution, resolve

Resolve = Callable[[str], Resolution]

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-_.]*[A-Za-z0-9]|[A-Za-z0-9]")
_MODEL = re.compile(r"(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9][A-Za-z0-9\-_./]{2,}")
# Tokens that look like model numbers but are sizes, ordinals or counts ("12mm", "x45", "6x").
_YEARISH = re.compile(r"\d+(?:st|nd|rd|th|s|mm|mp|m|k|p|fps|tb|gb|hrs?|am|pm|x|no)|x\d{1,5}", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Mention:
    """A manufacturer named or implied by a model number, with its place in the sentence."""

    manufacturer: str
    start: int
    end: int
    brand_text: str | None
    model: str | None
    device_type: str | None
    confidence: float
    fuzzy: bool


@lru_cache(maxsize=65536)
def _cached(text: str) -> Resolution:
    return resolve(text)


def _lookup(text: str, resolver: Resolve | None) -> Resolution:
    return _cached(text) if resolver is None else resolver(text)


def _is_fuzzy(res: Resolution) -> bool:
    return any((e.note or "").startswith("close misspelling") for e in res.device.evidence)


def _candidate(token: str) -> bool:
    if len(token) < 2:
        return False
    if _MODEL.fullmatch(token):
        return not _YEARISH.fullmatch(token)
    return token.replace("-", "").isalpha() and len(token) >= 3  # "go-pro" as well as "GoPro"


@lru_cache(maxsize=1)
def _capitalised_brands() -> frozenset[str]:
    path = Path(__file__).parent / "data" / "capitalised_brands.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def _ordinary_word(word: str) -> bool:
    """A brand that is also an English word, written in lower case ("would reveal")."""
    return word.islower() and word in _capitalised_brands()


def find_mentions(sentence: str, resolver: Resolve | None = None) -> list[Mention]:
    """Manufacturer mentions in ``sentence``, left to right; a brand followed by its model
    number is one mention ("Hikvision DS-2CD2143G0-I")."""
    tokens = [
        (m.group(0), m.start(), m.end())
        for m in _TOKEN.finditer(sentence.replace("/", " "))
        if _candidate(m.group(0))
    ]
    out: list[Mention] = []
    i = 0
    while i < len(tokens):
        word, start, end = tokens[i]
        res = _lookup(word, resolver)
        dev = res.device
        fuzzy = _is_fuzzy(res)
        if dev.manufacturer is None or (fuzzy and not word[0].isupper()) or _ordinary_word(word):
            i += 1
            continue
        is_model = bool(dev.model) or bool(_MODEL.fullmatch(word))
        brand_text: str | None = None if is_model else word
        model = dev.model or (word if is_model else None)
        device_type = dev.device_type
        confidence = dev.confidence
        # a brand word followed by a model number: resolve them together
        if not is_model and i + 1 < len(tokens):
            nxt, n_start, n_end = tokens[i + 1]
            gap = sentence[end:n_start]
            if _MODEL.fullmatch(nxt) and len(gap) <= 2 and not _YEARISH.fullmatch(nxt):
                joint = _lookup(f"{word} {nxt}", resolver).device
                if joint.manufacturer in (None, dev.manufacturer):
                    model = joint.model or nxt
                    device_type = joint.device_type or device_type
                    confidence = max(confidence, joint.confidence)
                    end = n_end
                    i += 1
        prev = out[-1] if out else None
        if prev and prev.manufacturer == dev.manufacturer and not sentence[prev.end : start].strip():
            # "Hanwha Techwin", "Hikvision HiWatch": one name written in two words
            out[-1] = Mention(
                manufacturer=prev.manufacturer,
                start=prev.start,
                end=end,
                brand_text=sentence[prev.start : end] if not is_model else prev.brand_text,
                model=model or prev.model,
                device_type=device_type or prev.device_type,
                confidence=max(confidence, prev.confidence),
                fuzzy=prev.fuzzy and fuzzy,
            )
            i += 1
            continue
        out.append(
            Mention(
                manufacturer=dev.manufacturer,
                start=start,
                end=end,
                brand_text=brand_text,
                model=model,
                device_type=device_type,
                confidence=confidence,
                fuzzy=fuzzy,
            )
        )
        i += 1
    return out
