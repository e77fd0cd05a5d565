"""The demo investigation: a whole FOI campaign run from ``examples/demo-campaign``.

The folder's ``manifest.json`` says, for each of the 33 London authorities (all replies
FICTIONAL), when the request was sent, what came back, on which date, and the state to
record. ``run_demo`` replays exactly that through the public campaign API: create, send,
attach (extract and audit), set states, then compute statistics. Running it twice is
harmless: what is already recorded is left as it is.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from custodes.campaign import open_campaign_store
from custodes.campaign.claims import Auditor, Extractor
from custodes.campaign.figures import CampaignStats
from custodes.campaign.letters import default_template
from custodes.campaign.requests import list_campaigns, mark_sent, new_campaign, request_status
from custodes.campaign.responses import attach
from custodes.campaign.stats import compute_stats
from custodes.errors import InputError

DEMO_AS_OF = dt.date(2026, 11, 20)
DEMO_BASIS = "all"


def load_manifest(docs_dir: Path) -> dict[str, Any]:
    path = docs_dir / "manifest.json"
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(str(path), f"cannot read the demo manifest: {exc}") from exc
    if not isinstance(manifest.get("bodies"), list):
        raise InputError(str(path), "no 'bodies' list")
    return manifest


def run_demo(
    db_url: str | os.PathLike[str],
    docs_dir: str | os.PathLike[str],
    as_of: dt.date = DEMO_AS_OF,
    extract: Extractor | None = None,
    audit: Auditor | None = None,
) -> CampaignStats:
    """Run the demo campaign into the store at ``db_url``; return its statistics."""
    folder = Path(docs_dir)
    manifest = load_manifest(folder)
    meta = manifest.get("campaign", {})
    name = str(meta.get("name") or "demo-london-cctv")
    bodies: list[dict[str, Any]] = manifest["bodies"]
    answers = folder / str(manifest.get("answers_dir") or "answers")
    store = open_campaign_store(db_url)
    try:
        if name not in {c.name for c in list_campaigns(store)}:
            new_campaign(
                store,
                name,
                [b["code"] for b in bodies],
                default_template(),
                title=str(meta.get("title") or name),
                requester=str(meta.get("requester") or "A. Researcher"),
                period=(dt.date(2023, 4, 1), dt.date(2026, 3, 31)),
            )
        drafts = {s.body_code for s in request_status(store, name) if s.state == "draft"}
        for body in bodies:
            if body["code"] in drafts:
                mark_sent(store, name, dt.date.fromisoformat(body["sent"]), [body["code"]])
            if body.get("documents") and body.get("response_date"):
                attach(
                    store,
                    name,
                    body["code"],
                    [answers / d for d in body["documents"]],
                    dt.date.fromisoformat(body["response_date"]),
                    body.get("state"),
                    extract,
                    audit,
                )
        # Nobody reviews the demo's claims: its figures are on the basis "all" (machine claims,
        # unreviewed), and say so; prices are the KB's sourced ranges.
        return compute_stats(store, name, as_of, prices="kb", basis=DEMO_BASIS)
    finally:
        store.close()
