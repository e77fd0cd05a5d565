"""``custodes campaign claims | review | settings``: a person confirms what the machine read."""

from __future__ import annotations

import getpass
import json
import os
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from custodes.cli.campaign_common import Db, out
from custodes.cli.campaign_common import line as _line
from custodes.cli.campaign_common import store_of as _store
from custodes.cli.common import friendly
from custodes.errors import InputError

if TYPE_CHECKING:
    from custodes.store import Store


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


def register(app: typer.Typer) -> None:
    """Add ``claims``, ``review`` and ``settings`` to the campaign sub-app (after ``attach``)."""
    app.command("claims")(claims_cmd)
    app.command("review")(review_cmd)
    app.command("settings")(settings_cmd)
