"""The ``campaign`` sub-commands, run in-process against a SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from custodes.cli.campaign import campaign_app
from custodes.store import open_store
from custodes.store.models import Claim

runner = CliRunner()


def test_a_campaign_from_new_to_export(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")

    def run(*args: str) -> str:
        result = runner.invoke(campaign_app, [*args, "--db", db])
        assert result.exit_code == 0, result.output
        return result.output

    assert "3 draft requests" in run("new", "cctv", "Camden", "Hackney", "Glasgow City")
    assert "cctv" in run("list")
    assert "3 letters" in run("letters", "cctv", "--out", str(tmp_path / "letters"))
    assert (tmp_path / "letters" / "wdtk-batch.txt").exists()
    assert "3 requests sent on 2026-09-01" in run("sent", "cctv", "--on", "2026-09-01")
    assert "rejected" in run("status", "cctv", "--body", "Hackney", "--set", "rejected", "--on", "2026-09-15")
    table = run("status", "cctv", "--as-of", "2026-11-30")
    assert "FOISA" in table and "long overdue" in table
    assert "3 bodies asked" in run("stats", "cctv", "--as-of", "2026-11-30", "--prices", "none")
    assert '"asked"' in run("stats", "cctv", "--json")
    assert "cctv.sqlite" in run("export", "cctv", "--out", str(tmp_path / "x"))


def test_errors_are_one_line(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    runner.invoke(campaign_app, ["new", "cctv", "Camden", "--db", db])
    result = runner.invoke(
        campaign_app, ["status", "cctv", "--body", "Camden", "--set", "successful", "--db", db]
    )
    assert result.exit_code == 2
    assert "has not been sent" in result.output
    assert "Traceback" not in result.output
    bad = runner.invoke(campaign_app, ["new", "x", "Camdne Cuncil", "--db", db])
    assert bad.exit_code == 2 and "closest: London Borough of Camden" in bad.output
    date = runner.invoke(campaign_app, ["sent", "cctv", "--on", "tomorrow", "--db", db])
    assert date.exit_code == 2 and "--on: 'tomorrow' is not a date" in date.output


def test_from_attach_to_confirmed_statistics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The newcomer's path: attach, list the proposed claims, review them, publish confirmed."""
    db = str(tmp_path / "c.db")
    monkeypatch.setenv("CUSTODES_REVIEWER", "Sam Checker")

    def run(*args: str, stdin: str | None = None) -> str:
        result = runner.invoke(campaign_app, [*args, "--db", db], input=stdin)
        assert result.exit_code == 0, result.output
        return result.output

    answer = tmp_path / "reply.txt"
    answer.write_text(
        "Dear requester,\n\nResponse:\n1. The council operates 40 Dahua cameras.\n"
        "2. We also have 12 Axis cameras at the depot.\n",
        encoding="utf-8",
    )
    run("new", "cctv", "Camden")
    sent = run("sent", "cctv", "--on", "2026-11-09")
    assert "due 2026-12-08" in sent and "any part of the UK" in sent
    assert "claims (proposed" in run("attach", "cctv", "Camden", str(answer), "--received", "2026-11-20")
    listed = run("claims", "cctv", "--review", "proposed", "--status", "owned")
    ids = _ids(db)
    assert f"{ids['owned']} claims" in listed
    assert "3 of" not in run("stats", "cctv", "--as-of", "2026-12-01")  # nothing confirmed yet
    assert f"claim {ids['dahua']}: confirm by Sam Checker" in run("review", "confirm", str(ids["dahua"]))
    assert "correct" in run("review", "correct", str(ids["axis"]), "--set", "quantity=10")
    stats = run("stats", "cctv", "--as-of", "2026-12-01", "--json")
    assert '"basis": "confirmed"' in stats
    assert "at least 40 dahua devices" in stats and "at least 10 axis devices" in stats
    run("review", "reject", str(ids["axis"]), "--note", "the depot closed in 2025")
    assert "axis" not in run("stats", "cctv", "--as-of", "2026-12-01", "--json")
    assert "rejected" in run("claims", "cctv", "Camden", "--review", "rejected")


def test_interactive_review_and_auto_accept(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")

    def run(*args: str, stdin: str | None = None) -> str:
        result = runner.invoke(campaign_app, [*args, "--db", db], input=stdin)
        assert result.exit_code == 0, result.output
        return result.output

    answer = tmp_path / "reply.txt"
    answer.write_text("Response:\n1. We operate 40 Dahua cameras and 12 Axis cameras.\n", encoding="utf-8")
    run("new", "cctv", "Camden")
    run("sent", "cctv", "--on", "2026-11-09")
    run("attach", "cctv", "Camden", str(answer), "--received", "2026-11-20")
    assert "auto-accept on at confidence >= 0.50" in run(
        "settings", "cctv", "--auto-accept", "--threshold", "0.5"
    )
    assert "auto-accepted" in run("claims", "cctv")
    assert "auto-accept off" in run("settings", "cctv", "--no-auto-accept")
    flow = run("review", "cctv", "--interactive", "--reviewer", "Ann", stdin="c\ne quantity=11\nq\n")
    assert "2 claims reviewed by Ann" in flow
    reviewed = run("claims", "cctv", "--review", "confirmed", "--review", "corrected")
    assert "2 claims" in reviewed
    bad = runner.invoke(campaign_app, ["review", "confirm", "--db", db])
    assert bad.exit_code == 2 and "needs a claim id" in bad.output


def _ids(db: str) -> dict[str, int]:
    """The id of each maker's counted claim, and how many owned claims there are."""
    store = open_store(db)
    try:
        with store.transaction() as session:
            rows = session.execute(
                select(Claim.manufacturer, Claim.id, Claim.quantity).where(Claim.status == "owned")
            )
            ids = {str(maker): int(cid) for maker, cid, qty in rows if qty is not None and maker}
            ids["owned"] = len(session.scalars(select(Claim.id).where(Claim.status == "owned")).all())
            return ids
    finally:
        store.close()


def test_names_with_brackets_are_printed_as_text(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    out = tmp_path / "[bold]letters[/bold]"
    runner.invoke(campaign_app, ["new", "[red]x[/red]", "Camden", "--db", db])
    result = runner.invoke(campaign_app, ["letters", "[red]x[/red]", "--out", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    assert "[bold]letters[/bold]" in result.output and (out / "cmd.txt").exists()
    listed = runner.invoke(campaign_app, ["list", "--db", db])
    assert "[red]x[/red]" in listed.output


def test_attach_names_an_unreadable_file_and_attaches_the_rest(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    runner.invoke(campaign_app, ["new", "cctv", "Camden", "--db", db])
    runner.invoke(campaign_app, ["sent", "cctv", "--on", "2026-11-09", "--db", db])
    good = tmp_path / "reply.txt"
    good.write_text("Response:\n1. We operate 40 Dahua cameras.\n", encoding="utf-8")
    broken = tmp_path / "scan.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    result = runner.invoke(
        campaign_app,
        ["attach", "cctv", "Camden", str(broken), str(good), "--received", "2026-11-20", "--db", db],
    )
    assert result.exit_code == 3, result.output  # partial: named, the rest attached
    assert f"could not read {broken}" in result.output.replace("\n", " ")
    assert "1 documents" in result.output and "Traceback" not in result.output
    assert _ids(db)["dahua"]
