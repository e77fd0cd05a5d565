"""``custodes bulk resolve``: millions of banners or records resolved on Dask (or in this process)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from custodes.cli.common import err, friendly, say

bulk_app = typer.Typer(help="Resolve large banner datasets on Dask.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(bulk_app, name="bulk")


@bulk_app.command("resolve")
@friendly
def resolve(
    input: Annotated[Path, typer.Argument(help="Parquet (file or folder) or JSON Lines of raw records.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="A .parquet folder or a .jsonl file.")],
    engine: Annotated[str, typer.Option(help="dask, or local (this process only).")] = "dask",
    scheduler: Annotated[
        str | None, typer.Option(help="Address of a running Dask scheduler (default: a local cluster).")
    ] = None,
    workers: Annotated[int, typer.Option(help="Workers of the local cluster.")] = 2,
    column: Annotated[str | None, typer.Option(help="Parquet: resolve this text column.")] = None,
    rejects: Annotated[Path | None, typer.Option(help="Where rejected records go (JSON Lines).")] = None,
) -> None:
    """Resolve every record of a Shodan/Censys/Sonar/runZero dataset, or a text column.

    Example:

        custodes bulk resolve banners.jsonl -o resolved.parquet --engine dask --scheduler tcp://10.0.0.2:8786
    """
    from custodes.bulk import resolve_file

    result = resolve_file(
        input, output, engine=engine, scheduler=scheduler, workers=workers, column=column, rejects=rejects
    )
    say(err, "resolved:", f"{result.resolved} of {result.rows - result.rejected} rows -> {result.output}")
    if result.rejected:
        say(err, "rejected:", f"{result.rejected} records, kept in {result.rejects}", "yellow")
