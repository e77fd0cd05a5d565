"""The published report as one self-contained HTML file: no script, no CDN, no web font.

Everything is inline (CSS, SVG maps and charts drawn at build time by vl-convert), and a
Content-Security-Policy forbids loading anything, so the file reads the same offline, in a
mail client or years later. Jinja2 autoescaping escapes every piece of document text; the
only unescaped markup is the SVG this module generated itself.
"""

from __future__ import annotations

import re
from collections import defaultdict
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from custodes import __version__
from custodes.report import campaign_tables, charts, maps
from custodes.report.campaign_data import CampaignView, ClaimRow

QUOTE_LIMIT = 400
"""Characters of a quote shown in the HTML (the full text is in the XLSX and exports)."""
CLAIMS_PER_BODY = 25
"""Claims listed per body in the HTML (owned first, largest counts first); the rest are
counted and left to the XLSX and the exports, keeping a 400-body report under 5 MB."""
CLAIM_LINKS = 40
BODY_NAMES = 30
CARD_KEYS = ("asked", "answered", "answered_equipment", "refused", "not_held", "no_reply", "overdue")


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("custodes.report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(anchor=anchor, loc=campaign_tables.location_text)
    return env


def anchor(key: str) -> str:
    """An HTML id from a figure key (``manufacturer:hikvision`` -> ``manufacturer-hikvision``)."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", key).strip("-") or "figure"


def css() -> str:
    return resources.files("custodes.report").joinpath("templates/report.css").read_text(encoding="utf-8")


def places(view: CampaignView) -> list[tuple[maps.Place, dict[str, Any]]]:
    """Each body's place and the properties the maps and the GeoJSON export show."""
    out = []
    for b in view.bodies:
        share = b.restricted_share
        props = {
            "code": b.key, "name": b.name, "gss_code": b.gss_code, "outcome": b.outcome,
            "state": b.state, "devices": b.devices, "restricted_devices": b.restricted_devices,
            "restricted_share": None if share is None else round(share, 4),
            "makers": b.makers, "refusal_sections": b.refusal_sections,
        }  # fmt: skip
        out.append((maps.Place(b.key, b.name, b.short_name, b.gss_code, b.region, b.predecessors), props))
    return out


def map_svgs(view: CampaignView) -> tuple[dict[str, str], list[str]]:
    features, missing = maps.features(places(view), for_vega=True)
    if not features:
        empty = "<p class='note'>No body of this campaign has a bundled boundary.</p>"
        return {"restricted": empty, "outcome": empty}, missing
    answered = sum(1 for b in view.bodies if b.restricted_share is not None)
    restricted = charts.choropleth(
        f"Restricted share of stated devices ({answered} bodies with device counts; grey: none stated)",
        features, "restricted_share", "share",
    )  # fmt: skip
    outcome = charts.choropleth(
        f"Outcome of the request ({len(view.bodies)} bodies)", features, "outcome", "outcome"
    )
    return {"restricted": charts.svg(restricted), "outcome": charts.svg(outcome)}, missing


def chart_svgs(view: CampaignView) -> list[str]:
    stats = view.stats
    specs = []
    m = stats.manufacturers[0].m if stats.manufacturers else 0
    makers = [{"maker": f.key.split(":", 1)[1], "bodies": f.n} for f in stats.manufacturers]
    if makers:
        specs.append(charts.bar_chart(f"Makers: bodies owning equipment (of {m} that answered)",
                                      makers, "maker", "bodies", "bodies"))  # fmt: skip
    brands: dict[str, set[int]] = defaultdict(set)
    for c in view.shown_claims():
        if c.status == "owned" and c.brand_text:
            brands[c.brand_text.strip()].add(c.request_id)
    if brands:
        rows = [{"brand": k, "bodies": len(v)} for k, v in sorted(brands.items(), key=lambda kv: -len(kv[1]))]
        specs.append(charts.bar_chart(f"Brands as written in the answers (bodies; of {m})", rows[:25],
                                      "brand", "bodies", "bodies", "#5e81ac"))  # fmt: skip
    caps = [
        {"capability": f.key.split(":", 1)[1].replace(":", " — "), "bodies": f.n} for f in stats.capabilities
    ]
    if caps:
        specs.append(charts.bar_chart(f"Capabilities of equipment owned (bodies; of {m})", caps,
                                      "capability", "bodies", "bodies", "#b35806"))  # fmt: skip
    asked = stats.refusals[0].m if stats.refusals else 0
    refusals = [{"section": f.key.split(":", 1)[1], "bodies": f.n} for f in stats.refusals]
    if refusals:
        specs.append(charts.bar_chart(f"Refusals by exemption cited (bodies; of {asked} asked)", refusals,
                                      "section", "bodies", "bodies", "#c2185b"))  # fmt: skip
    spend = [
        {"maker": f.key.split(":", 1)[1], "low": f.extra["replacement_cost_range"][0],
         "high": f.extra["replacement_cost_range"][1]}
        for f in stats.spend
        if f.extra.get("replacement_cost_range") and f.extra["replacement_cost_range"][1] > 0
    ]  # fmt: skip
    if spend:
        specs.append(
            charts.range_chart("Replacement cost ranges of devices stated (GBP, priced devices only)", spend)
        )
    return [charts.svg(s) for s in specs]


def render_campaign(view: CampaignView) -> str:
    """The campaign report as one HTML document."""
    by_body: dict[int, list[ClaimRow]] = defaultdict(list)
    hidden: dict[int, int] = defaultdict(int)
    for claim in sorted(view.shown_claims(), key=lambda c: (c.status != "owned", -(c.quantity or 0), c.id)):
        if len(by_body[claim.request_id]) < CLAIMS_PER_BODY:
            by_body[claim.request_id].append(claim)
        else:
            hidden[claim.request_id] += 1
    map_parts, missing = map_svgs(view)
    cards = []
    for key in CARD_KEYS:
        fig = view.figure(key)
        if fig is not None:
            cards.append({"n": fig.n, "m": fig.m, "text": fig.text, "anchor": anchor(fig.key)})
    for fig in view.stats.manufacturers[:3]:
        cards.append({"n": fig.n, "m": fig.m, "text": fig.text, "anchor": anchor(fig.key)})
    makers = [c.manufacturer for c in view.shown_claims() if c.manufacturer]
    return (
        environment()
        .get_template("campaign.html.j2")
        .render(
            v=view,
            version=__version__,
            css=css(),
            reviews=view.review_counts() or {"proposed": 0},
            cards=cards,
            denominators=sorted({f.denominator for f in view.stats.figures() if f.denominator}),
            maps=map_parts,
            unmapped=missing,
            credits=maps.CREDITS,
            charts=chart_svgs(view),
            outcomes=campaign_tables.outcomes(view),
            colours=charts.OUTCOME_COLOURS,
            claims_by_body=by_body,
            listed={c.id for rows in by_body.values() for c in rows},
            hidden=hidden,
            docs=view.documents,
            quote_limit=QUOTE_LIMIT,
            sections=list(view.stats.sections().items()),
            claim_links=CLAIM_LINKS,
            body_names=BODY_NAMES,
            documents=sorted(view.documents.values(), key=lambda d: d.file_name),
            kb=campaign_tables.kb_sources(makers),
            method=campaign_tables.methodology(view),
        )
    )
