"""A simulated LAN in network namespaces: one namespace per device, joined by a bridge.

Each device gets its own namespace, veth pair and MAC, and runs ``sim.py`` there; the
bridge in the caller's namespace carries the lab's /24, so multicast discovery and ARP
cross real interfaces. Everything is removed on exit, also after a failure. Needs root
(CAP_NET_ADMIN) and iproute2; :func:`available` says why not where they are missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SIM = Path(__file__).with_name("sim.py")


def _ip(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["ip", *args], capture_output=True, text=True, check=check, timeout=20)


def available() -> str | None:
    """None when namespaces can be made here, else the reason they cannot."""
    if shutil.which("ip") is None:
        return "iproute2 (ip) is not installed"
    if os.geteuid() != 0:
        return "network namespaces need root"
    name = f"cst-probe-{os.getpid()}"
    made = _ip("netns", "add", name, check=False)
    if made.returncode != 0:
        return f"cannot create a network namespace: {made.stderr.strip()}"
    _ip("netns", "del", name, check=False)
    return None


@dataclass
class Lab:
    devices: list[tuple[str, str]]
    """(profile name, MAC) per device; device n gets the address .n+2 of the lab's /24."""
    tag: str = field(default_factory=lambda: f"{os.getpid() % 100000}")
    subnet: str = field(default_factory=lambda: f"10.{200 + os.getpid() % 50}.{os.getpid() // 50 % 250}")
    processes: list[subprocess.Popen[str]] = field(default_factory=list)
    namespaces: list[str] = field(default_factory=list)
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="custodes-lab-")))

    @property
    def bridge(self) -> str:
        return f"cbr{self.tag}"

    @property
    def cidr(self) -> str:
        return f"{self.subnet}.0/24"

    def address(self, n: int) -> str:
        return f"{self.subnet}.{n + 2}"

    def __enter__(self) -> Lab:
        try:
            self._build()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _build(self) -> None:
        _ip("link", "add", "name", self.bridge, "type", "bridge", "mcast_snooping", "0")
        _ip("addr", "add", f"{self.subnet}.1/24", "dev", self.bridge)
        _ip("link", "set", self.bridge, "up")
        for n, (profile, mac) in enumerate(self.devices):
            ns, outer, inner = f"cst{self.tag}d{n}", f"cv{self.tag}o{n}", f"cv{self.tag}i{n}"
            _ip("netns", "add", ns)
            self.namespaces.append(ns)
            _ip("link", "add", outer, "type", "veth", "peer", "name", inner)
            _ip("link", "set", inner, "netns", ns)
            _ip("link", "set", outer, "master", self.bridge, "up")
            for args in (
                ("link", "set", "lo", "up"),
                ("link", "set", inner, "name", "eth0"),
                ("link", "set", "eth0", "address", mac),
                ("addr", "add", f"{self.address(n)}/24", "dev", "eth0"),
                ("link", "set", "eth0", "up"),
            ):
                _ip("-n", ns, *args)
            config = self.folder / f"{ns}.json"
            config.write_text(
                json.dumps([{"address": self.address(n), "profile": profile, "interface": "eth0"}])
            )
            self.processes.append(
                subprocess.Popen(
                    ["ip", "netns", "exec", ns, sys.executable, str(SIM), str(config)],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
        deadline = time.monotonic() + 30
        for process in self.processes:
            assert process.stdout is not None
            line = process.stdout.readline()
            if line.strip() != "ready" or time.monotonic() > deadline:
                raise RuntimeError(
                    f"a simulated device did not start: {process.stderr.read() if process.stderr else ''}"
                )

    def __exit__(self, *exc: Any) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
            for stream in (process.stdout, process.stderr):
                if stream is not None:
                    stream.close()
        for n, ns in enumerate(self.namespaces):
            # delete the veth pair itself: a namespace's own teardown happens later, in the background
            _ip("link", "del", f"cv{self.tag}o{n}", check=False)
            _ip("netns", "del", ns, check=False)
        _ip("link", "del", self.bridge, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def leftovers(self) -> list[str]:
        """Namespaces or links of this lab still present (should be none after exit)."""
        names = _ip("netns", "list", check=False).stdout + _ip("-br", "link", check=False).stdout
        return [w for w in names.split() if w.startswith((f"cst{self.tag}d", self.bridge, f"cv{self.tag}"))]
