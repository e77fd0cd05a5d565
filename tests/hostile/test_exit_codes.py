"""One exit-code table for every command: a crash, a usage error or a partial batch is never
read by a CI gate as a verdict (1), and user text is printed as text, never markup."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from custodes.cli import app
from custodes.errors import ExitCode, batch_exit
from hostile import corpus

runner = CliRunner()
REGISTER = "Site,Manufacturer,Model,Qty\nDepot,Hikvision,DS-2CD2143G0-I,12\n"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    good = tmp_path / "good.csv"
    good.write_text(REGISTER)
    bad = tmp_path / "[" / "red]bad.json"  # the path holds "[/red]", Rich's closing tag
    bad.parent.mkdir()
    bad.write_bytes(b"[" * 5000 + b"]" * 5000)
    return {"good": good, "bad": bad}


def test_the_table_orders_usage_over_partial_over_findings() -> None:
    assert batch_exit(read=0, failed=2, findings=True) == ExitCode.USAGE
    assert batch_exit(read=3, failed=1, findings=True) == ExitCode.PARTIAL
    assert batch_exit(read=3, failed=0, findings=True) == ExitCode.FINDINGS
    assert batch_exit(read=3, failed=0) == ExitCode.OK


def test_extract_clean_partial_and_unreadable(files: dict[str, Path], tmp_path: Path) -> None:
    blobs = ["--blobs", str(tmp_path / "blobs")]
    assert runner.invoke(app, ["extract", str(files["good"]), *blobs]).exit_code == 0
    partial = runner.invoke(app, ["extract", str(files["good"]), str(files["bad"]), *blobs])
    assert partial.exit_code == 3
    assert f"could not read {files['bad']}: JSON nested more than 200 levels deep" in partial.output
    assert '"file":' in partial.output  # the good file's claims are still written
    assert runner.invoke(app, ["extract", str(files["bad"]), *blobs]).exit_code == 2


def test_extract_max_bytes(files: dict[str, Path], tmp_path: Path) -> None:
    blobs = ["--blobs", str(tmp_path / "blobs")]
    small = runner.invoke(app, ["extract", str(files["good"]), "--max-bytes", "10", *blobs])
    assert small.exit_code == 2 and "(limit max_bytes)" in small.output
    assert runner.invoke(app, ["extract", str(files["good"]), "--max-bytes", "1M", *blobs]).exit_code == 0
    typo = runner.invoke(app, ["extract", str(files["good"]), "--max-bytes", "lots", *blobs])
    assert typo.exit_code == 2 and "'lots' is not a size" in typo.output


def test_audit_findings_partial_and_unreadable(files: dict[str, Path], tmp_path: Path) -> None:
    out = ["-f", "json", "-o", str(tmp_path / "r.json"), "--fail-on", "high", "-q"]
    assert runner.invoke(app, ["audit", str(files["good"]), *out]).exit_code == 1
    partial = runner.invoke(app, ["audit", str(files["good"]), str(files["bad"]), *out])
    assert partial.exit_code == 3, partial.output
    assert (tmp_path / "r.json").read_text().count("DS-2CD2143G0-I") > 0  # report written
    assert runner.invoke(app, ["audit", str(files["bad"]), *out]).exit_code == 2


def test_usage_errors_stay_2() -> None:
    assert runner.invoke(app, ["audit", "--no-such-option", "x.csv"]).exit_code == 2
    assert runner.invoke(app, ["extract"]).exit_code == 2


def test_an_unexpected_exception_is_one_line_and_status_4(
    files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import custodes.extract

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug [/bold] here\nand more")

    monkeypatch.setattr(custodes.extract, "extract_claims", broken)
    result = runner.invoke(app, ["extract", str(files["good"]), "--blobs", str(tmp_path / "b")])
    assert result.exit_code == ExitCode.INTERNAL
    assert result.output.strip() == "internal error: RuntimeError: a bug [/bold] here | and more"


def test_markup_in_file_names_and_document_text_is_printed_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "[" / "bold]x"
    folder.mkdir(parents=True)
    letter = folder / "[i]reply.txt"
    letter.write_text("We hold 3 Hikvision [/red] cameras [/] at the depot.\n")
    args = ["extract", str(letter), "-f", "table", "--blobs", str(tmp_path / "b")]
    result = runner.invoke(app, args, env={"COLUMNS": "1000"})
    assert result.exit_code == 0, result.output
    assert "Hikvision [/red] cameras [/] at the depot." in result.output
    assert str(letter) in result.output


def test_the_markup_members_of_the_corpus_are_named_as_they_are(tmp_path: Path) -> None:
    archive = tmp_path / "[b]answers.zip"
    archive.write_bytes(corpus.attacks()["[bold]markup-members[i].zip"])
    result = runner.invoke(app, ["audit", str(archive), "-f", "json", "-o", str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.output
    assert "[/red]x[bold].csv" in (tmp_path / "r.json").read_text()
