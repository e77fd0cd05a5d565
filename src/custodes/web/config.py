"""The web app's tunables, declared once with why they have the value they have."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

MAX_UPLOAD_BYTES = 25 * 1024**2
"""An FOI answer is rarely above a few MB; 25 MB admits scanned PDFs and bounds memory."""
UPLOAD_TYPES = frozenset(
    {"pdf", "docx", "xlsx", "xls", "ods", "csv", "tsv", "txt", "eml", "msg", "html", "htm", "zip", "json"}
)
"""File types the readers handle (``ingest``); anything else is refused with 415."""
LOGIN_ATTEMPTS = 5
LOGIN_WINDOW_SECONDS = 300
"""At most 5 failed logins per user name and per address in 5 minutes, then 429."""
SESSION_MAX_AGE = 8 * 3600
"""A working day; the signed cookie is refused after that."""
STATS_CACHE_SECONDS = 30
"""Campaign figures are recomputed at most every 30 s, and at once after any write."""
PAGE_SIZE = 100
ROLES = ("viewer", "reviewer", "admin")


@dataclass
class Settings:
    """How one server runs: public read-only mode, the session secret, where audits live."""

    public: bool = False
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    audits_dir: Path | None = None
    upload_dir: Path | None = None
    secure_cookies: bool = False
    max_upload_bytes: int = MAX_UPLOAD_BYTES
