"""Malformed and hostile replies are ignored with a logged reason: never a crash, never a hang."""

from __future__ import annotations

import asyncio
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from simnet import Recording

from custodes.resolve import default_resolver
from custodes.scan.identify import identify_all
from custodes.scan.probes import (
    DHIP,
    ONVIF,
    SADP,
    BadReply,
    Context,
    Observation,
    dhip,
    http,
    onvif,
    rtsp,
    sadp,
    ssdp,
)

BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    b"<ProbeMatch><DeviceDescription>&lol3;</DeviceDescription></ProbeMatch>"
)
EXTERNAL = (
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b"<ProbeMatch><DeviceDescription>&x;</DeviceDescription></ProbeMatch>"
)


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (BOMB, "refused XML"),
        (EXTERNAL, "refused XML"),
        (b"<ProbeMatch><DeviceDescription>DS-2CD</ProbeMatch>", "not well-formed"),
        (b"<ProbeMatch>" + b"A" * 70000 + b"</ProbeMatch>", "longer than"),
        (b"<Probe><Types>inquiry</Types></Probe>", "not a ProbeMatch"),
        ('<?xml version="1.0" encoding="utf-16"?><ProbeMatch/>'.encode("latin-1"), "XML"),
        (b"\xff\xfe\x00garbage", "XML"),
    ],
)
def test_hostile_sadp_replies_are_refused_with_a_reason(reply: bytes, reason: str) -> None:
    with pytest.raises(BadReply, match=reason):
        sadp.parse(reply, "10.0.0.5")


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (b"\x20\x00\x00\x00DHIP\x00\x00", "shorter than the 32-byte header"),
        (b"\x20\x00\x00\x00XXXX" + bytes(24) + b"{}", "no DHIP magic"),
        (b"\x20\x00\x00\x00DHIP" + bytes(24), "no JSON body"),
        (b"\x20\x00\x00\x00DHIP" + bytes(24) + b"{not json", "not JSON"),
        (b"\x20\x00\x00\x00DHIP" + bytes(24) + b'{"params": []}', "deviceInfo"),
        (b"\x20\x00\x00\x00DHIP" + bytes(24) + b'{"a": "\xff\xfe"}', "not JSON"),
        (b"\x20\x00\x00\x00DHIP" + bytes(24) + b"{" + b" " * 70000 + b"}", "longer than"),
    ],
)
def test_hostile_dhip_replies_are_refused_with_a_reason(reply: bytes, reason: str) -> None:
    with pytest.raises(BadReply, match=reason):
        dhip.parse(reply, "10.0.0.5")


@given(st.binary(max_size=600))
def test_any_bytes_give_fields_or_bad_reply_never_another_error(data: bytes) -> None:
    for parse in (sadp.parse, dhip.parse, onvif.parse, http.parse_page, rtsp.parse, ssdp.parse_reply):
        try:
            fields = parse(data, "10.0.0.5")
        except BadReply:
            continue
        assert all(isinstance(name, str) and isinstance(value, str) for name, value in fields)


@given(
    st.dictionaries(
        st.sampled_from(["DeviceType", "Vendor", "SerialNo", "Version"]),
        st.one_of(
            st.text(max_size=40), st.integers(), st.none(), st.lists(st.integers(), max_size=3), st.booleans()
        ),
    )
)
def test_dhip_fields_of_any_json_type_never_crash(info: dict[str, object]) -> None:
    body = json.dumps({"params": {"deviceInfo": info}}).encode()
    fields = dhip.parse(dhip.frame(body), "10.0.0.5")
    assert ("protocol", "dhip") in fields
    assert all(isinstance(v, str) for _, v in fields)


def test_a_reply_flood_is_cut_and_logged(recording: Recording) -> None:
    good = b"<ProbeMatch><DeviceDescription>DS-2CD2143G0-I</DeviceDescription></ProbeMatch>"
    recording.datagrams[("10.0.0.5", 37020)] = [good] * 5000
    log: list[str] = []
    found = asyncio.run(SADP().host(Context(recording, wait=0.01, log=log.append), "10.0.0.5"))
    assert len(found) <= 2 * 256
    assert any("flood" in line for line in log)


