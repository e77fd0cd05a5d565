"""``custodes campaign ...``: each command parses options, makes one library call, prints.

Mounted by the main CLI with ``app.add_typer(campaign_app, name="campaign")``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from custodes.cli.common import err, friendly, parse_date, say
from custodes.errors import InputError

if TYPE_CHECKING:
    from custodes.campaign.figures import CampaignStats
    from custodes.store import Store

# The campaign library pulls in SQLAlchemy and Alembic; it is imported inside each command so
# that `custodes resolve` and `custodes audit` start fast.

campaign_app = typer.Typer(
    help="Run an FOI campaign: bodies, letters, deadlines, answers, statistics.",
    no_args_is_help=True,
)
out = Console()

Db = Annotated[
    str | None,
    typer.Option("--db", help="SQLite path or database URL (default $CUSTODES_DB, ./custodes.db)"),
]
AsOf = Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD (default today)")]


def _date(value: str | None, option: str) -> dt.date | None:
    return parse_date(value, option)


def _store(db: str | None) -> Store:
    from custodes.campaign import open_campaign_store

    return open_campaign_store(db)


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
    info = new_campaign(_store(db), name, targets, load_template(template), title, requester, period)
    out.print(f"campaign [bold]{info.name}[/bold]: {info.requests} draft requests")


@campaign_app.command("list")
@friendly
def list_cmd(db: Db = None) -> None:
    """List campaigns and their requests by state."""
    from custodes.campaign.requests import list_campaigns

    table = Table("campaign", "title", "requests", "states")
    for info in list_campaigns(_store(db)):
        states = ", ".join(f"{k} {v}" for k, v in info.states.items())
        table.add_row(info.name, info.title, str(info.requests), states)
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
    out.print(
        f"{len(letters)} letters in {outdir}; WDTK batch text {batch}; bodies {listing}",
        soft_wrap=True,
        highlight=False,
    )


@campaign_app.command("sent")
@friendly
def sent_cmd(
    name: str,
    bodies: Annotated[list[str] | None, typer.Argument(help="bodies (default: all drafts)")] = None,
    on: Annotated[str | None, typer.Option(help="date sent, YYYY-MM-DD (default today)")] = None,
    db: Db = None,
) -> None:
    """Record requests as sent; deadlines start from this date."""
    from custodes.campaign.requests import mark_sent

    when = _date(on, "--on") or dt.date.today()
    done = mark_sent(_store(db), name, when, bodies)
    out.print(f"{len(done)} requests sent on {when}; first due {min(s.due for s in done if s.due)}")


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
        out.print(f"{s.body}: {s.state}")
        return
    table = Table("body", "regime", "state", "sent", "due", "overdue")
    for column in table.columns[1:]:
        column.no_wrap = True
    for s in request_status(_store(db), name, _date(as_of, "--as-of")):
        late = "long overdue" if s.long_overdue else "overdue" if s.overdue else ""
        table.add_row(s.body, s.regime, s.state, str(s.sent_at or ""), str(s.due or ""), late)
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
    out.print(
        f"{r.body}: {len(r.documents)} documents, {r.claims} claims, "
        f"{r.findings} findings; state {r.state}{again}"
    )


@campaign_app.command("review")
@friendly
def review_cmd(
    claim_id: int,
    decision: Annotated[str, typer.Argument(help="confirm, correct or reject")],
    reviewer: Annotated[str, typer.Option(help="who reviewed")],
    field: Annotated[
        list[str] | None, typer.Option("--set", help="corrected field, e.g. quantity=40")
    ] = None,
    note: Annotated[str | None, typer.Option()] = None,
    db: Db = None,
) -> None:
    """Confirm, correct or reject one claim; the machine's claim is kept unchanged."""
    from custodes.campaign.responses import review

    corrected: dict[str, Any] = {}
    for item in field or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise InputError("--set", f"{item!r} is not FIELD=VALUE")
        try:
            corrected[key] = json.loads(value)
        except json.JSONDecodeError:
            corrected[key] = value
    r = review(_store(db), claim_id, decision, reviewer, corrected, note)
    out.print(f"claim {r.claim_id}: {r.decision} by {r.reviewer}")


@campaign_app.command("stats")
@friendly
def stats_cmd(
    name: str,
    as_of: AsOf = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON with traces")] = False,
    prices: Annotated[str, typer.Option(help="unit prices for spend ranges: kb, none or a CSV file")] = "kb",
    db: Db = None,
) -> None:
    """Statistics with their denominators, as of a date; --json includes claim ids."""
    from custodes.campaign.stats import compute_stats

    stats = compute_stats(_store(db), name, _date(as_of, "--as-of"), prices)
    if as_json:
        out.print_json(json.dumps(stats.to_dict(), default=str))
        return
    _print_stats(stats)


def _print_stats(stats: CampaignStats) -> None:
    for section, figures in stats.sections().items():
        if not figures:
            continue
        notes = {f.denominator for f in figures if f.denominator}
        table = Table("figure", "claims", "documents", title=f"{section} (as of {stats.as_of})")
        table.caption = "; ".join(sorted(notes)) or None
        for f in figures:
            table.add_row(f.text, str(len(f.claims)), str(len(f.documents)))
        out.print(table)


@campaign_app.command("export")
@friendly
def export_cmd(
    name: str,
    outdir: Annotated[Path, typer.Option("--out", help="output folder")] = Path("export"),
    formats: Annotated[str, typer.Option("--format", help="csv,json,sqlite")] = "csv,json,sqlite",
    as_of: AsOf = None,
    db: Db = None,
) -> None:
    """Export bodies, requests, claims and findings as CSV, JSON and Datasette SQLite."""
    from custodes.campaign.exports import export_campaign

    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    paths = export_campaign(_store(db), name, outdir, chosen, _date(as_of, "--as-of"))
    out.print("\n".join(str(p) for p in paths), soft_wrap=True, highlight=False)


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
