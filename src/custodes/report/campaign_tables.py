"""A campaign report as plain tables: what the HTML, Markdown and XLSX versions all show.

Each table is (headers, rows) of plain values; the writers escape and format them. The
tables are built from :class:`~custodes.report.campaign_data.CampaignView` only, so the
three formats cannot disagree with each other or with the statistics.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from custodes.report.campaign_data import OUTCOMES, CampaignView, ClaimRow

METHOD = [
    "Each body was sent the same FOI request; its reply is kept byte for byte, named by its "
    "sha256, and every figure names the claims and documents behind it.",
    "Claims are read from the replies by custodes's extractor and then reviewed by people: "
    "a reviewer confirms, corrects or rejects each one. Figures count {basis}.",
    "'N of M bodies' figures use as M the bodies that answered the equipment question; "
    "bodies that refused, said the information is not held, or did not reply are counted "
    "and listed as such, never treated as 'none'.",
    "A maker is the true manufacturer: a relabelled brand is attributed to its maker only "
    "through a dated, sourced relationship in the knowledge base.",
    "The restricted share of a body is the share of the devices it stated that a rule pack "
    "(procurement restrictions, sanctions lists, AI rules) covers at severity {severity} or "
    "above; a body with no stated device count has no share (grey on the map).",
    "Replacement-cost ranges use the knowledge base's sourced unit price ranges and count "
    "only devices with a stated number.",
]


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    rows: list[list[Any]]


def methodology(view: CampaignView) -> list[str]:
    from custodes.report.campaign_data import RESTRICTED_MIN_SEVERITY

    return [m.format(basis=view.basis, severity=RESTRICTED_MIN_SEVERITY) for m in METHOD]


def headline(view: CampaignView) -> Table:
    rows = []
    for key in ("asked", "answered", "answered_equipment", "refused", "not_held", "no_reply",
                "overdue", "answered_late"):  # fmt: skip
        fig = view.figure(key)
        if fig is not None:
            rows.append([fig.text, fig.n, fig.m, len(fig.claims), len(fig.documents)])
    for fig in view.stats.manufacturers[:8] + view.stats.packs[:6]:
        rows.append([fig.text, fig.n, fig.m, len(fig.claims), len(fig.documents)])
    return Table("Headline figures", ["figure", "n", "of M", "claims", "documents"], rows)


def outcomes(view: CampaignView) -> Table:
    counts = {o: 0 for o in OUTCOMES}
    for body in view.bodies:
        if body.outcome in counts:
            counts[body.outcome] += 1
    asked = sum(counts.values())
    rows = [[o, n, asked] for o, n in counts.items()]
    return Table(
        "What came back (what is not known is a result too)", ["outcome", "bodies", "of bodies asked"], rows
    )


def bodies(view: CampaignView) -> Table:
    rows = [
        [b.name, b.key, b.gss_code, b.state, b.outcome, b.sent_at, b.due, b.overdue,
         "; ".join(b.makers), b.devices, b.restricted_devices,
         None if b.restricted_share is None else round(b.restricted_share, 3),
         "; ".join(b.refusal_sections), len(b.documents), len(b.claims), b.wdtk_id]
        for b in view.bodies
    ]  # fmt: skip
    headers = ["body", "code", "gss_code", "state", "outcome", "sent", "due", "overdue", "makers",
               "devices stated", "restricted devices", "restricted share", "refusal sections",
               "documents", "claims", "whatdotheyknow id"]  # fmt: skip
    return Table("Bodies", headers, rows)


def claims(view: CampaignView) -> Table:
    rows = [_claim_row(view, c) for c in sorted(view.shown_claims(), key=lambda c: (c.body, c.id))]
    headers = ["claim", "body", "status", "maker", "brand as written", "model", "quantity",
               "device type", "capabilities", "refusal sections", "quote", "document", "sha256",
               "location", "review", "reviewer", "reviewed at", "findings"]  # fmt: skip
    return Table("Claims (every figure's evidence)", headers, rows)


def _claim_row(view: CampaignView, c: ClaimRow) -> list[Any]:
    doc = view.documents.get(c.document)
    return [
        c.id, c.body, c.status, c.manufacturer, c.brand_text, c.model, c.quantity, c.device_type,
        "; ".join(f"{x.get('name')} ({x.get('level')})" for x in c.capabilities),
        "; ".join(c.refusal_sections), c.quote, doc.file_name if doc else c.file, c.document,
        location_text(c.location), c.review, c.reviewer, c.reviewed_at,
        "; ".join(f"{f['pack']}:{f['rule']} ({f['severity']})" for f in c.findings),
    ]  # fmt: skip


def location_text(location: dict[str, Any]) -> str:
    """The one way a claim's place in its document is written in reports."""
    parts = []
    for key in ("page", "sheet", "cell", "row", "line", "paragraph", "member"):
        if location.get(key) not in (None, ""):
            parts.append(f"{key} {location[key]}")
    span = location.get("span")
    if isinstance(span, list) and len(span) == 2:
        parts.append(f"characters {span[0]}-{span[1]}")
    if location.get("member_sha256"):
        parts.append(f"inside file {str(location['member_sha256'])[:12]}")
    return ", ".join(parts)


def documents(view: CampaignView) -> Table:
    rows = [[d.file_name, d.sha256, d.media_type, d.size, d.received_on] for d in
            sorted(view.documents.values(), key=lambda d: d.file_name)]  # fmt: skip
    return Table("Documents", ["file", "sha256", "media type", "bytes", "received"], rows)


def figures(view: CampaignView) -> Table:
    rows = [
        [section, f.key, f.text, f.n, f.m, f.denominator, "; ".join(str(c) for c in f.claims)]
        for section, figs in view.stats.sections().items()
        for f in figs
    ]
    return Table("All figures", ["section", "key", "figure", "n", "m", "denominator", "claims"], rows)


def kb_sources(makers: Iterable[str]) -> Table:
    """The sources and grades of every knowledge-base fact behind the makers reported."""
    from custodes.kb import load_kb

    kb = load_kb()
    rows: list[list[Any]] = []
    seen: set[tuple[str, str]] = set()
    for maker in sorted(set(makers)):
        m = kb.manufacturers.get(maker)
        if m is None:
            continue
        facts = [(f"{m.name}: manufacturer identity", s) for s in m.sources]
        for rel in m.relationships:
            party = kb.manufacturers[rel.party].name if rel.party in kb.manufacturers else rel.party
            facts += [(f"{m.name}: {rel.kind} {party} ({rel.status})", s) for s in rel.sources]
        for fact, sid in facts:
            src = kb.sources.get(sid)
            if src is None or (fact, sid) in seen:
                continue
            seen.add((fact, sid))
            rows.append([fact, src.grade, src.publisher, src.title, src.url])
    return Table(
        "Knowledge-base facts used, with sources and grades",
        ["fact", "grade", "publisher", "source", "url"],
        rows,
    )


def all_tables(view: CampaignView) -> list[Table]:
    makers = [c.manufacturer for c in view.shown_claims() if c.manufacturer]
    return [headline(view), outcomes(view), bodies(view), claims(view), documents(view),
            figures(view), kb_sources(makers)]  # fmt: skip
