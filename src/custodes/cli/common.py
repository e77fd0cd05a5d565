"""What every command shares: one-line errors, dates from options, the stderr console, output
files and the progress bar."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
import typer.exceptions
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.text import Text

from custodes.errors import CustodesError, ExitCode, InputError

err = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])


def friendly(func: F) -> F:
    """A library error becomes one line on stderr and exit status 2 (USAGE); anything
    unexpected one line and status 4 (INTERNAL), never a traceback and never 1, which
    ``--fail-on`` gives to findings."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.exceptions.TyperException):
            raise
        except CustodesError as exc:
            say(err, "error:", one_line(str(exc)), "red")
            raise typer.Exit(ExitCode.USAGE) from None
        except KeyboardInterrupt:
            say(err, "interrupted", "", "red")
            raise typer.Exit(130) from None
        except Exception as exc:  # noqa: BLE001 - the one place a bug becomes a status, not a traceback
            say(err, "internal error:", f"{type(exc).__name__}: {one_line(str(exc))}", "red")
            raise typer.Exit(ExitCode.INTERNAL) from None

    return wrapper  # type: ignore[return-value]


def one_line(text: str) -> str:
    """A message on one line (its lines joined by " | "), so that user text in it can never
    forge a further line of output, and nothing of it is dropped."""
    return " | ".join(line.strip() for line in text.splitlines() if line.strip())


def finish(code: ExitCode) -> None:
    """Leave a command with ``code`` (a status from the table in ``custodes.errors``)."""
    if code != ExitCode.OK:
        raise typer.Exit(int(code))


def report_failures(failures: list[tuple[str, str]], warnings: list[tuple[str, str]]) -> None:
    """Each file that failed, with its reason, then each warning: one line each, as text."""
    for file, reason in failures:
        say(err, "could not read", f"{file}: {one_line(reason)}", "red")
    for file, warning in warnings:
        say(err, "warning", f"{file}: {one_line(warning)}", "yellow")


def say(console: Console, label: str, message: str, style: str = "") -> None:
    """Print a label and a message that may carry user text (file names, document text) as
    plain text: brackets in "[/tmp]" or a damaged PDF's warning are never read as markup."""
    message = printable(message)
    console.print(Text.assemble((label, style), " ", message), highlight=False, soft_wrap=True)


def printable(text: str) -> str:
    """``text`` that any terminal encoding accepts: a lone surrogate (from a damaged JSON
    file or an e-mail header) is shown as its escape instead of stopping the print."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def parse_size(value: str | None, option: str) -> int | None:
    """ "200M", "1G" or a number of bytes from an option such as ``--max-bytes``."""
    if value is None:
        return None
    from custodes.ingest.isolate import parse_bytes

    try:
        return parse_bytes(value)
    except (ValueError, IndexError):
        raise InputError(
            option, f"{value!r} is not a size (use e.g. 500M, 2G or a number of bytes)"
        ) from None


def parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(option, f"{value!r} is not a date (use YYYY-MM-DD)") from None


def write_output(data: bytes, output: Path | None) -> None:
    """Bytes to ``output`` (its folder created), or to standard output when it is None."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(data)
    except OSError as exc:
        raise InputError(str(output), f"cannot write: {exc.strerror}") from exc


def open_output(path: Path) -> Any:
    """A text file opened for writing (its folder created), or a one-line InputError."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open("w", encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot write: {exc.strerror}") from exc


class progress:
    """A rich progress bar for long runs, silent for short ones or with --quiet."""

    def __init__(self, quiet: bool, label: str = "auditing") -> None:
        self.quiet = quiet
        self.label = label
        self.bar: Progress | None = None
        self.task: Any = None

    def __enter__(self) -> Callable[[int, int], None]:
        return self.update

    def update(self, done: int, total: int) -> None:
        if self.quiet or total < 2000:
            return
        if self.bar is None:
            self.bar = Progress(
                self.label,
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=err,
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("rows", total=total)
        self.bar.update(self.task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


Basis = Annotated[
    str,
    typer.Option(
        "--basis",
        help="which claims count: confirmed (default, for publication), confirmed+auto, "
        "or all (unreviewed too: not for publication)",
    ),
]
