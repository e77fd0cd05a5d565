"""``custodes serve``: the web app (campaigns, review queue, uploads, reports) on one store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from custodes.cli.common import Basis, friendly


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_cmd)


@friendly
def serve_cmd(
    db: Annotated[str | None, typer.Option("--db", help="SQLite path or database URL")] = None,
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
    public: Annotated[bool, typer.Option("--public", help="read-only, no personal data, no log-in")] = False,
    audits: Annotated[Path | None, typer.Option(help="folder of audit JSON reports to show")] = None,
    user: Annotated[
        list[str] | None, typer.Option("--user", help="create NAME:ROLE (viewer/reviewer/admin)")
    ] = None,
    basis: Basis = "confirmed",
) -> None:
    """Serve the web app; prints the address and how to log in."""
    from custodes.web.server import serve

    serve(db, host, port, public, audits, user or [], typer.echo, basis)
