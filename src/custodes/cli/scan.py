"""``custodes scan``, ``custodes import-scan`` and ``custodes reconcile``: what is on the network."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import orjson
import typer

from custodes import settings
from custodes.cli.common import err, friendly, open_output, parse_date, say, write_output


def register(app: typer.Typer) -> None:
    app.command()(scan)
    app.command("import-scan")(import_scan)
    app.command()(reconcile)


def _print_hosts(hosts: list[Any]) -> None:
    for host in hosts:
        label = host.manufacturer or "unknown"
        extra = " ".join(v for v in (host.model, f"(label {host.brand})" if host.brand else None) if v)
        say(
            err,
            host.address,
            f"{label} {extra}".strip() + (f"; {len(host.findings)} findings" if host.findings else ""),
        )
        for note in host.disagreements:
            say(err, "   disagreement:", note, "yellow")


@friendly
def scan(
    targets: Annotated[list[str] | None, typer.Argument(help="Addresses, CIDR ranges or host names.")] = None,
    interface: Annotated[
        list[str] | None,
        typer.Option("--interface", "-i", help="Also discover by multicast on this interface."),
    ] = None,
    allow_public: Annotated[
        bool, typer.Option(help="Allow public addresses (only networks you are responsible for).")
    ] = False,
    wait: Annotated[float, typer.Option(help="Seconds to wait for each reply.")] = settings.SCAN_WAIT_SECONDS,
    concurrency: Annotated[int, typer.Option(help="Hosts probed at once.")] = settings.SCAN_CONCURRENCY,
    rate: Annotated[float, typer.Option(help="Messages sent per second at most.")] = settings.SCAN_RATE,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the JSON result here.")] = None,
    sent_log: Annotated[Path | None, typer.Option(help="Write every message sent here (JSON Lines).")] = None,
    as_of: Annotated[str | None, typer.Option(help="Audit date (YYYY-MM-DD), default today.")] = None,
    policy: Annotated[list[Path] | None, typer.Option(help="Extra policy pack (YAML).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Scan networks you are responsible for: who made each device, the evidence, and audit findings.

    Sends only discovery and inquiry messages (SADP inquiry, DHIP search, WS-Discovery and
    SSDP probes) and plain GET/OPTIONS requests: no credentials, nothing that changes a device.

    Example:

        custodes scan 192.168.10.0/24 --interface eth0 -o scan.json
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress

    from custodes.scan import ScanConfig
    from custodes.scan import scan as run

    config = ScanConfig(
        targets=list(targets or []),
        interfaces=list(interface or []),
        allow_public=allow_public,
        wait=wait,
        concurrency=concurrency,
        rate=rate,
        as_of=parse_date(as_of, "--as-of"),
        policy_files=list(policy or []),
    )
    log = open_output(sent_log) if sent_log is not None else None
    bar = Progress("scanning", BarColumn(), MofNCompleteColumn(), console=err, transient=True, disable=quiet)
    task = bar.add_task("hosts", total=None)
    try:
        with bar:
            result = run(
                config,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
                on_send=(lambda sent: log.write(orjson.dumps(sent.to_dict()).decode() + "\n"))
                if log
                else None,
            )
    finally:
        if log is not None:
            log.close()
    write_output(orjson.dumps(result.to_dict(), option=orjson.OPT_INDENT_2) + b"\n", output)
    if not quiet:
        _print_hosts(result.hosts)
        say(
            err,
            "scanned:",
            f"{result.addresses} addresses, {len(result.hosts)} answered, {len(result.sent)} messages sent",
        )
        for line in result.log:
            say(err, "note:", line)


@friendly
def import_scan(
    files: Annotated[
        list[Path], typer.Argument(help="nmap -oX XML, Shodan/Censys/Sonar/runZero JSON, DHCP leases.")
    ],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the JSON result here.")] = None,
    rejects: Annotated[
        Path | None, typer.Option(help="Write records that could not be read here (JSON Lines).")
    ] = None,
    as_of: Annotated[str | None, typer.Option(help="Audit date (YYYY-MM-DD), default today.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Resolve and audit scans others made (nmap, Shodan, Censys, Sonar, runZero, DHCP leases).

    Example:

        custodes import-scan nmap-out.xml leases.txt -o hosts.json --rejects rejects.jsonl
    """
    from custodes.scan import identify_all
    from custodes.scan.imports import import_files

    found = import_files(list(files))
    hosts = identify_all(found.observations, as_of=parse_date(as_of, "--as-of"))
    result = {
        "records": found.records,
        "rejected": len(found.rejects),
        "formats": found.formats,
        "hosts": [h.to_dict() for h in hosts],
    }
    write_output(orjson.dumps(result, option=orjson.OPT_INDENT_2) + b"\n", output)
    if found.rejects:
        target = rejects or Path("rejects.jsonl")
        write_output(b"".join(orjson.dumps(r.to_dict()) + b"\n" for r in found.rejects), target)
        say(err, "rejected:", f"{len(found.rejects)} records, kept in {target}", "yellow")
    if not quiet:
        _print_hosts(hosts)
        say(err, "imported:", f"{found.records} records, {len(hosts)} hosts")


@friendly
def reconcile(
    scan_file: Annotated[Path, typer.Argument(help="A result of custodes scan or import-scan (JSON).")],
    registers: Annotated[list[Path], typer.Argument(help="Asset registers (CSV, XLSX, ...).")],
    xlsx: Annotated[Path | None, typer.Option(help="Write the XLSX report here.")] = None,
    md: Annotated[Path | None, typer.Option(help="Write the Markdown report here.")] = None,
    html: Annotated[Path | None, typer.Option(help="Write the HTML report here.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the JSON result here.")] = None,
    as_of: Annotated[str | None, typer.Option(help="Audit date (YYYY-MM-DD), default today.")] = None,
) -> None:
    """Compare a scan with an asset register: matched, on the network only, in the register only.

    Example:

        custodes reconcile scan.json register.xlsx --xlsx reconciliation.xlsx --html reconciliation.html
    """
    from custodes.scan.reconcile import load_hosts
    from custodes.scan.reconcile import reconcile as run
    from custodes.scan.report import html as to_html
    from custodes.scan.report import markdown, summary, write_xlsx_report

    when = parse_date(as_of, "--as-of")
    rec = run(load_hosts(scan_file, as_of=when), list(registers), as_of=when)
    if xlsx is not None:
        write_xlsx_report(rec, xlsx)
    if md is not None:
        write_output(markdown(rec).encode(), md)
    if html is not None:
        write_output(to_html(rec).encode(), html)
    if output is not None or not (xlsx or md or html):
        write_output(orjson.dumps(rec.to_dict(), option=orjson.OPT_INDENT_2) + b"\n", output)
    for what, count in summary(rec):
        say(err, f"{what}:", str(count))
    for file, reason in rec.failures:
        say(err, "error:", f"{file}: {reason}", "red")
