"""Fixtures for the scanner: simulated devices on loopback, and a transport that records."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from simnet import Recording, loopback_base


@pytest.fixture
def base() -> str:
    return loopback_base()


@pytest.fixture
def recording() -> Iterator[Recording]:
    yield Recording()
