"""Detect a file's format from its bytes, because public bodies' file names are not reliable.

The extension only breaks ties between text formats (CSV vs. plain text); a PDF called
``.xlsx`` is read as a PDF, with a warning saying the extension was wrong.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import PurePosixPath

import olefile  # type: ignore[import-untyped]

from custodes.ingest import textcodec

PDF = "application/pdf"
ZIP = "application/zip"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSM = "application/vnd.ms-excel.sheet.macroenabled.12"
XLS = "application/vnd.ms-excel"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MSG = "application/vnd.ms-outlook"
OLE_ENCRYPTED = "application/x-ole-encrypted"
OLE_OTHER = "application/x-ole-storage"
EML = "message/rfc822"
HTML = "text/html"
JSON = "application/json"
JSONL = "application/x-ndjson"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TEXT = "text/plain"
BINARY = "application/octet-stream"
EMPTY = "inode/x-empty"

LABELS = {
    PDF: "PDF", ZIP: "ZIP", XLSX: "XLSX", XLSM: "XLSM", XLS: "XLS", ODS: "ODS", DOCX: "DOCX",
    MSG: "Outlook MSG", EML: "e-mail", HTML: "HTML", JSON: "JSON", JSONL: "JSON Lines",
    CSV: "CSV", TSV: "TSV", TEXT: "plain text", OLE_OTHER: "OLE file (e.g. a legacy .doc)",
    "image/png": "PNG image", "image/jpeg": "JPEG image", "image/gif": "GIF image",
    "image/tiff": "TIFF image", "application/rtf": "RTF",
}  # fmt: skip
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"GIF8", "image/gif"),
    (b"II*\x00", "image/tiff"), (b"MM\x00*", "image/tiff"), (b"{\\rtf", "application/rtf"),
)  # fmt: skip

# Which detected types an extension may legitimately hold (anything else gets a warning).
EXTENSION_TYPES: dict[str, tuple[str, ...]] = {
    ".pdf": (PDF,), ".zip": (ZIP,), ".xlsx": (XLSX, XLSM), ".xlsm": (XLSM, XLSX), ".xls": (XLS,),
    ".ods": (ODS,), ".docx": (DOCX,), ".msg": (MSG,), ".eml": (EML,), ".html": (HTML,),
    ".htm": (HTML,), ".json": (JSON, JSONL), ".jsonl": (JSONL, JSON), ".ndjson": (JSONL, JSON),
    ".csv": (CSV, TSV), ".tsv": (TSV, CSV), ".tab": (TSV, CSV), ".txt": (TEXT, CSV, TSV),
}  # fmt: skip
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_HEADER = re.compile(
    rb"^(from|to|subject|date|received|return-path|mime-version|message-id|delivered-to|"
    rb"content-type|reply-to|cc|x-[\w-]+):[ \t]",
    re.IGNORECASE | re.MULTILINE,
)
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_TEXT_EXTENSIONS = {".csv": CSV, ".tsv": TSV, ".tab": TSV, ".psv": CSV, ".txt": TEXT}


def extension(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


def _ole_kind(data: bytes) -> str:
    """Tell XLS, MSG and encrypted OOXML apart by the streams in the OLE directory."""
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
        try:
            top = {entry[0] for entry in ole.listdir(streams=True, storages=True)}
        finally:
            ole.close()
    except Exception:  # noqa: BLE001 - olefile raises many types on damaged files
        return OLE_OTHER
    if top & {"EncryptedPackage", "EncryptionInfo"}:
        return OLE_ENCRYPTED
    if any(t.startswith("__substg1.0_") for t in top) or "__properties_version1.0" in top:
        return MSG
    if top & {"Workbook", "Book"}:
        return XLS
    return OLE_OTHER


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                if info.file_size < 200:
                    mime = zf.read("mimetype").decode("ascii", "replace").strip()
                    if mime == ODS:
                        return ODS
            if "[Content_Types].xml" in names:
                if any(n.startswith("xl/") for n in names):
                    return XLSM if "xl/vbaProject.bin" in names else XLSX
                if any(n.startswith("word/") for n in names):
                    return DOCX
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, NotImplementedError):
        return ZIP  # the archive reader reports the damage
    return ZIP


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST = re.compile(r"\[\]|\{\}")
JSON_DEPTH = 200  # nesting the sniffer itself accepts before calling the JSON parser


def json_too_deep(text: str, limit: int) -> bool:
    """Whether arrays/objects nest more than ``limit`` deep, found without recursion:
    strings are dropped, then innermost empty pairs are removed once per level."""
    if text.count("[") + text.count("{") <= limit:
        return False
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    for _ in range(limit):
        shorter = _INNERMOST.sub("", brackets)  # one level: the pairs innermost right now
        if shorter == brackets or not shorter:
            return False  # empty: within the limit; unchanged: malformed, the parser says so
        brackets = shorter
    return _INNERMOST.search(brackets) is not None


def _json_kind(data: bytes) -> str | None:
    try:
        text, _ = textcodec.decode(data, "json")
    except Exception:  # noqa: BLE001 - any failure means "not JSON"
        return None
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped or stripped[0] not in "{[":
        return None
    if json_too_deep(stripped, JSON_DEPTH):
        return JSON  # the JSON reader refuses it with the limit's name
    try:
        json.loads(stripped, parse_int=str, parse_float=str)
        return JSON
    except (ValueError, RecursionError):
        pass
    lines = [line for line in stripped.splitlines() if line.strip()]
    try:
        sample = [line for line in lines[:50] if not json_too_deep(line, JSON_DEPTH)]
        if sample and all(
            isinstance(json.loads(line, parse_int=str, parse_float=str), dict) for line in sample
        ):
            return JSONL
    except (ValueError, RecursionError):
        return None
    return None


def detect(data: bytes, name: str) -> str:
    """The media type of ``data``, from magic bytes first and the extension second."""
    if not data:
        return EMPTY
    head = data[:2048]
    ext = extension(name)
    if b"%PDF-" in data[:1024]:
        return PDF
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    if data.startswith(_OLE_MAGIC):
        return _ole_kind(data)
    for magic, media_type in _MAGIC:
        if data.startswith(magic):
            return media_type
    if not textcodec.looks_like_text(data):
        return BINARY
    sample, _ = textcodec.decode(head, name, sample=True)
    first = sample.lstrip("\ufeff \t\r\n")[:1]
    if first in ("{", "[") and (kind := _json_kind(data)):
        return kind
    if ext in (".json", ".geojson"):
        return JSON
    if ext in (".jsonl", ".ndjson"):
        return JSONL
    if _HTML_START.match(sample.encode("utf-8")) or ext in (".html", ".htm"):
        return HTML
    if ext == ".eml" or (ext not in _TEXT_EXTENSIONS and _looks_like_email(sample)):
        return EML
    if ext in _TEXT_EXTENSIONS:
        return _TEXT_EXTENSIONS[ext]
    return CSV if _looks_delimited(sample) else TEXT


def _looks_like_email(sample: str) -> bool:
    header = sample.split("\n\n", 1)[0].split("\r\n\r\n", 1)[0].encode("utf-8")
    found = {m.group(1).lower() for m in _HEADER.finditer(header)}
    return len(found) >= 3 and bool(found & {b"from", b"subject", b"mime-version"})


def _looks_delimited(sample: str) -> bool:
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    if len(lines) < 2:
        return False
    for delim in (",", ";", "\t", "|"):
        counts = [line.count(delim) for line in lines[:-1] or lines]
        if counts[0] > 0 and all(c == counts[0] for c in counts):
            return True
    return False
