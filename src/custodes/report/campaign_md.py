"""Campaign and audit reports as Markdown for articles: every piece of data escaped.

Tables are GitHub-flavoured Markdown; document text goes through ``md_text`` so a quote
holding ``<script>``, ``|`` or ``[link](...)`` renders as that text and breaks no table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from custodes.report.campaign_data import CampaignView
from custodes.report.campaign_tables import Table, all_tables, methodology
from custodes.report.safe import md_text

MD_ROW_LIMIT = 2000
"""Rows per Markdown table (an article does not need 50,000 claims; the XLSX has them)."""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return md_text(value)


def table_md(table: Table) -> list[str]:
    lines = [f"## {md_text(table.title)}", ""]
    if not table.rows:
        return [*lines, "None.", ""]
    lines.append("| " + " | ".join(md_text(h) for h in table.headers) + " |")
    lines.append("|" + "---|" * len(table.headers))
    for row in table.rows[:MD_ROW_LIMIT]:
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    if len(table.rows) > MD_ROW_LIMIT:
        lines += ["", f"({len(table.rows) - MD_ROW_LIMIT} more rows in the XLSX version and the exports.)"]
    return [*lines, ""]


def document_md(
    title: str, intro: Iterable[str], tables: Iterable[Table], closing: Iterable[str] = ()
) -> str:
    lines = [f"# {md_text(title)}", ""]
    lines += [*(md_text(p) for p in intro), ""]
    for t in tables:
        lines += table_md(t)
    closing = list(closing)
    if closing:
        lines += ["## Methodology", "", *(f"- {md_text(p)}" for p in closing), ""]
    return "\n".join(lines)


def campaign_md(view: CampaignView) -> str:
    intro = [
        f"Campaign {view.name}; figures as of {view.as_of}; "
        f"period asked about {view.period[0]} to {view.period[1]}.",
        f"Basis: figures count {view.basis}.",
        *sorted({f.denominator for f in view.stats.figures() if f.denominator}),
    ]
    return document_md(view.title, intro, all_tables(view), methodology(view))
