"""Simulated devices for the scanner's tests and benchmark (all data made up for them).

Each device answers the protocols of its profile on its own address: UDP discovery
(SADP, DHIP, WS-Discovery, SSDP) and TCP (HTTP, RTSP). Everything a device receives is
recorded, so a test can check what the scanner sent. A profile may replace any reply with
raw bytes, to play a hostile device. Run as a script (``python sim.py CONFIG.json``) to
serve devices inside a network namespace.
"""

from __future__ import annotations

import asyncio
import json
import socket
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PORTS = {"sadp": 37020, "dhip": 37810, "onvif": 3702, "ssdp": 1900, "http": 80, "rtsp": 554}
GROUPS = {
    "sadp": "239.255.255.250",
    "dhip": "239.255.255.251",
    "onvif": "239.255.255.250",
    "ssdp": "239.255.255.250",
}

PROFILES: dict[str, dict[str, Any]] = {
    "hikvision-camera": {
        "sadp": {
            "DeviceType": "138153",
            "DeviceDescription": "DS-2CD2143G0-I",
            "DeviceSN": "DS-2CD2143G0-I20210315AACHF12345678",
            "MAC": "44-19-b6-01-02-03",
            "SoftwareVersion": "V5.6.3build 210315",
            "CommandPort": "8000",
        },
        "http": {"status": "302 Found", "server": "App-webs/", "location": "/doc/page/login.asp"},
        "rtsp": {"status": "401 Unauthorized", "realm": 'Digest realm="IP Camera(F1234)", nonce="abc"'},
    },
    "dahua-recorder": {
        "dhip": {
            "DeviceClass": "NVR",
            "DeviceType": "NVR4216-16P-4KS2",
            "SerialNo": "7A01234PAZ0F1E2",
            "Vendor": "Dahua",
            "Manufacturer": "Dahua",
            "Version": "4.001.0000000.3.R",
            "mac": "3c:ef:8c:11:22:33",
        },
        "rtsp": {"status": "200 OK", "server": "Dahua Rtsp Server", "public": "OPTIONS, DESCRIBE"},
        "http": {"status": "200 OK", "title": "WEB SERVICE"},
    },
    "onvif-camera": {
        "onvif": {
            "scopes": [
                "onvif://www.onvif.org/type/video_encoder",
                "onvif://www.onvif.org/hardware/P3245-LVE",
                "onvif://www.onvif.org/name/AXIS%20P3245-LVE",
                "onvif://www.onvif.org/location/country/sweden",
            ]
        },
        "http": {"status": "200 OK", "title": "Live view"},
    },
    "relabelled-camera": {
        "sadp": {
            "DeviceType": "138153",
            "DeviceDescription": "CMIP3042W-28M",
            "DeviceSN": "CMIP3042W-28M20200101AACH99887766",
            "MAC": "02-00-5e-10-20-30",
            "SoftwareVersion": "V5.5.0build 191012",
            "OEMInfo": "LTS",
        },
        "http": {"status": "200 OK", "server": "webserver", "title": "LTS Platinum Network Camera"},
        "rtsp": {"status": "401 Unauthorized", "realm": 'Basic realm="/"'},
    },
    "web-server": {"http": {"status": "200 OK", "server": "nginx/1.24.0", "title": "Staff intranet"}},
    "upnp-camera": {
        "ssdp": {"manufacturer": "Hikvision", "modelName": "DS-2CD2386G2-IU", "friendlyName": "Gate camera"},
        "http": {"status": "200 OK", "server": "App-webs/"},
    },
}


