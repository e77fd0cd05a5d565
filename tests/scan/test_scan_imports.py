"""Scans others made: nmap XML, Shodan/Censys/Sonar/runZero JSON, DHCP leases; bad records kept."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custodes.scan.identify import identify_all
from custodes.scan.imports import import_files

NMAP = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nmaprun>
<nmaprun scanner="nmap" args="nmap -sV -oX out.xml 10.1.2.0/24" version="7.93">
<host><status state="up"/><address addr="10.1.2.10" addrtype="ipv4"/>
<address addr="44:19:B6:0A:0B:0C" addrtype="mac" vendor="Hangzhou Hikvision Digital Technology"/>
<ports><port protocol="tcp" portid="80"><state state="open"/>
<service name="http" product="Hikvision IP camera httpd" method="probed" conf="10"/>
<script id="http-server-header" output="App-webs/"/></port>
<port protocol="tcp" portid="23"><state state="closed"/><service name="telnet" product="Axis telnetd"/></port>
</ports></host>
<host><status state="up"/><address addr="10.1.2.11" addrtype="ipv4"/>
<ports><port protocol="tcp" portid="554"><state state="open"/>
<service name="rtsp" product="Dahua Rtsp Server"/></port></ports></host>
<host><status state="up"/><address addr="10.1.2.12" addrtype="ipv4"/>
<ports><port protocol="tcp" portid="443"><state state="open"/><service name="https" product="nginx"/>
<script id="http-title" output="Welcome"/></port></ports></host>
<host><status state="up"/></host>
</nmaprun>
"""


def makers(path: Path) -> dict[str, str | None]:
    found = import_files([path])
    return {h.address: h.manufacturer for h in identify_all(found.observations)}


def test_nmap_xml_hosts_are_resolved(tmp_path: Path) -> None:
    path = tmp_path / "scan.xml"
    path.write_text(NMAP)
    found = import_files([path])
    hosts = {h.address: h for h in identify_all(found.observations)}
    assert hosts["10.1.2.10"].manufacturer == "hikvision" and hosts["10.1.2.10"].mac == "44:19:b6:0a:0b:0c"
    assert hosts["10.1.2.11"].manufacturer == "dahua"
    assert hosts["10.1.2.12"].manufacturer is None
    # the closed port's product is not evidence
    assert not any(o.value == "Axis telnetd" for o in found.observations)
    assert found.records == 3 and len(found.rejects) == 1 and "IPv4" in found.rejects[0].reason


def test_truncated_nmap_xml_keeps_the_hosts_before_the_damage(tmp_path: Path) -> None:
    path = tmp_path / "cut.xml"
    path.write_text(NMAP[: NMAP.index("10.1.2.12") - 30])
    found = import_files([path])
    assert {o.address for o in found.observations} == {"10.1.2.10", "10.1.2.11"}
    assert any("well-formed" in r.reason for r in found.rejects)


def test_nmap_xml_with_an_entity_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE nmaprun [<!ENTITY a "aaaa">]><nmaprun>&a;</nmaprun>')
    found = import_files([path])
    assert found.observations == [] and "refused XML" in found.rejects[0].reason


def jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n")
    return path


def test_shodan_censys_sonar_and_runzero_shapes(tmp_path: Path) -> None:
    sonar = base64.b64encode(
        b'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm="Hikvision"\r\n\r\n'
    )
    path = jsonl(
        tmp_path / "mixed.jsonl",
        [
            {"ip_str": "10.0.0.1", "port": 80, "data": "HTTP/1.1 200 OK\r\nServer: App-webs/\r\n\r\n"},
            {"ip_str": "10.0.0.2", "port": 443, "data": "", "http": {"favicon": {"hash": 1653394551}}},
            {
                "ip": "10.0.0.3",
                "services": [{"port": 554, "banner": "RTSP/1.0 200 OK\r\nServer: Dahua Rtsp Server\r\n\r\n"}],
            },
            {
                "host": {
                    "ip": "10.0.0.4",
                    "services": [{"port": 80, "software": [{"vendor": "Axis", "product": "camera"}]}],
                }
            },
            {"ip": "10.0.0.5", "port": 80, "data": sonar.decode()},
            {
                "addresses": ["10.0.0.6"],
                "macs": ["3c:ef:8c:01:02:03"],
                "hw": "Dahua IPC-HDW1230T1-S5",
                "type": "IP Camera",
            },
            {"ip_str": "10.0.0.7", "port": 80, "data": "HTTP/1.1 200 OK\r\nServer: Apache\r\n\r\n"},
        ],
    )
    assert makers(path) == {
        "10.0.0.1": "hikvision",
        "10.0.0.2": "dahua",
        "10.0.0.3": "dahua",
        "10.0.0.4": "axis",
        "10.0.0.5": "hikvision",
        "10.0.0.6": "dahua",
        "10.0.0.7": None,
    }


