"""Shared fixtures for the policy tests: the shipped packs and a device builder."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest

from custodes.policy import DeviceFacts, Pack, builtin_packs

MakeDevice = Callable[..., DeviceFacts]


def _device(
    manufacturer: str | None,
    *,
    group: Iterable[str] = (),
    country: str | None = None,
    device_type: str | None = "camera",
    capabilities: Iterable[tuple[str, str]] = (),
) -> DeviceFacts:
    """A DeviceFacts whose group includes the manufacturer, as the KB computes it."""
    members = set(group)
    if manufacturer is not None:
        members.add(manufacturer)
    return DeviceFacts(
        manufacturer=manufacturer,
        group=frozenset(members),
        country=country,
        device_type=device_type,
        capabilities=tuple(capabilities),
    )


@pytest.fixture(scope="session")
def packs() -> tuple[Pack, ...]:
    return builtin_packs()


@pytest.fixture(scope="session")
def make_device() -> MakeDevice:
    return _device