def test_bad_replies_are_logged_and_good_ones_kept(recording: Recording) -> None:
    recording.datagrams[("10.0.0.5", 37020)] = [
        BOMB,
        b"<ProbeMatch><DeviceDescription>DS-2CD2143G0-I</DeviceDescription></ProbeMatch>",
    ]
    recording.datagrams[("10.0.0.5", 37810)] = [b"DHIP"]
    recording.datagrams[("10.0.0.5", 3702)] = [b"<a><b></a>"]
    log: list[str] = []
    ctx = Context(recording, wait=0.01, log=log.append)

    async def probes() -> list[Observation]:
        out: list[Observation] = []
        for probe in (SADP(), DHIP(), ONVIF()):
            out.extend(await probe.host(ctx, "10.0.0.5"))
        return out

    found = asyncio.run(probes())
    assert ("model", "DS-2CD2143G0-I") in [(o.field, o.value) for o in found]
    assert len(log) == 3 and all("ignored" in line for line in log)


def test_a_serial_number_is_never_read_as_a_mac() -> None:
    """Twelve hex digits inside a serial look like a MAC; only a MAC field is a MAC."""
    reply = (
        b"<ProbeMatch><DeviceSN>DS-7608NI-K2-4E0C8A1B2C3D</DeviceSN>"
        b"<DeviceDescription>DS-7608NI-K2</DeviceDescription></ProbeMatch>"
    )
    fields = sadp.parse(reply, "10.0.0.5")
    observations = [Observation("10.0.0.5", "sadp", n, v) for n, v in fields]
    [host] = identify_all(observations)
    assert host.mac is None
    assert not any(c.basis == "oui" for c in host.conclusions)
    assert host.serial == "DS-7608NI-K2-4E0C8A1B2C3D"
    assert default_resolver().find_mac is not None


def test_http_title_in_a_declared_charset_is_decoded() -> None:
    page = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=iso-8859-1\r\n\r\n<title>Caméra</title>"
    assert ("title", "Caméra") in http.parse_page(page.encode("latin-1"), "10.0.0.5")


def test_http_title_with_an_unknown_charset_falls_back() -> None:
    page = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=x-nonsense\r\n\r\n<title>Cam\xe9ra</title>"
    assert ("title", "Caméra") in http.parse_page(page, "10.0.0.5")


def test_ssdp_description_on_another_host_is_not_fetched(recording: Recording) -> None:
    recording.datagrams[("10.0.0.5", 1900)] = [
        b"HTTP/1.1 200 OK\r\nLOCATION: http://203.0.113.9/d.xml\r\n\r\n"
    ]
    log: list[str] = []
    asyncio.run(ssdp.SSDP().host(Context(recording, wait=0.01, log=log.append), "10.0.0.5"))
    assert [p for p, _ in recording.sent] == ["ssdp"]
    assert any("not fetched" in line for line in log)


FIELDS = [
    "model",
    "vendor",
    "server",
    "realm",
    "title",
    "favicon_md5",
    "mac",
    "protocol",
    "serial",
    "oem",
    "name",
]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(FIELDS),
            st.one_of(
                st.text(max_size=40),
                st.sampled_from(
                    ["sadp", "dhip", "DS-2CD2143G0-I", "App-webs/", "44:19:b6:01:02:03", "LTS", "Dahua"]
                ),
            ),
        ),
        max_size=8,
    )
)
def test_identification_never_raises_and_explains_any_maker(fields: list[tuple[str, str]]) -> None:
    observations = [Observation("10.0.0.5", "probe", name, value) for name, value in fields]
    for host in identify_all(observations, with_findings=False):
        if host.manufacturer is not None:
            assert any(c.manufacturer == host.manufacturer and c.evidence for c in host.conclusions)
        others = {c.manufacturer for c in host.conclusions} - {host.manufacturer, None}
        assert len(host.disagreements) >= len(others)


def test_a_protocol_known_only_from_community_sources_is_a_lead_not_a_maker() -> None:
    """DHIP's maker rests on community code alone (grade D): a host that says nothing but
    that it answers DHIP gets no maker, and the lead is said; SADP has a copy of the
    maker's own manual behind it (grade B) and attributes."""
    [dhip_only] = identify_all([Observation("10.0.0.7", "dhip", "protocol", "dhip")])
    assert dhip_only.manufacturer is None
    assert any("a lead to dahua" in d for d in dhip_only.disagreements)
    [sadp_only] = identify_all([Observation("10.0.0.8", "sadp", "protocol", "sadp")])
    assert sadp_only.manufacturer == "hikvision"
    assert {e.grade for c in sadp_only.conclusions for e in c.evidence} == {"B"}


def test_probes_sent_at_once_never_share_a_reply_port() -> None:
    """Each unicast probe listens on a port of its own: were two given one port (address
    reuse on an ephemeral bind), one would read the other's replies and drop them."""
    from custodes.scan.transport import Datagram, _udp_socket

    sockets = [_udp_socket(Datagram("sadp", b"", "127.0.0.1", 37020, 0.1)) for _ in range(2000)]
    try:
        ports = [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()
    assert len(set(ports)) == len(ports)
