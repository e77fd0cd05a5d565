"""Discovery across real interfaces: devices in their own network namespaces on a bridge.

Multicast SADP, DHIP and WS-Discovery leave through the bridge and reach the devices'
namespaces; MACs come from the kernel's neighbour table. Skipped, with the reason, where
namespaces cannot be made (not root, no iproute2).
"""

from __future__ import annotations

import asyncio

import pytest
from netns import Lab, available

from custodes.scan import ScanConfig, run_scan
from custodes.scan.safety import check

REASON = available()
pytestmark = [pytest.mark.netns, pytest.mark.skipif(REASON is not None, reason=REASON or "")]

DEVICES = [
    ("hikvision-camera", "44:19:b6:00:00:02"),
    ("dahua-recorder", "3c:ef:8c:00:00:03"),
    ("onvif-camera", "00:40:8c:00:00:04"),
    ("relabelled-camera", "02:11:22:00:00:05"),
]


def test_multicast_discovery_across_a_bridge_finds_every_device() -> None:
    with Lab(DEVICES) as lab:
        # link discovery only: no unicast target, so every answer came by multicast
        config = ScanConfig([], interfaces=[lab.bridge], wait=2.0)
        result = asyncio.run(run_scan(config))
        hosts = {h.address: h for h in result.hosts}
        assert {a: h.manufacturer for a, h in hosts.items()} == {
            lab.address(0): "hikvision",
            lab.address(1): "dahua",
            lab.address(2): "axis",
            lab.address(3): "hikvision",
        }
        assert hosts[lab.address(3)].brand == "lts" and hosts[lab.address(3)].disagreements
        assert all(s.host.startswith("239.255.255.") for s in result.sent)
        for sent in result.sent:
            check(sent.protocol, sent.payload)

        # then unicast to the whole /24: HTTP and RTSP too, and the neighbour table's MACs
        result = asyncio.run(run_scan(ScanConfig([lab.cidr], wait=2.0, concurrency=128, rate=2000)))
        hosts = {h.address: h for h in result.hosts}
        assert hosts[lab.address(1)].mac == "3c:ef:8c:00:00:03"
        assert hosts[lab.address(2)].mac == "00:40:8c:00:00:04"
        assert {c.probe for c in hosts[lab.address(0)].conclusions} >= {"sadp", "http", "neighbour"}
    assert lab.leftovers() == []


def test_the_lab_is_removed_even_when_the_test_fails() -> None:
    lab = Lab([("web-server", "02:00:00:00:00:09")])
    with pytest.raises(RuntimeError, match="boom"), lab:
        raise RuntimeError("boom")
    assert lab.leftovers() == []
