"""``custodes report``: one call that writes a campaign's or an audit's report.

The source is an audit JSON file when it names one, else a campaign in the store.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from custodes.errors import InputError

FORMATS = ("html", "md", "xlsx")


def default_output(source: str, fmt: str) -> Path:
    from custodes.report.safe import slug

    stem = Path(source).stem if source.endswith(".json") else slug(source, "campaign")
    return Path(f"{stem}-report.{fmt}")


def build_report(
    source: str,
    fmt: str = "html",
    output: Path | None = None,
    db: str | os.PathLike[str] | None = None,
    as_of: dt.date | None = None,
    basis: str = "confirmed",
) -> Path:
    """Write the report of ``source`` (audit JSON path or campaign name) as ``fmt``; a
    campaign's figures count the claims ``basis`` names (``custodes.campaign.stats.BASES``)."""
    if fmt not in FORMATS:
        raise InputError("--format", f"{fmt!r} is not one of {', '.join(FORMATS)}")
    output = output or default_output(source, fmt)
    if source.endswith(".json") or Path(source).is_file():
        text, tables, about = _audit(Path(source), fmt)
    else:
        text, tables, about = _campaign(source, fmt, db, as_of, basis)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "xlsx":
            from custodes.report.campaign_xlsx import write_tables_xlsx

            write_tables_xlsx(output, tables, about)
        else:
            output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(str(output), f"cannot write: {exc.strerror}") from exc
    return output


def _audit(path: Path, fmt: str) -> tuple[str, list, list[str]]:  # type: ignore[type-arg]
    from custodes.report import audit_tables

    audit = audit_tables.load_audit(path)
    about = [f"custodes audit of {', '.join(audit.get('files', []))} as of {audit.get('as_of')}"]
    if fmt == "html":
        from custodes.report.audit_html import render_audit

        return render_audit(audit), [], about
    tables = audit_tables.all_tables(audit)
    if fmt == "md":
        from custodes.report.campaign_md import document_md

        return document_md("Surveillance equipment audit", about, tables), tables, about
    return "", tables, about


def _campaign(
    name: str, fmt: str, db: str | os.PathLike[str] | None, as_of: dt.date | None, basis: str
) -> tuple[str, list, list[str]]:  # type: ignore[type-arg]
    from custodes.campaign import open_campaign_store
    from custodes.report.campaign_data import campaign_view
    from custodes.report.campaign_tables import all_tables, methodology

    store = open_campaign_store(db)
    try:
        view = campaign_view(store, name, as_of, basis=basis)
    finally:
        store.close()
    about = [view.title, f"campaign {view.name}, figures as of {view.as_of}", *methodology(view)]
    if fmt == "html":
        from custodes.report.html import render_campaign

        return render_campaign(view), [], about
    if fmt == "md":
        from custodes.report.campaign_md import campaign_md

        return campaign_md(view), [], about
    return "", all_tables(view), about