@dataclass
class Device:
    address: str
    profile: dict[str, Any]
    ports: dict[str, int] = field(default_factory=lambda: dict(PORTS))
    interface: str | None = None
    received: list[tuple[str, bytes]] = field(default_factory=list)
    closers: list[Any] = field(default_factory=list)

    # -- replies ------------------------------------------------------------------------
    def reply(self, protocol: str, data: bytes) -> list[bytes]:
        spec = self.profile.get(protocol)
        if spec is None:
            return []
        if "raw" in spec:
            return [bytes(r, "latin-1") if isinstance(r, str) else r for r in spec["raw"]] * int(
                spec.get("repeat", 1)
            )
        if protocol == "sadp":
            if b"<Types>inquiry</Types>" not in data:
                return []
            body = "".join(f"<{k}>{v}</{k}>" for k, v in spec.items())
            ipv4 = f"<IPv4Address>{self.address}</IPv4Address>"
            return [
                f'<?xml version="1.0" encoding="UTF-8"?><ProbeMatch><Uuid>X</Uuid><Types>inquiry</Types>'
                f"{body}{ipv4}</ProbeMatch>".encode()
            ]
        if protocol == "dhip":
            if b"DHDiscover.search" not in data or data[4:8] != b"DHIP":
                return []
            info = {k: v for k, v in spec.items() if k != "mac"}
            info["IPv4Address"] = {"IPAddress": self.address}
            body = json.dumps(
                {"mac": spec.get("mac", ""), "method": "client.notifyDevInfo", "params": {"deviceInfo": info}}
            ).encode()
            size = len(body).to_bytes(8, "little")
            return [b"\x20\x00\x00\x00DHIP" + bytes(8) + size + size + body]
        if protocol == "onvif":
            if b"discovery/Probe" not in data:
                return []
            scopes = " ".join(spec["scopes"])
            return [
                (
                    '<?xml version="1.0" encoding="UTF-8"?>'
                    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
                    'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" '
                    'xmlns:dn="http://www.onvif.org/ver10/network/wsdl">'
                    "<s:Body><d:ProbeMatches><d:ProbeMatch><d:Types>dn:NetworkVideoTransmitter</d:Types>"
                    f"<d:Scopes>{scopes}</d:Scopes><d:XAddrs>http://{self.address}/onvif/device_service</d:XAddrs>"
                    "</d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>"
                ).encode()
            ]
        if protocol == "ssdp":
            if not data.startswith(b"M-SEARCH"):
                return []
            url = f"http://{self.address}:{self.ports['http']}/description.xml"
            return [
                f"HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\nLOCATION: {url}\r\n"
                "SERVER: Linux UPnP/1.0\r\n\r\n".encode()
            ]
        return []

    def http_reply(self, request: bytes) -> bytes:
        spec = self.profile.get("http")
        if spec is None:
            return b""
        if "raw" in spec:
            return bytes(spec["raw"], "latin-1") if isinstance(spec["raw"], str) else spec["raw"]
        path = request.split(b" ", 2)[1] if request.count(b" ") >= 2 else b"/"
        headers = []
        if spec.get("server"):
            headers.append(f"Server: {spec['server']}")
        if path == b"/favicon.ico" and spec.get("favicon"):
            body = bytes.fromhex(spec["favicon"])
            return (
                b"HTTP/1.1 200 OK\r\nContent-Type: image/x-icon\r\nContent-Length: %d\r\n\r\n" % len(body)
                + body
            )
        if path == b"/description.xml" and "ssdp" in self.profile:
            fields = "".join(f"<{k}>{v}</{k}>" for k, v in self.profile["ssdp"].items())
            root = '<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0">'
            body = f"{root}<device>{fields}</device></root>".encode()
            return b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n" + body
        if path != b"/":
            return b"HTTP/1.1 404 Not Found\r\n" + "".join(h + "\r\n" for h in headers).encode() + b"\r\n"
        if spec.get("location"):
            headers.append(f"Location: {spec['location']}")
        if spec.get("realm"):
            headers.append(f"WWW-Authenticate: {spec['realm']}")
        body = (
            f"<html><head><title>{spec['title']}</title></head><body></body></html>"
            if spec.get("title")
            else ""
        )
        head = f"HTTP/1.1 {spec['status']}\r\n" + "".join(h + "\r\n" for h in headers)
        return (head + "Content-Type: text/html; charset=utf-8\r\n\r\n" + body).encode()

    def rtsp_reply(self, request: bytes) -> bytes:
        spec = self.profile.get("rtsp")
        if spec is None:
            return b""
        if "raw" in spec:
            return bytes(spec["raw"], "latin-1")
        headers = ["CSeq: 1"]
        if spec.get("server"):
            headers.append(f"Server: {spec['server']}")
        if spec.get("realm"):
            headers.append(f"WWW-Authenticate: {spec['realm']}")
        if spec.get("public"):
            headers.append(f"Public: {spec['public']}")
        return (f"RTSP/1.0 {spec['status']}\r\n" + "".join(h + "\r\n" for h in headers) + "\r\n").encode()

    # -- serving ------------------------------------------------------------------------
    async def start(self) -> Device:
        loop = asyncio.get_running_loop()
        for protocol in ("sadp", "dhip", "onvif", "ssdp"):
            if protocol not in self.profile:
                continue
            unicast = _udp((self.address, self.ports[protocol]))
            transport, proto = await loop.create_datagram_endpoint(
                lambda p=protocol: _Udp(self, p), sock=unicast
            )
            self.closers.append(transport)
            if self.interface:
                group = _udp(("", self.ports[protocol]), GROUPS[protocol], self.interface)
                listener, _ = await loop.create_datagram_endpoint(
                    lambda p=protocol, t=transport: _Udp(self, p, t), sock=group
                )
                self.closers.append(listener)
        if "https" in self.profile:
            import ssl

            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(self.profile["https"]["cert"], self.profile["https"]["key"])
            server = await asyncio.start_server(
                lambda r, w: self._tcp(r, w, "http", self.http_reply),
                self.address,
                self.ports.get("https", 443),
                ssl=context,
                reuse_address=True,
            )
            self.closers.append(server)
        for protocol, handler in (("http", self.http_reply), ("rtsp", self.rtsp_reply)):
            if protocol in self.profile or (protocol == "http" and "ssdp" in self.profile):
                server = await asyncio.start_server(
                    lambda r, w, p=protocol, h=handler: self._tcp(r, w, p, h),
                    self.address,
                    self.ports[protocol],
                    reuse_address=True,
                )
                self.closers.append(server)
        return self

    async def _tcp(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, protocol: str, handler: Any
    ) -> None:
        try:
            request = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            self.received.append((protocol, request))
            writer.write(handler(request))
            await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, OSError):
            pass
        finally:
            writer.close()

    def close(self) -> None:
        for closer in self.closers:
            closer.close()

    async def aclose(self) -> None:
        self.close()
        await asyncio.sleep(0.05)  # let the transports finish closing before the loop stops