def test_malformed_records_are_counted_kept_and_the_job_goes_on(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "bad.jsonl",
        [
            {"ip_str": "10.0.0.1", "port": 80, "data": "HTTP/1.1 200 OK\r\nServer: App-webs/\r\n\r\n"},
            "{not json",
            "[1, 2]",
            {"something": "else"},
            {"ip": "10.0.0.9", "port": 80, "data": "%%% not base64"},
            {"ip_str": ["a list"], "port": 80},
            {
                "ip_str": "10.0.0.2",
                "port": 554,
                "data": "RTSP/1.0 200 OK\r\nServer: Dahua Rtsp Server\r\n\r\n",
            },
        ],
    )
    found = import_files([path])
    assert found.records == 2 and len(found.rejects) == 5
    assert [r.where for r in found.rejects] == ["line 2", "line 3", "line 4", "line 5", "line 6"]
    assert found.rejects[0].record == "{not json"
    assert {h.address: h.manufacturer for h in identify_all(found.observations)} == {
        "10.0.0.1": "hikvision",
        "10.0.0.2": "dahua",
    }


def test_one_bad_file_never_stops_the_batch(tmp_path: Path) -> None:
    good = jsonl(tmp_path / "good.jsonl", [{"ip_str": "10.0.0.1", "port": 80, "data": "Server: x"}])
    unknown = tmp_path / "notes.txt"
    unknown.write_text("just some notes\n")
    found = import_files([tmp_path / "missing.jsonl", unknown, good])
    assert found.records == 1
    assert [r.file for r in found.rejects] == [str(tmp_path / "missing.jsonl"), str(unknown)]


def test_isc_and_dnsmasq_leases(tmp_path: Path) -> None:
    isc = tmp_path / "dhcpd.leases"
    isc.write_text(
        "# The format of this file is documented in the dhcpd.leases(5) manual page.\n"
        "lease 192.168.5.20 {\n  starts 3 2026/11/04 10:00:00;\n  hardware ethernet 44:19:b6:11:22:33;\n"
        '  client-hostname "yard-cam";\n}\n'
        "lease 192.168.5.21 {\n  starts 3 2026/11/04 10:00:00;\n}\n"
        "lease 192.168.5.22 {\n  hardware ethernet 00:40:8c:aa:bb:cc;\n"
        '  set vendor-class-identifier = "AXIS,Network Camera,P3245-LVE,10.12.1";\n}\n'
    )
    dnsmasq = tmp_path / "dnsmasq.leases"
    dnsmasq.write_text("1790000000 3c:ef:8c:44:55:66 192.168.5.30 nvr-1 *\nbroken line\n")
    found = import_files([isc, dnsmasq])
    hosts = {h.address: h for h in identify_all(found.observations)}
    assert hosts["192.168.5.20"].manufacturer == "hikvision" and hosts["192.168.5.20"].name is None
    assert hosts["192.168.5.22"].manufacturer == "axis"
    assert hosts["192.168.5.30"].manufacturer == "dahua"
    assert [r.where for r in found.rejects] == ["lease 192.168.5.21", "line 2"]


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.one_of(
            st.binary(max_size=80),
            st.recursive(
                st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
                lambda inner: st.one_of(
                    st.lists(inner, max_size=3),
                    st.dictionaries(
                        st.sampled_from(
                            [
                                "ip",
                                "ip_str",
                                "port",
                                "data",
                                "services",
                                "addresses",
                                "host",
                                "http",
                                "ssl",
                                "product",
                                "macs",
                            ]
                        ),
                        inner,
                        max_size=5,
                    ),
                ),
                max_leaves=12,
            ),
        ),
        max_size=8,
    )
)
def test_any_record_is_imported_or_rejected_never_lost(tmp_path: Path, records: list[object]) -> None:
    path = tmp_path / "fuzz.jsonl"
    lines = [r.replace(b"\n", b" ") if isinstance(r, bytes) else json.dumps(r).encode() for r in records]
    path.write_bytes(b"{}\n" + b"\n".join(lines) + b"\n")
    found = import_files([path])
    non_blank = 1 + sum(1 for line in lines if line.strip())
    assert found.records + len(found.rejects) == non_blank
