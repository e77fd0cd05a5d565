"""``custodes campaign ...``: each command parses options, makes one library call, prints.

Mounted by the main CLI with ``app.add_typer(campaign_app, name="campaign")``; the review
commands (``claims``, ``review``, ``settings``) are in ``cli/campaign_review.py``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from custodes.cli import campaign_review
from custodes.cli.campaign_common import AsOf, Db, campaign_app, out
from custodes.cli.campaign_common import date_option as _date
from custodes.cli.campaign_common import line as _line
from custodes.cli.campaign_common import store_of as _store
from custodes.cli.common import Basis, err, finish, friendly, report_failures, say
from custodes.errors import batch_exit

if TYPE_CHECKING:
    from custodes.campaign.figures import CampaignStats

# The campaign library pulls in SQLAlchemy and Alembic; it is imported inside each command so
# that `custodes resolve` and `custodes audit` start fast.

__all__ = ["campaign_app", "campaign_review"]


@campaign_app.command("new")
@friendly
def new_cmd(
    name: str,
    targets: Annotated[list[str], typer.Argument(help="set names (london-boroughs) or bodies")],
    title: Annotated[str | None, typer.Option(help="title used in letter subjects")] = None,
    template: Annotated[Path | None, typer.Option(help="Jinja2 letter template")] = None,
    requester: Annotated[str, typer.Option(help="name signing the letters")] = "A. Researcher",
    period_from: Annotated[str | None, typer.Option("--from", help="period start")] = None,
    period_to: Annotated[str | None, typer.Option("--to", help="period end")] = None,
    db: Db = None,
) -> None:
    """Create a campaign with one draft request per body."""
    from custodes.campaign.letters import load_template
    from custodes.campaign.requests import new_campaign

    start, end = _date(period_from, "--from"), _date(period_to, "--to")
    period = (start, end) if start and end else None
    source = load_template(template)
    info = new_campaign(_store(db), name, targets, source, title, requester, period)
    say(out, "campaign", f"{info.name}: {info.requests} draft requests")


@campaign_app.command("list")
@friendly
def list_cmd(db: Db = None) -> None:
    """List campaigns and their requests by state."""
    from custodes.campaign.requests import list_campaigns

    table = Table("campaign", "title", "requests", "states")
    for info in list_campaigns(_store(db)):
        states = ", ".join(f"{k} {v}" for k, v in info.states.items())
        table.add_row(Text(info.name), Text(info.title), str(info.requests), Text(states))
    out.print(table)


@campaign_app.command("letters")
@friendly
def letters_cmd(
    name: str,
    outdir: Annotated[Path, typer.Option("--out", help="folder for the letters")] = Path("letters"),
    sender: Annotated[str | None, typer.Option(help="From: address for the .eml files")] = None,
    db: Db = None,
) -> None:
    """Write one letter per body (.txt and .eml) and a WhatDoTheyKnow batch text."""
    from custodes.campaign.letters import write_campaign_letters

    letters, batch, listing = write_campaign_letters(_store(db), name, outdir, sender)
    _line(f"{len(letters)} letters in {outdir}; WDTK batch text {batch}; bodies {listing}")


@campaign_app.command("sent")
@friendly
def sent_cmd(
    name: str,
    bodies: Annotated[list[str] | None, typer.Argument(help="bodies (default: all drafts)")] = None,
    on: Annotated[str | None, typer.Option(help="date sent, YYYY-MM-DD (default today)")] = None,
    db: Db = None,
) -> None:
    """Record requests as sent; deadlines start from this date."""
    from custodes.campaign.deadlines import rule_for
    from custodes.campaign.requests import mark_sent

    when = _date(on, "--on") or dt.date.today()
    done = mark_sent(_store(db), name, when, bodies)
    _line(f"{len(done)} requests sent on {when}")
    by_due: dict[tuple[str, dt.date | None], int] = {}
    for s in done:
        by_due[(s.regime, s.due)] = by_due.get((s.regime, s.due), 0) + 1
    for (regime, due), n in sorted(by_due.items(), key=lambda kv: (str(kv[0][1]), kv[0][0])):
        _line(f"  {n} under {regime}: due {due} ({rule_for(regime).describe()})")


@campaign_app.command("status")
@friendly
def status_cmd(
    name: str,
    body: Annotated[str | None, typer.Option(help="body whose state to set")] = None,
    state: Annotated[str | None, typer.Option("--set", help="new state (Alaveteli)")] = None,
    on: Annotated[str | None, typer.Option(help="date of the change")] = None,
    note: Annotated[str | None, typer.Option(help="note kept with the event")] = None,
    as_of: AsOf = None,
    db: Db = None,
) -> None:
    """Show every request's state and deadline, or set one body's state with --body --set."""
    from custodes.campaign.requests import request_status, set_state

    if body and state:
        s = set_state(_store(db), name, body, state, _date(on, "--on") or dt.date.today(), note)
        _line(f"{s.body}: {s.state}")
        return
    table = Table("body", "regime", "state", "sent", "due", "overdue")
    for column in table.columns[1:]:
        column.no_wrap = True
    for s in request_status(_store(db), name, _date(as_of, "--as-of")):
        late = "long overdue" if s.long_overdue else "overdue" if s.overdue else ""
        cells = [s.body, s.regime, s.state, str(s.sent_at or ""), str(s.due or ""), late]
        table.add_row(*(Text(c) for c in cells))
    out.print(table)


@campaign_app.command("attach")
@friendly
def attach_cmd(
    name: str,
    body: str,
    files: list[Path],
    received: Annotated[str | None, typer.Option(help="date received (default today)")] = None,
    state: Annotated[str | None, typer.Option(help="state to set, e.g. successful")] = None,
    db: Db = None,
) -> None:
    """Attach answer documents to a request; their claims are extracted and audited."""
    from custodes.campaign.responses import attach

    r = attach(_store(db), name, body, files, _date(received, "--received"), state)
    again = f"; already attached: {', '.join(r.already_attached)}" if r.already_attached else ""
    report_failures(r.failed, [])
    say(
        out,
        "",
        f"{r.body}: {len(r.documents)} documents, {r.claims} claims (proposed: review them with "
        f"`custodes campaign claims {name}`), {r.findings} findings; state {r.state}{again}",
    )
    finish(batch_exit(read=len(files) - len(r.failed), failed=len(r.failed)))


campaign_review.register(campaign_app)


@campaign_app.command("stats")
@friendly
def stats_cmd(
    name: str,
    as_of: AsOf = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON with traces")] = False,
    prices: Annotated[str, typer.Option(help="unit prices for spend ranges: kb, none or a CSV file")] = "kb",
    basis: Basis = "confirmed",
    db: Db = None,
) -> None:
    """Statistics with their denominators and basis, as of a date; --json includes claim ids."""
    from custodes.campaign.stats import compute_stats

    stats = compute_stats(_store(db), name, _date(as_of, "--as-of"), prices, basis)
    if as_json:
        out.print_json(json.dumps(stats.to_dict(), default=str))
        return
    _print_stats(stats)


def _print_stats(stats: CampaignStats) -> None:
    _line(stats.basis_note)
    for section, figures in stats.sections().items():
        if not figures:
            continue
        notes = {f.denominator for f in figures if f.denominator}
        table = Table("figure", "claims", "documents", title=f"{section} (as of {stats.as_of})")
        table.caption = Text("; ".join(sorted(notes))) if notes else None
        for f in figures:
            table.add_row(Text(f.text), str(len(f.claims)), str(len(f.documents)))
        out.print(table)


@campaign_app.command("export")
@friendly
def export_cmd(
    name: str,
    outdir: Annotated[Path, typer.Option("--out", help="output folder")] = Path("export"),
    formats: Annotated[
        str, typer.Option("--format", help="any of csv,json,sqlite,geojson,documents (default all)")
    ] = "csv,json,sqlite,geojson,documents",
    as_of: AsOf = None,
    basis: Basis = "confirmed",
    db: Db = None,
) -> None:
    """Export bodies, requests, claims, findings and the answers themselves: CSV, JSON,
    Datasette SQLite, GeoJSON and the documents folder."""
    from custodes.campaign.exports import export_campaign

    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    paths = export_campaign(_store(db), name, outdir, chosen, _date(as_of, "--as-of"), basis)
    _line("\n".join(str(p) for p in paths))


@campaign_app.command("demo")
@friendly
def demo_cmd(
    docs: Annotated[Path, typer.Option(help="demo folder with manifest.json")] = Path(
        "examples/demo-campaign"
    ),
    db: Db = None,
) -> None:
    """Run the FICTIONAL demo investigation (33 London authorities) and print its statistics."""
    from custodes.campaign.demo import run_demo

    stats = run_demo(db or "build/demo/campaign.db", docs)
    _print_stats(stats)


@campaign_app.command("import-bodies")
@friendly
def import_cmd(
    csv_file: Path,
    set_name: Annotated[str | None, typer.Option("--set", help="put them in this set")] = None,
    db: Db = None,
) -> None:
    """Add bodies (NHS trusts, police forces, ...) from a CSV with a name column."""
    from custodes.campaign.authorities import import_bodies

    r = import_bodies(_store(db), csv_file, set_name=set_name)
    out.print(f"{len(r.added)} added, {len(r.updated)} updated")
    for warning in r.warnings:
        say(err, "warning:", f"{csv_file}: {warning}", "yellow")
