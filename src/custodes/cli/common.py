"""What every command shares: one-line errors, dates from options, the stderr console, output
files and the progress bar."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.text import Text

from custodes.errors import CustodesError, InputError

err = Console(stderr=True)

# Exit codes (issue 9): declared here until the robustness table lands in custodes.errors.
EXIT_OK = 0
"""Clean: everything read, no finding at or above --fail-on."""
EXIT_FINDINGS = 1
"""Findings at or above --fail-on."""
EXIT_INPUT = 2
"""Usage error, or no input could be read."""
EXIT_PARTIAL = 3
"""Some files could not be read; the report of the others was written."""
F = TypeVar("F", bound=Callable[..., Any])


def friendly(func: F) -> F:
    """A library error becomes one line on stderr and exit status 2, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CustodesError as exc:
            say(err, "error:", str(exc), "red")
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def say(console: Console, label: str, message: str, style: str = "") -> None:
    """Print a label and a message that may carry user text (file names, document text) as
    plain text: brackets in "[/tmp]" or a damaged PDF's warning are never read as markup."""
    console.print(Text.assemble((label, style), " ", message), highlight=False, soft_wrap=True)


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
