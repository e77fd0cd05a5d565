"""The web app: campaigns, bodies, documents, the review queue, audits, search and a JSON API.

Server-rendered Jinja2 with HTMX (vendored, pinned) for the review flow and upload
progress; no CDN. ``create_app(store, settings)`` builds the FastAPI application; the
``custodes serve`` command runs it with uvicorn.
"""

from __future__ import annotations

from custodes.web.app import create_app
from custodes.web.config import Settings

__all__ = ["Settings", "create_app"]
