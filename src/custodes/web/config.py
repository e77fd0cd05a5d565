"""How the web app runs: its settings object and vocabularies (numeric tunables live in
``custodes.settings``)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from custodes.settings import UPLOAD_MAX_BYTES

UPLOAD_TYPES = frozenset(
    {"pdf", "docx", "xlsx", "xls", "ods", "csv", "tsv", "txt", "eml", "msg", "html", "htm", "zip", "json"}
)
"""File types the readers handle (``ingest``); anything else is refused with 415."""
ROLES = ("viewer", "reviewer", "admin")


@dataclass
class Settings:
    """How one server runs: public read-only mode, the session secret, where audits live."""

    public: bool = False
    basis: str = "confirmed"
    """Which claims the figures count: confirmed (for publication), confirmed+auto or all."""
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    audits_dir: Path | None = None
    upload_dir: Path | None = None
    secure_cookies: bool = False
    max_upload_bytes: int = UPLOAD_MAX_BYTES
