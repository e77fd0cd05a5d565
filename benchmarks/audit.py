"""Audit benchmark: the whole ``custodes audit`` process on generated registers, beside a floor.

    python benchmarks/audit.py                       # cases + 50k and 500k rows
    python benchmarks/audit.py --rows 5000000        # once, at the end: the 5M-row target
    python benchmarks/audit.py --custodes /path/to/other/custodes --rows 50000   # before/after

Two parts:

* **Registers as councils keep them**: small registers made with real libraries (csv,
  openpyxl) in the shapes issue 8 lists (no header, a title and merged group headers over an
  "Asset ID" column, counts typed in the text, relabelled brands with OEM leads, Lorex by
  purchase date, a VMS licence), each audited by the CLI, with the figures that matter.
* **Memory and speed**: a fictional register of N rows (real model names, invented sites and
  asset ids) audited to JSON Lines under ``/usr/bin/time -v``: wall time, rows/s and peak RSS,
  beside a floor in the same run (read the CSV, write one JSON line per row, nothing else).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CUSTODES = ROOT / ".venv" / "bin" / "custodes"
KIT = [
    ("Hikvision", "DS-2CD2143G0-I", "Dome"),
    ("Hikvision", "DS-2CD2T46G2-2I", "Bullet"),
    ("HIKVISION", "DS-7608NI-K2", "8ch NVR"),
    ("Dahua", "IPC-HFW2431S-S-S2", "Bullet"),
    ("Dahua", "NVR4216-16P-4KS2/L", "NVR"),
    ("Axis", "P3225-LVE Mk II", "Dome"),
    ("Hanwha", "XNO-6080R", "Bullet"),
    ("Bosch", "FLEXIDOME IP 5000i", "Dome"),
    ("Uniview", "IPC2124LB-SF28-A", "Bullet"),
    ("LTS", "LTCMIP3142W", "Turret"),
    ("Lorex", "LNB4321", "Bullet"),
    ("Milestone", "XProtect Professional+", "VMS licence"),
    ("", "see attached", ""),
]
FLOOR = (
    "import csv, sys, orjson\n"
    "with open(sys.argv[1], newline='', encoding='utf-8') as f, open(sys.argv[2], 'wb') as o:\n"
    "    for row in csv.DictReader(f):\n"
    "        o.write(orjson.dumps(row) + b'\\n')\n"
)


def make_register(path: Path, rows: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    sites = [f"Site {i:03d}" for i in range(400)]
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Asset ID", "Site", "Make", "Model No.", "Description", "Qty", "Install Date"])
        for i in range(rows):
            make, model, desc = KIT[rng.randrange(len(KIT))]
            qty = rng.choice(["1", "2", "x3", "4 no.", "1"])
            w.writerow(
                [f"FICT-{i:07d}", rng.choice(sites), make, model, desc, qty, str(rng.randrange(2012, 2026))]
            )
    return path


def timed(cmd: list[str]) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MiB, exit code) of a whole process."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    return wall, int(m.group(1)) / 1024 if m else float("nan"), done.returncode


def has_option(custodes: Path, option: str) -> bool:
    out = subprocess.run([str(custodes), "audit", "--help"], capture_output=True, text=True, check=False)
    return option in out.stdout


def audit_json(custodes: Path, path: Path) -> dict[str, object]:
    out = path.with_suffix(".report.json")
    subprocess.run([str(custodes), "audit", str(path), "-f", "json", "-o", str(out), "-q"], check=False)
    return json.loads(out.read_text()) if out.exists() else {}


def cases(custodes: Path, work: Path) -> list[tuple[str, str, str]]:
    import openpyxl

    out: list[tuple[str, str, str]] = []
    headerless = work / "headerless.csv"
    with headerless.open("w", newline="") as fh:
        csv.writer(fh).writerows(
            [["Hikvision", "DS-2CD2143G0-I", "12", "Town Hall"], ["Dahua", "IPC-HFW2431S-S-S2", "5", "Depot"]]
        )
    s = audit_json(custodes, headerless).get("summary", {})
    out.append(
        ("headerless CSV, 2 rows, 17 devices", "rows / devices", f"{s.get('rows')} / {s.get('devices')}")
    )

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Borough CCTV register (fictional)"])
    ws.merge_cells("A1:E1")
    ws.append(["Asset", None, "Equipment", None, "Where"])
    ws.merge_cells("A2:B2")
    ws.merge_cells("C2:D2")
    ws.append(["Asset ID", "Installed", "Camera Make/Model", "Qty", "Site"])
    for i in range(14):
        ws.append([f"B-{i}", "2020", "Hikvision DS-2CD2143G0-I", "1", f"Site {i % 3}"])
    titled = work / "titled.xlsx"
    wb.save(titled)
    s = audit_json(custodes, titled).get("summary", {})
    hik = s.get("by_manufacturer", {}).get("hikvision", 0) if isinstance(s, dict) else 0
    out.append(("XLSX, title + merged group header, 14 Hikvision", "Hikvision devices", str(hik)))

    typed = work / "typed.csv"
    typed.write_text(
        "Equipment\n12 x Hik dome cams\nUniview x4\napprox 20 hikvision bullet cameras\n"
        "Dahua PTZ\n3 no. Axis P3225\n"
    )
    s = audit_json(custodes, typed).get("summary", {})
    out.append(("typed list, 5 rows, 40 devices", "devices", str(s.get("devices"))))

    leads = work / "leads.csv"
    leads.write_text(
        "Make,Model,Qty\nLTS,LTCMIP3142W,6\nSwann,NHD-887MSB,5\nHoneywell Performance,HC30W45R3,3\n"
    )
    s = audit_json(custodes, leads).get("summary", {})
    verify = s.get("verify") if isinstance(s, dict) else None
    shown = ", ".join(f"{v['devices']} may be {v['maker']}" for v in verify) if verify else "none shown"
    out.append(("LTS/Swann/Honeywell rows, 14 devices", "verify", shown))

    lorex = work / "lorex.csv"
    lorex.write_text("Make,Model,Qty,Purchase date\nLorex,LNB4321,4,2019-05-01\nLorex,LNB4321,3,2024-02-01\n")
    s = audit_json(custodes, lorex).get("summary", {})
    dahua = s.get("by_manufacturer", {}).get("dahua", 0) if isinstance(s, dict) else 0
    out.append(("Lorex 4 bought 2019, 3 bought 2024", "attributed to Dahua", str(dahua)))

    licence = work / "licence.csv"
    licence.write_text(
        "Make,Model,Description,Qty\nMilestone,XProtect Professional+,VMS licence,40\nAxis,P3225-LVE,Dome,2\n"
    )
    s = audit_json(custodes, licence).get("summary", {})
    out.append(("40 VMS licences + 2 cameras", "devices", str(s.get("devices"))))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="50000,500000", help="comma-separated register sizes")
    parser.add_argument("--custodes", type=Path, default=CUSTODES, help="the custodes executable to time")
    parser.add_argument("--no-cases", action="store_true")
    parser.add_argument("--format", default="jsonl", help="report format (json for versions without jsonl)")
    parser.add_argument(
        "--null-output",
        action="store_true",
        help="write the JSON Lines report to /dev/null (saves disk at 5M rows)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="custodes-bench-audit-") as tmp:
        work = Path(tmp)
        if not args.no_cases:
            print("| register | figure | result |\n|---|---|---:|")
            for name, figure, value in cases(args.custodes, work):
                print(f"| {name} | {figure} | {value} |")
        print("\n| rows | CSV MiB | audit s | rows/s | peak RSS MiB | floor s | floor RSS MiB | exit |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        max_bytes = ["--max-bytes", "64G"] if has_option(args.custodes, "--max-bytes") else []
        for n in (int(x) for x in args.rows.split(",")):
            reg = make_register(work / f"reg-{n}.csv", n)
            out = work / "out.jsonl"
            floor_s, floor_rss, _ = timed([sys.executable, "-c", FLOOR, str(reg), str(out)])
            target = "/dev/null" if args.null_output else str(out)
            cmd = [str(args.custodes), "audit", str(reg), "-f", args.format, "-o", target, "-q", *max_bytes]
            wall, rss, code = timed(cmd)
            size = reg.stat().st_size / 1024**2
            cells = [f"{n:,}", f"{size:.0f}", f"{wall:.1f}", f"{n / wall:,.0f}", f"{rss:.0f}"]
            cells += [f"{floor_s:.1f}", f"{floor_rss:.0f}", str(code)]
            print("| " + " | ".join(cells) + " |")
            out.unlink(missing_ok=True)
            reg.unlink()


if __name__ == "__main__":
    main()