class _Udp(asyncio.DatagramProtocol):
    def __init__(self, device: Device, protocol: str, reply_via: Any = None) -> None:
        self.device = device
        self.protocol = protocol
        self.reply_via = reply_via
        self.transport: Any = None

    def connection_made(self, transport: Any) -> None:
        self.transport = transport

    def datagram_received(self, data: bytes, addr: Any) -> None:
        self.device.received.append((self.protocol, data))
        out = self.reply_via or self.transport
        for reply in self.device.reply(self.protocol, data):
            out.sendto(reply, addr)


def _udp(bind: tuple[str, int], group: str | None = None, interface: str | None = None) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(bind)
    if group and interface:
        index = socket.if_nametoindex(interface)
        sock.setsockopt(
            socket.IPPROTO_IP,
            socket.IP_ADD_MEMBERSHIP,
            struct.pack("4s4si", socket.inet_aton(group), bytes(4), index),
        )
    sock.setblocking(False)
    return sock


async def serve_all(devices: list[Device]) -> list[Device]:
    return [await d.start() for d in devices]


def main(config_path: str) -> None:
    """Serve the devices a JSON file lists ([{address, profile, interface}]) until killed."""
    config = json.loads(Path(config_path).read_text(encoding="utf-8"))

    async def run() -> None:
        devices = [Device(c["address"], PROFILES[c["profile"]], interface=c.get("interface")) for c in config]
        await serve_all(devices)
        print("ready", flush=True)
        await asyncio.Event().wait()

    asyncio.run(run())


if __name__ == "__main__":
    main(sys.argv[1])
