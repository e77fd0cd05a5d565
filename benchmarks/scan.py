"""Scan benchmark: a simulated /24 with 40 devices in network namespaces, custodes scan vs nmap -sV.

Usage (root, iproute2; nmap for the comparison: apt-get install -y nmap):

    python benchmarks/scan.py [--devices 40] [--no-nmap]

Builds the lab of tests/scan/netns.py (one namespace per device, each with its own MAC, on
one bridge), then times the whole ``custodes scan 10.x.y.0/24 --interface BRIDGE`` command
and, on the same network in the same run, ``nmap -sV -oX``; nmap's XML is resolved with
``custodes import-scan`` so both are scored the same way. Prints wall time, devices found,
devices with the right maker, and the ratio of the two wall times.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "scan"))

from netns import Lab, available  # noqa: E402

KINDS = [
    # profile, MAC prefix, count, the maker a right answer names (None: not equipment)
    ("hikvision-camera", "44:19:b6", 8, "hikvision"),
    ("dahua-recorder", "3c:ef:8c", 8, "dahua"),
    ("onvif-camera", "00:40:8c", 8, "axis"),
    ("relabelled-camera", "02:11:22", 6, "hikvision"),
    ("upnp-camera", "44:19:b6", 4, "hikvision"),
    ("web-server", "02:33:44", 6, None),
]
CUSTODES = str(Path(sys.executable).with_name("custodes"))


def devices(total: int) -> tuple[list[tuple[str, str]], list[str | None]]:
    plan = [(p, prefix, maker) for p, prefix, count, maker in KINDS for _ in range(count)]
    plan = (plan * (total // len(plan) + 1))[:total]
    specs = [
        (p, f"{prefix}:{n // 256:02x}:{n % 256:02x}:{n % 200 + 2:02x}")
        for n, (p, prefix, _) in enumerate(plan)
    ]
    return specs, [maker for _, _, maker in plan]


def score(hosts: list[dict[str, object]], lab: Lab, expected: list[str | None]) -> tuple[int, int]:
    by_address = {h["address"]: h for h in hosts}
    found = right = 0
    for n, maker in enumerate(expected):
        host = by_address.get(lab.address(n))
        if host is None:
            continue
        found += 1
        right += host.get("manufacturer") == maker
    return found, right


def run(command: list[str], out: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed: {done.stderr.strip()[-500:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=40)
    parser.add_argument("--no-nmap", action="store_true")
    args = parser.parse_args()
    reason = available()
    if reason is not None:
        raise SystemExit(f"cannot build the lab: {reason}")
    specs, expected = devices(args.devices)
    folder = Path(tempfile.mkdtemp(prefix="custodes-bench-scan-"))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    try:
        with Lab(specs) as lab:
            print(f"network: {lab.cidr} (254 addresses), {len(specs)} devices, bridge {lab.bridge}")
            scan_out = folder / "scan.json"
            wall = run(
                [CUSTODES, "scan", lab.cidr, "--interface", lab.bridge, "-o", str(scan_out), "--quiet"],
                scan_out,
            )
            result = json.loads(scan_out.read_text())
            found, right = score(result["hosts"], lab, expected)
            print(
                f"custodes scan: {wall:7.1f} s  found {found}/{len(specs)}  "
                f"right maker {right}/{len(specs)}  messages sent {result['messages_sent']}"
            )
            if args.no_nmap or shutil.which("nmap") is None:
                print("nmap: not run" + ("" if args.no_nmap else " (not installed: apt-get install -y nmap)"))
                return
            xml = folder / "nmap.xml"
            nmap_wall = run(["nmap", "-sV", "-oX", str(xml), lab.cidr], xml)
            imported = folder / "nmap.json"
            subprocess.run(
                [
                    CUSTODES,
                    "import-scan",
                    str(xml),
                    "-o",
                    str(imported),
                    "--quiet",
                    "--rejects",
                    str(folder / "rejects.jsonl"),
                ],
                check=True,
                capture_output=True,
            )
            hosts = json.loads(imported.read_text())["hosts"]
            nfound, nright = score(hosts, lab, expected)
            print(
                f"nmap -sV:      {nmap_wall:7.1f} s  found {nfound}/{len(specs)}  "
                f"right maker {nright}/{len(specs)} (nmap's XML resolved by custodes import-scan)"
            )
            print(f"ratio nmap/custodes wall time: {nmap_wall / wall:.1f}x")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
