"""Targets: CIDRs and hosts expanded, public ranges refused, bad input a one-line error."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custodes.errors import InputError
from custodes.scan.targets import MAX_ADDRESSES, expand


def test_cidr_expands_to_its_hosts() -> None:
    assert expand(["192.168.1.0/30"]) == ["192.168.1.1", "192.168.1.2"]
    assert expand(["10.0.0.7", "10.0.0.7/32", "10.0.0.6/31"]) == ["10.0.0.7", "10.0.0.6"]


@pytest.mark.parametrize("target", ["8.8.8.8", "1.1.1.0/24", "203.0.114.0/28"])
def test_public_addresses_are_refused(target: str) -> None:
    with pytest.raises(InputError, match="public address"):
        expand([target])


def test_public_addresses_pass_with_allow_public() -> None:
    assert expand(["8.8.8.8"], allow_public=True) == ["8.8.8.8"]


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("10.0.0.0/8", "more than"),
        ("239.255.255.250", "multicast"),
        ("fe80::1", "IPv6"),
        ("not a host!", "not an address"),
        ("", "empty"),
    ],
)
def test_bad_targets_name_the_reason(target: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        expand([target])


@given(st.ip_addresses(v=4))
def test_any_address_is_kept_or_refused_never_crashes(address: object) -> None:
    try:
        out = expand([str(address)])
    except InputError:
        return
    assert out == [str(address)]
    assert len(out) <= MAX_ADDRESSES
