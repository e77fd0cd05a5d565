"""Turn the bytes of a text file into str, whatever encoding a public body's export used.

Order: byte-order mark, strict UTF-8, UTF-16 without BOM (NUL pattern), cp1252 when the text
reads as Western European, then charset-normalizer, then cp1252 (what Excel on Windows
writes). charset-normalizer alone guesses exotic code pages on short samples (cp1250 turns "£"
into "Ł"), hence the Western check first. Binary content is refused, not guessed at.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from custodes.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1a")  # \x1a: DOS end-of-file marker
_SAMPLE = 64 * 1024


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM has NUL in almost every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def is_binary(text: str) -> bool:
    """NUL or more than 1% control characters in the sample means it is not a text file."""
    sample = text[:_SAMPLE]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in _ALLOWED_CONTROLS)
    return controls > max(1, len(sample) // 100)


def looks_like_text(data: bytes) -> bool:
    """A cheap test on the first bytes, used when detecting the format."""
    try:
        decode(data[:_SAMPLE], "sample", sample=True)
    except InputError:
        return False
    return True


def detect_encoding(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A sample cut in the middle of a multi-byte character is still UTF-8.
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    if b"\x00" in data[:_SAMPLE]:
        return "binary"
    if _decodes(data, "cp1252") and _western(data[:_SAMPLE].decode("cp1252")):
        return "cp1252"
    best = from_bytes(data[:_SAMPLE]).best()
    utf = best is not None and best.encoding.startswith(("utf_16", "utf_32"))
    if best is not None and not utf and _decodes(data, best.encoding):
        return str(best.encoding)
    return "cp1252"


def decode(data: bytes, name: str, *, sample: bool = False) -> tuple[str, str]:
    """Return (text, encoding); raise InputError for binary content."""
    encoding = detect_encoding(data)
    if encoding == "binary":
        raise InputError(name, "not a text file (binary content)")
    text = data.decode(encoding, errors="replace")
    if sample and encoding.startswith("utf-16"):
        text = text.rstrip("\ufffd")
    if is_binary(text):
        raise InputError(name, "not a text file (binary content)")
    return text, encoding


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _western(text: str) -> bool:
    """Most letters ASCII: cp1252 is right. Cyrillic or Greek read as cp1252 is all accents."""
    letters = [ch for ch in text if ch.isalpha()]
    foreign = sum(1 for ch in letters if ord(ch) > 127)
    return not letters or foreign / len(letters) < 0.3
