"""The scanner against simulated devices on loopback: every device found, with its true maker."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from sim import PROFILES
from simnet import LOOPBACK_PORTS, NETWORK, start_network

from custodes.errors import InputError
from custodes.scan import ScanConfig, ScanResult, run_scan
from custodes.scan.safety import check


def scan_sims(profiles: list[dict[str, object]], base: str, **options: object) -> tuple[ScanResult, list]:
    async def go() -> tuple[ScanResult, list]:
        net = await start_network(profiles, base)
        try:
            config = ScanConfig([net.cidr], wait=0.4, ports=dict(LOOPBACK_PORTS), **options)  # type: ignore[arg-type]
            return await run_scan(config), net.devices
        finally:
            for device in net.devices:
                device.close()

    return asyncio.run(go())


@pytest.fixture(scope="module")
def network() -> tuple[ScanResult, list]:
    from simnet import loopback_base

    return scan_sims([PROFILES[n] for n in NETWORK], loopback_base())


def host(result: ScanResult, last_octet: int):  # type: ignore[no-untyped-def]
    return next(h for h in result.hosts if h.address.endswith(f".{last_octet}"))


def test_every_simulated_device_is_found_with_its_true_maker(network: tuple[ScanResult, list]) -> None:
    result, _ = network
    makers = {h.address.rsplit(".", 1)[1]: h.manufacturer for h in result.hosts}
    assert makers == {
        "2": "hikvision",
        "3": "dahua",
        "4": "axis",
        "5": "hikvision",
        "6": None,
        "7": "hikvision",
    }


def test_models_come_from_the_discovery_replies(network: tuple[ScanResult, list]) -> None:
    result, _ = network
    assert host(result, 2).model == "DS-2CD2143G0-I"
    assert host(result, 3).model == "NVR4216-16P-4KS2"
    assert host(result, 3).device_type == "nvr"
    assert host(result, 4).model == "P3245-LVE"
    assert host(result, 7).model == "DS-2CD2386G2-IU"


def test_a_relabelled_unit_shows_the_label_and_the_disagreement(network: tuple[ScanResult, list]) -> None:
    result, _ = network
    unit = host(result, 5)
    assert unit.manufacturer == "hikvision" and unit.brand == "lts"
    assert any("http title" in d and "says lts" in d for d in unit.disagreements)
    probes = {c.probe for c in unit.conclusions if c.manufacturer == "hikvision"}
    assert probes == {"sadp"}  # the protocol, not the label, names the maker


def test_evidence_names_the_probe_and_the_rule(network: tuple[ScanResult, list]) -> None:
    result, _ = network
    camera = host(result, 2)
    said = {(c.probe, c.field): c for c in camera.conclusions}
    assert said[("sadp", "model")].evidence[0].rule == "hikvision-ds-2cd"
    assert said[("http", "server")].evidence[0].rule == "fingerprints:hikvision-app-webs"
    assert said[("sadp", "mac")].basis == "oui"
    assert camera.mac == "44:19:b6:01:02:03"
    assert all(e.sources for c in camera.conclusions for e in c.evidence)


def test_restricted_makers_get_audit_findings_and_others_none(network: tuple[ScanResult, list]) -> None:
    result, _ = network
    assert any(f.rule for f in host(result, 2).findings)
    assert any(f.matched_entity == "dahua" for f in host(result, 3).findings)
    assert host(result, 4).findings == [] and host(result, 6).findings == []


def test_the_plain_web_server_is_listed_but_not_attributed(network: tuple[ScanResult, list]) -> None:
    result, _ = network
    web = host(result, 6)
    assert web.manufacturer is None and web.conclusions == []
    assert ("server", "nginx/1.24.0") in [(o.field, o.value) for o in web.observations]


def test_devices_received_only_allowed_messages_and_all_were_logged(network: tuple[ScanResult, list]) -> None:
    result, devices = network
    received = [(p if p != "ssdp-http" else "http", data) for d in devices for p, data in d.received]
    assert received
    for protocol, data in received:
        check(protocol, data)
    sent = {(s.protocol, s.payload) for s in result.sent}
    assert all((p, data) in sent for p, data in received)
    assert not any(s.refused for s in result.sent)


def test_hostile_devices_are_ignored_with_reasons_and_do_not_hang(base: str) -> None:
    bomb = (
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><ProbeMatch>&b;</ProbeMatch>'
    )
    hostile = [
        {"sadp": {"raw": [bomb]}, "dhip": {"raw": ["\x20\x00\x00\x00DHIP"]}, "onvif": {"raw": ["<x>"]}},
        {
            "sadp": {
                "raw": ["<ProbeMatch><DeviceDescription>DS-2CD2143G0-I</DeviceDescription></ProbeMatch>"],
                "repeat": 2000,
            }
        },
        {
            "http": {"raw": "HTTP/1.1 200 OK\r\nServer: App-webs/\r\n\r\n" + "x" * 400_000},
            "rtsp": {"raw": "NOT RTSP AT ALL\r\n\r\n"},
        },
    ]
    started = time.monotonic()
    result, _ = scan_sims(hostile, base)
    assert time.monotonic() - started < 20
    assert any("refused XML" in line for line in result.log)
    assert any("dhip" in line and "shorter" in line for line in result.log)
    assert any("rtsp" in line and "ignored" in line for line in result.log)
    flooded = host(result, 3)
    assert flooded.manufacturer == "hikvision"
    assert host(result, 4).manufacturer == "hikvision"  # the oversized page was cut, its header read


def test_public_targets_are_refused_unless_allowed() -> None:
    with pytest.raises(InputError, match="public address"):
        asyncio.run(run_scan(ScanConfig(["8.8.8.0/30"])))


def test_an_unknown_interface_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="no such network interface"):
        asyncio.run(run_scan(ScanConfig([], interfaces=["nosuch0"])))


def test_rate_limit_spaces_the_messages(base: str) -> None:
    result, _ = scan_sims([PROFILES["web-server"]], base, rate=50.0)
    times = sorted(s.at for s in result.sent)
    assert len(times) > 20
    span = times[-1] - times[0]
    assert span >= (len(times) - 1) / 50.0 * 0.9


def test_neighbour_table_gives_the_mac(base: str, tmp_path: Path) -> None:
    table = tmp_path / "arp"
    address = f"{base}.2"
    table.write_text(
        "IP address       HW type     Flags       HW address            Mask     Device\n"
        f"{address}  0x1 0x2 3c:ef:8c:aa:bb:cc     *        eth0\n"
        f"{base}.9  0x1 0x0 00:00:00:00:00:00     *        eth0\n"
    )
    result, _ = scan_sims([PROFILES["web-server"]], base, neighbour_table=table)
    web = host(result, 2)
    assert web.mac == "3c:ef:8c:aa:bb:cc"
    # a MAC prefix alone names the network chip's buyer: the lowest tier, and said so
    assert web.manufacturer == "dahua" and {c.basis for c in web.conclusions} == {"oui"}


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate whose subject is the factory default of one maker's DVRs."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "ZheJiang"),
            x509.NameAttribute(NameOID.LOCALITY_NAME, "HangZhou"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "HIKVISION"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "DVRNVR"),
            x509.NameAttribute(NameOID.COMMON_NAME, "www.hikvision.com"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


def test_the_tls_certificate_subject_is_read_and_resolved(base: str, tmp_path: Path) -> None:
    cert, key = _certificate(tmp_path)
    profile = {"https": {"cert": str(cert), "key": str(key)}, "http": {"status": "200 OK", "title": "Login"}}
    ports = dict(LOOPBACK_PORTS, https=18443)

    async def go() -> ScanResult:
        from sim import Device

        device = await Device(f"{base}.2", profile, ports=dict(ports)).start()
        try:
            return await run_scan(ScanConfig([f"{base}.2"], wait=0.5, ports=ports))
        finally:
            device.close()

    [found] = asyncio.run(go()).hosts
    subjects = [o.value for o in found.observations if o.field == "tls_subject"]
    assert subjects == ["CN=www.hikvision.com,OU=DVRNVR,O=HIKVISION,L=HangZhou,ST=ZheJiang,C=CN"]
    assert found.manufacturer == "hikvision"
    assert {(c.probe, c.field) for c in found.conclusions} == {("https", "tls_subject")}


def test_a_range_where_nothing_answers_says_so(base: str) -> None:
    result = asyncio.run(run_scan(ScanConfig([f"{base}.200/30"], wait=0.2, ports=dict(LOOPBACK_PORTS))))
    assert result.hosts == []
    assert any("no device answered" in line for line in result.log)
