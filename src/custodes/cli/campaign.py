"""``custodes campaign ...``: each command parses options, makes one library call, prints.

Mounted by the main CLI with ``app.add_typer(campaign_app, name="campaign")``.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from custodes.cli.common import Basis, err, finish, friendly, parse_date, report_failures, say
from custodes.errors import InputError, batch_exit

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


def _line(text: str) -> None:
    """Print a line that may carry user text (names, quotes) as text, never as markup."""
    out.print(Text(text), highlight=False, soft_wrap=True)


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


def _corrections(fields: list[str] | None) -> dict[str, Any]:
    corrected: dict[str, Any] = {}
    for item in fields or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise InputError("--set", f"{item!r} is not FIELD=VALUE")
        try:
            corrected[key.strip()] = json.loads(value)
        except json.JSONDecodeError:
            corrected[key.strip()] = value
    return corrected


def _reviewer(value: str | None) -> str:
    name = value or os.environ.get("CUSTODES_REVIEWER") or getpass.getuser()
    if not name.strip():
        raise InputError("--reviewer", "say who reviewed (or set $CUSTODES_REVIEWER)")
    return name


Reviewer = Annotated[
    str | None,
    typer.Option(help="who reviewed (default $CUSTODES_REVIEWER, else your login name)"),
]


@campaign_app.command("claims")
@friendly
def claims_cmd(
    name: str,
    body: Annotated[str | None, typer.Argument(help="one body's claims only")] = None,
    status: Annotated[list[str] | None, typer.Option("--status", help="owned, refused, ...")] = None,
    review_state: Annotated[
        list[str] | None, typer.Option("--review", help="proposed, auto-accepted, confirmed, ...")
    ] = None,
    db: Db = None,
) -> None:
    """List a campaign's claims: id, review state, status, maker, count, confidence, quote,
    and notes (removed or planned kit, another body's, part of or duplicate of claim N)."""
    from custodes.campaign.review import list_claims

    rows = list_claims(_store(db), name, body, status or (), review_state or ())
    table = Table("id", "body", "review", "status", "maker", "count", "conf.", "quote", "notes")
    for column in table.columns[:7]:
        column.no_wrap = column.header != "body"
    for r in rows:
        c = r.claim
        count = "" if c["quantity"] is None else str(c["quantity"])
        cells = [str(r.id), r.body, r.review, c["status"], c["manufacturer"] or "", count]
        cells += [f"{c['confidence']:.2f}", c["quote"], "; ".join(r.notes)]
        table.add_row(*(Text(x) for x in cells))
    out.print(table)
    _line(f"{len(rows)} claims")


@campaign_app.command("review")
@friendly
def review_cmd(
    action: Annotated[str, typer.Argument(help="confirm, correct or reject; or a campaign with -i")],
    claim_id: Annotated[int | None, typer.Argument(help="the claim id (see `campaign claims`)")] = None,
    interactive: Annotated[
        bool, typer.Option("--interactive", "-i", help="review ACTION's proposed claims one by one")
    ] = False,
    body: Annotated[str | None, typer.Option(help="with -i: one body's claims only")] = None,
    field: Annotated[
        list[str] | None, typer.Option("--set", help="corrected field, e.g. quantity=40")
    ] = None,
    reviewer: Reviewer = None,
    note: Annotated[str | None, typer.Option(help="why (kept with the decision)")] = None,
    db: Db = None,
) -> None:
    """Confirm, correct or reject a claim by id (`review correct 12 --set quantity=40`), or
    go through a campaign's proposed claims (`review CAMPAIGN --interactive`)."""
    from custodes.campaign.review import review

    who = _reviewer(reviewer)
    if interactive:
        _interactive(_store(db), action, body, who)
        return
    if claim_id is None:
        raise InputError("CLAIM_ID", f"`review {action}` needs a claim id (or --interactive)")
    r = review(_store(db), claim_id, action, who, _corrections(field), note)
    _line(f"claim {r.claim_id}: {r.decision} by {r.reviewer}")


def _interactive(store: Store, campaign: str, body: str | None, who: str) -> None:
    from custodes.campaign.review import list_claims, review

    todo = list_claims(store, campaign, body, reviews=("proposed", "auto-accepted"))
    _line(f"{len(todo)} claims to review; c confirm, r reject, e edit (FIELD=VALUE), s skip, q quit")
    done = 0
    for row in todo:
        c = row.claim
        count = "-" if c["quantity"] is None else str(c["quantity"])
        maker = c["manufacturer"] or "-"
        _line(f"[{row.id}] {row.body} | {c['status']} | {maker} | {count} | {c['confidence']:.2f}")
        _line(f"  quote: {c['quote']}")
        answer = typer.prompt("decision", default="s").strip()
        if answer.startswith("q"):
            break
        if answer.startswith("c"):
            review(store, row.id, "confirm", who)
        elif answer.startswith("r"):
            review(store, row.id, "reject", who)
        elif answer.startswith("e"):
            review(store, row.id, "correct", who, _corrections(answer[1:].split()))
        else:
            continue
        done += 1
    _line(f"{done} claims reviewed by {who}")


@campaign_app.command("settings")
@friendly
def settings_cmd(
    name: str,
    auto_accept: Annotated[
        bool, typer.Option("--auto-accept/--no-auto-accept", help="auto-accept confident claims")
    ] = False,
    threshold: Annotated[
        float | None, typer.Option(help="confidence to auto-accept at (default: the declared one)")
    ] = None,
    db: Db = None,
) -> None:
    """Turn auto-accept on or off for a campaign (off by default: every claim is proposed)."""
    from custodes.campaign.review import set_auto_accept

    cut = set_auto_accept(_store(db), name, auto_accept, threshold)
    state = f"on at confidence >= {cut:.2f}" if auto_accept else "off"
    _line(f"{name}: auto-accept {state}")


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
