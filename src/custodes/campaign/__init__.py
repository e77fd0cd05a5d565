"""FOI campaigns: from a set of public bodies and a question to sourced statistics.

The functions here are the library API the ``custodes campaign`` commands call; each takes
an open :class:`custodes.store.Store` (see :func:`open_campaign_store`).
"""

from __future__ import annotations

import os

from custodes.campaign.authorities import (
    NAMED_SETS,
    ImportResult,
    ensure_registry,
    import_bodies,
)
from custodes.campaign.claims import Auditor, Extractor
from custodes.campaign.figures import CampaignStats, Figure
from custodes.campaign.requests import (
    CampaignInfo,
    RequestStatus,
    list_campaigns,
    mark_sent,
    new_campaign,
    request_status,
    set_state,
)
from custodes.campaign.responses import AttachResult, attach
from custodes.campaign.review import ReviewResult, list_claims, review, set_auto_accept
from custodes.campaign.stats import compute_stats
from custodes.store import Store, open_store

__all__ = [
    "NAMED_SETS",
    "AttachResult",
    "Auditor",
    "CampaignInfo",
    "CampaignStats",
    "Extractor",
    "Figure",
    "ImportResult",
    "RequestStatus",
    "ReviewResult",
    "attach",
    "compute_stats",
    "import_bodies",
    "list_campaigns",
    "list_claims",
    "mark_sent",
    "new_campaign",
    "open_campaign_store",
    "request_status",
    "review",
    "set_auto_accept",
    "set_state",
]


def open_campaign_store(
    db: str | os.PathLike[str] | None = None, blobdir: str | os.PathLike[str] | None = None
) -> Store:
    """Open (migrating) the store and make sure the bundled authorities are loaded."""
    store = open_store(db, blobdir)
    ensure_registry(store)
    return store
