"""The command line: one library call per command, one-line errors, JSON Lines out."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from custodes.cli import app

runner = CliRunner()


def test_resolve_reads_stdin_and_writes_one_object_per_line() -> None:
    result = runner.invoke(app, ["resolve", "-"], input="Hickvision\n\nDauha\n")
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.output.splitlines()]
    assert [x["manufacturer"] for x in lines] == ["hikvision", None, "dahua"]


def test_resolve_column_of_a_csv(tmp_path: Path) -> None:
    path = tmp_path / "kit.csv"
    path.write_text("id,kit\n1,Hikvision\n2,Dahua\n")
    result = runner.invoke(app, ["resolve", str(path), "--column", "kit"])
    assert result.exit_code == 0, result.output
    assert [json.loads(x)["manufacturer"] for x in result.output.splitlines()] == [
        "hikvision",
        "dahua",
    ]


def test_resolve_unknown_column_names_the_file_and_columns(tmp_path: Path) -> None:
    path = tmp_path / "kit.csv"
    path.write_text("id,kit\n1,Hikvision\n")
    result = runner.invoke(app, ["resolve", str(path), "--column", "make"])
    assert result.exit_code == 2
    assert "kit.csv" in result.output and "'make'" in result.output and "kit" in result.output


def test_resolve_missing_file() -> None:
    result = runner.invoke(app, ["resolve", "/nonexistent/x.txt"])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_every_command_has_help() -> None:
    for command in app.registered_commands:
        assert command.callback is not None and command.callback.__doc__, command.name


def test_resolve_output_lines_up_with_input_lines() -> None:
    result = runner.invoke(app, ["resolve", "-"], input="Hikvision\x0cDahua\nAxis\u2028x\r\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("\n") == 2  # one JSON line per input line


def test_resolve_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["resolve", str(tmp_path)])
    assert result.exit_code == 2 and "folder" in result.output


def test_brackets_in_a_file_name_are_printed_as_text(tmp_path: Path) -> None:
    """A name like "[/x]" is text, not Rich markup: the error is one line, never a traceback."""
    result = runner.invoke(app, ["resolve", str(tmp_path / "[/red]odd[bold].txt")])
    assert result.exit_code == 2
    assert "[/red]odd[bold].txt" in result.output and "no such file" in result.output


def test_version_and_short_help_work_at_the_top_level() -> None:
    from typer.testing import CliRunner

    from custodes import __version__
    from custodes.cli import app

    runner = CliRunner()
    assert runner.invoke(app, ["--version"]).output.strip() == __version__
    helped = runner.invoke(app, ["-h"])
    assert helped.exit_code == 0 and "resolve" in helped.output and "campaign" in helped.output
    sub = runner.invoke(app, ["audit", "-h"])
    assert sub.exit_code == 0 and "--fail-on" in sub.output
