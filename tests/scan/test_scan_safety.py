"""Safety rails: only read-only discovery messages and plain GET/OPTIONS/DESCRIBE ever leave."""

from __future__ import annotations

import asyncio
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from simnet import Recording

from custodes.scan.probes import default_probes
from custodes.scan.probes.base import Context
from custodes.scan.probes.dhip import frame, search
from custodes.scan.probes.http import request
from custodes.scan.probes.onvif import probe_message
from custodes.scan.probes.rtsp import options
from custodes.scan.probes.sadp import inquiry
from custodes.scan.probes.ssdp import search as ssdp_search
from custodes.scan.safety import UnsafeMessage, check
from custodes.scan.transport import Datagram, Guarded


def test_every_message_the_probes_build_passes_the_check() -> None:
    check("sadp", inquiry())
    check("dhip", search())
    check("onvif", probe_message())
    check("ssdp", ssdp_search("239.255.255.250"))
    check("http", request("GET", "/", "10.0.0.5"))
    check("rtsp", options("10.0.0.5", 554))


@pytest.mark.parametrize("verb", ["update", "activate", "reset", "getcode", "modifypassword", "Inquiry", ""])
def test_sadp_verbs_that_change_a_device_are_refused(verb: str) -> None:
    message = inquiry().replace(b"<Types>inquiry</Types>", f"<Types>{verb}</Types>".encode())
    with pytest.raises(UnsafeMessage):
        check("sadp", message)


def test_sadp_message_with_extra_fields_is_refused() -> None:
    message = inquiry().replace(b"</Probe>", b"<Password>12345</Password></Probe>")
    with pytest.raises(UnsafeMessage, match="unexpected elements"):
        check("sadp", message)


@given(st.text(min_size=1, max_size=30).filter(lambda v: v.strip() not in ("inquiry", "inquiry_v32")))
def test_no_sadp_type_but_inquiry_passes(verb: str) -> None:
    escaped = verb.replace("&", "&amp;").replace("<", "&lt;")
    message = f"<Probe><Uuid>X</Uuid><Types>{escaped}</Types></Probe>".encode()
    with pytest.raises(UnsafeMessage):
        check("sadp", message)


@pytest.mark.parametrize(
    "method", ["DHDiscover.setConfig", "global.login", "magicBox.reboot", "configManager.setConfig"]
)
def test_dhip_methods_other_than_search_are_refused(method: str) -> None:
    with pytest.raises(UnsafeMessage):
        check("dhip", frame(json.dumps({"method": method, "params": {}}).encode()))


def test_dhip_with_a_lying_length_is_refused() -> None:
    good = search()
    with pytest.raises(UnsafeMessage, match="length"):
        check("dhip", good[:16] + (5).to_bytes(8, "little") + good[24:])


@pytest.mark.parametrize(
    "payload",
    [
        b"POST / HTTP/1.1\r\nHost: x\r\n\r\n",
        b"PUT /ISAPI/System/reboot HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Basic YWRtaW46MTIzNDU=\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nCookie: session=1\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\n\r\nbody",
        b"GET / HTTP/1.1\r\nHost: x\r\n",
    ],
)
def test_http_requests_other_than_a_plain_get_are_refused(payload: bytes) -> None:
    with pytest.raises(UnsafeMessage):
        check("http", payload)


@pytest.mark.parametrize("method", ["SETUP", "PLAY", "ANNOUNCE", "SET_PARAMETER", "RECORD", "TEARDOWN"])
def test_rtsp_methods_other_than_options_and_describe_are_refused(method: str) -> None:
    with pytest.raises(UnsafeMessage):
        check("rtsp", f"{method} rtsp://10.0.0.5/ RTSP/1.0\r\nCSeq: 1\r\n\r\n".encode())


def test_ws_discovery_other_than_probe_is_refused() -> None:
    message = probe_message().replace(b"discovery/Probe<", b"discovery/Bye<")
    with pytest.raises(UnsafeMessage):
        check("onvif", message)


def test_a_protocol_the_scanner_does_not_speak_is_refused() -> None:
    with pytest.raises(UnsafeMessage, match="not a protocol"):
        check("telnet", b"admin\r\n")


def test_the_guard_logs_a_refused_message_and_never_passes_it_on(recording: Recording) -> None:
    guarded = Guarded(recording)
    bad = Datagram("sadp", inquiry().replace(b"inquiry", b"reset"), "10.0.0.5", 37020, 0.1)
    with pytest.raises(UnsafeMessage):
        asyncio.run(guarded.datagram(bad))
    assert recording.sent == []
    assert len(guarded.sent) == 1 and guarded.sent[0].refused


def test_every_byte_every_probe_sends_is_an_allowed_message(recording: Recording) -> None:
    """All probes, unicast and link, against a fake network: each payload re-checked here."""
    recording.streams[("10.0.0.5", 80)] = b"HTTP/1.1 200 OK\r\nServer: App-webs/\r\n\r\n"
    recording.datagrams[("10.0.0.5", 1900)] = [
        b"HTTP/1.1 200 OK\r\nLOCATION: http://10.0.0.5:80/d.xml\r\n\r\n"
    ]
    guarded = Guarded(recording)
    ctx = Context(guarded, wait=0.01)

    async def everything() -> None:
        for probe in default_probes():
            await probe.host(ctx, "10.0.0.5")

    asyncio.run(everything())
    protocols = {p for p, _ in recording.sent}
    assert {"sadp", "dhip", "onvif", "ssdp", "http", "rtsp"} <= protocols
    for protocol, payload in recording.sent:
        check(protocol, payload)
        assert b"Authorization" not in payload and b"password" not in payload.lower()
        first = payload.split(b" ", 1)[0]
        if protocol in ("http", "rtsp"):
            assert first in (b"GET", b"OPTIONS", b"DESCRIBE")
    assert not any(s.refused for s in guarded.sent)
