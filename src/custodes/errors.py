"""The exception tree and the exit-code table.

Every error a user can cause is a CustodesError with a one-line message.

* CustodesError          -- anything the CLI should print as one line and exit non-zero
  + KBError              -- a knowledge-base or rule-pack file is invalid (names file, entry, field)
  + InputError           -- a user file cannot be read (names the file and the reason)
  + PolicyError          -- a policy pack is invalid
  + StoreError           -- the database refused or the request makes no sense
"""

from __future__ import annotations

from enum import IntEnum


class CustodesError(Exception):
    """Base class: the message is shown to the user as is, on one line."""


class KBError(CustodesError):
    """A knowledge-base file failed validation."""


class InputError(CustodesError):
    """A user-supplied file or value cannot be used."""

    def __init__(self, file: str, reason: str) -> None:
        self.file = file
        self.reason = reason
        super().__init__(f"{file}: {reason}")


class PolicyError(CustodesError):
    """A policy rule pack is invalid."""


class StoreError(CustodesError):
    """The store refused an operation (unknown body, impossible state change, ...)."""


class ExitCode(IntEnum):
    """What a command's exit status means, the same for every command (docs/robustness.md).

    ======  ========  =============================================================
    status  name      meaning
    ======  ========  =============================================================
    0       OK        everything read; no finding at or above ``--fail-on``
    1       FINDINGS  everything read; a finding at or above ``--fail-on``
    2       USAGE     bad options or arguments, or no input file could be read
    3       PARTIAL   some files failed (each named on stderr); the report is written
    4       INTERNAL  a bug in custodes (an unexpected exception), printed as one line
    ======  ========  =============================================================

    A finding is a verdict only over complete input, so PARTIAL outranks FINDINGS: a CI
    gate never reads a file it could not open as "findings", nor as "clean".
    """

    OK = 0
    FINDINGS = 1
    USAGE = 2
    PARTIAL = 3
    INTERNAL = 4


def batch_exit(*, read: int, failed: int, findings: bool = False) -> ExitCode:
    """The status of a batch command: ``read`` files read, ``failed`` files not read, and
    whether a finding reached ``--fail-on``."""
    if failed and not read:
        return ExitCode.USAGE
    if failed:
        return ExitCode.PARTIAL
    return ExitCode.FINDINGS if findings else ExitCode.OK
