"""The ``campaign`` sub-commands, run in-process against a SQLite file."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from custodes.cli.campaign import campaign_app

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
