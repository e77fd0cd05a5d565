"""Gold claims for our own training documents (training/line_roles/*.txt), in foi-real's format.

Written by hand for the documents we wrote; read by ``train_scorer.py`` (labels for the
claim scorer) and by ``benchmarks/extract.py`` (our own set, scored like the real one).
"""

from __future__ import annotations

from typing import Any


def own(maker: str | None, qty: int | None, dtype: str | None = "camera", **more: Any) -> dict[str, Any]:
    return {"manufacturer": maker, "quantity": qty, "device_type": dtype, **more}


def entry(owned: list[dict[str, Any]] | None = None, **more: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "owned": owned or [],
        "ambiguous": [],
        "complete": True,
        "forbid_owned": [],
        "forbid_text": [],
        "no_owned_vendor": False,
        "refusals": [],
        "not_held": False,
        "not_owned": False,
    }
    base.update(more)
    if not base["owned"] and "no_owned_vendor" not in more:
        base["no_owned_vendor"] = True
    return base


GOLD: dict[str, dict[str, Any]] = {
    "reply-council-numbered.txt": entry(
        [own(None, 64, total_of=[40, 24]), own("axis", 40), own("bosch", 24)],
        forbid_owned=["hikvision", "dahua"], not_owned=True,
    ),
    "request-only-wdtk.txt": entry(forbid_owned=["hikvision", "genetec", "motorola-solutions"]),
    "police-page-title.txt": entry(
        [own("dji", 9, None), own(None, None, None)], refusals=["31", "24"], not_held=True
    ),
    "news-article.txt": entry(forbid_owned=["hikvision", "dahua"]),
    "minutes-cabinet.txt": entry([own(None, 212)], ambiguous=[own(None, 150), own(None, 3, "display")]),
    "procurement-award.txt": entry(
        [own(None, None)], forbid_text=["northline security"], no_owned_vendor=True
    ),
    "policy-school.txt": entry([own(None, 38), own(None, 4, "ptz-camera")], no_owned_vendor=True),
    "reply-email-quoted.txt": entry(
        [own("reveal-media", 14, "body-camera"), own(None, None, "body-camera")],
        forbid_owned=["axon", "motorola-solutions", "zepcam"],
    ),
    "reply-refusal-ncnd.txt": entry(refusals=["24", "31"]),
    "reply-not-held.txt": entry(not_held=True, not_owned=True),
    "reply-unheaded-bullets.txt": entry([own("gopro", 2, "body-camera"), own(None, None, "body-camera")]),
    "reply-table-qa.txt": entry(
        [own("hikvision", 30, total_of=[20, 10]), own("hikvision", 20), own("hikvision", 10)],
        forbid_owned=["dahua"], not_owned=True,
    ),
    "news-police-force.txt": entry(forbid_owned=["hikvision"]),
    "reply-survey-stats.txt": entry(not_owned=True),
    "reply-totals-split.txt": entry(
        [own(None, 95, total_of=[60, 25, 10]), own("hikvision", 60), own("axis", 25), own("hanwha", 10)],
        ambiguous=[own(None, 48)],
    ),
    "page-faq-anpr.txt": entry([own(None, None)], no_owned_vendor=True),
    "hospital-page.txt": entry(
        [own(None, None), own(None, None, "ptz-camera"), own(None, None, "body-camera")], no_owned_vendor=True
    ),
    "reply-bullets-refusal.txt": entry(refusals=["31", "43", "21"]),
    "reply-inline-response.txt": entry(
        [own(None, 112, total_of=[37]), own("hikvision", 37), own("avigilon", None)],
        forbid_owned=["dahua"], not_owned=True,
    ),
    "minutes-committee.txt": entry([own("axon", 22, "body-camera")]),
    "msp-column.txt": entry(forbid_owned=["hikvision"]),
    "reply-glued.txt": entry([own(None, 95), own("hanwha", None)], forbid_owned=["dahua"], not_owned=True),
    "reply-drone-inventory.txt": entry([own(None, 14, None)], refusals=["31", "43"], no_owned_vendor=True),
    "wdtk-thread.txt": entry([own("motorola-solutions", 18, "body-camera")], forbid_owned=["axon"]),
    "request-only-wrapped.txt": entry(),
    "blog-installer.txt": entry(forbid_owned=["hikvision", "dahua", "axis", "hanwha"]),
    "guidance-page.txt": entry(forbid_owned=["hikvision"]),
    "request-only-plain.txt": entry(),
    "wdtk-thread-2.txt": entry([own("videalert", 9)], forbid_owned=["hikvision"]),
}  # fmt: skip
