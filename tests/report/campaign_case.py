"""A small campaign built through the public API, shared by the report and web tests.

Four London boroughs: one answers with equipment (one quote carries markup and a
formula, as a hostile answer might), one refuses under s.31, one says "not held", one
stays silent. The extractor reads one claim per line of the answer:
``status|maker|model|quantity|capability:level|sections|quote``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from custodes.campaign.letters import default_template
from custodes.campaign.requests import mark_sent, new_campaign
from custodes.campaign.responses import attach
from custodes.store import Store

NAME = "cctv-test"
AS_OF = dt.date(2026, 11, 20)
HOSTILE = '<script>alert("x")</script> =HYPERLINK("http://evil") | [click](javascript:alert(1))'
ANSWERS = {
    "Camden": [
        "owned|hikvision|DS-2CD2143|40|face-recognition:enabled||We run forty Hikvision dome cameras.",
        "owned|axis|P3245|10|||Ten Axis cameras cover the car parks.",
        f"owned|dahua||5|||{HOSTILE}",
        "mentioned|hanwha|||||Your request asked about Hanwha equipment.",
    ],
    "Hackney": ["refused|||||s.31|We withhold the details under section 31 (law enforcement)."],
    "Islington": ["not_held|||||| The council holds no record of such equipment."],
}


def read_answer(path: Path) -> list[dict[str, Any]]:
    claims = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        status, maker, model, qty, cap, sections, quote = line.split("|", 6)
        claims.append({
            "file": path.name, "location": {"line": number}, "quote": quote.strip(), "status": status,
            "manufacturer": maker or None, "brand_text": maker.title() or None, "model": model or None,
            "quantity": int(qty) if qty else None, "quantity_text": qty or None,
            "device_type": "camera" if status == "owned" else None,
            "capabilities": [{"name": cap.split(":")[0], "level": cap.split(":")[1]}] if cap else [],
            "refusal_sections": [s for s in sections.split(",") if s], "confidence": 0.9,
        })  # fmt: skip
    return claims


def restricted_audit(claim: Mapping[str, Any]) -> list[dict[str, Any]]:
    if claim.get("manufacturer") in {"hikvision", "dahua"}:
        return [{"pack": "us-ndaa-889", "rule": "named", "severity": "high", "why": "named in s.889"}]
    return []


def build_case(store: Store, folder: Path) -> str:
    new_campaign(store, NAME, ["Camden", "Hackney", "Islington", "Lambeth"], default_template(),
                 title="Test CCTV campaign")  # fmt: skip
    mark_sent(store, NAME, dt.date(2026, 9, 1))
    states = {"Camden": "successful", "Hackney": "rejected", "Islington": "not_held"}
    for body, lines in ANSWERS.items():
        path = folder / f"{body.lower()}-answer.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        attach(store, NAME, body, [path], dt.date(2026, 9, 20), states[body], read_answer, restricted_audit)
    return NAME


def confirm_all(store: Store, name: str = NAME) -> None:
    """A reviewer confirms every claim but the mentions, as before a report is published."""
    from custodes.campaign.review import list_claims, review

    for row in list_claims(store, name):
        if row.claim["status"] != "mentioned":
            review(store, row.id, "confirm", "rita")
