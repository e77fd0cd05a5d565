"""The exception tree. Every error a user can cause is a CustodesError with a one-line message.

* CustodesError          -- anything the CLI should print as one line and exit non-zero
  + KBError              -- a knowledge-base or rule-pack file is invalid (names file, entry, field)
  + InputError           -- a user file cannot be read (names the file and the reason)
  + PolicyError          -- a policy pack is invalid
  + StoreError           -- the database refused or the request makes no sense
"""

from __future__ import annotations


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
