"""``custodes kb ...``: inspect the bundled knowledge base."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import orjson
import typer

from custodes.cli.common import err, friendly, say, write_output

kb_app = typer.Typer(
    help="Inspect the knowledge base: grades, leads, unused sources, dead rules.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(kb_app, name="kb")


@kb_app.command()
@friendly
def check(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report as JSON here.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Check the KB: facts by grade, D-only assertions, unused sources, dead rules.

    Exits 1 when a rule is dead (it never fires on its own examples); a KB that does not
    load at all exits 2 with the file, entry and field at fault.

    Example:

        custodes kb check
    """
    from custodes.kb import load_kb
    from custodes.kb.check import check_kb
    from custodes.resolve import default_resolver

    kb = load_kb()
    resolver = default_resolver()
    report = check_kb(kb, lambda text: {e.rule for e in resolver.resolve(text).device.evidence})
    if output is not None or as_json:
        write_output(orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2) + b"\n", output)
    else:
        lines = ["facts by grade (best source behind each):"]
        for kind, grades in report.facts_by_grade.items():
            counts = ", ".join(f"{g} {n}" for g, n in sorted(grades.items()))
            lines.append(f"  {kind}: {counts}")
        for title, items in (
            ("assertions on D-grade sources alone (leads, never verified)", report.d_only),
            ("sources nothing cites", report.unused_sources),
            ("dead rules", report.dead_rules),
        ):
            lines.append(f"{title}: {len(items)}")
            lines.extend(f"  {item}" for item in items)
        typer.echo("\n".join(lines))
    if report.errors:
        say(err, "error:", f"{len(report.errors)} dead rule(s) in the KB", "red")
        raise typer.Exit(1)
