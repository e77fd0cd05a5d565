"""Build the bundled example: a FICTIONAL council CCTV asset register.

Everything here is invented for demonstration: the council, the sites, the asset ids and the
quantities. Model numbers are real product names so that the resolver has something true
to recognise; typos, SKU noise, rebrands and junk rows are there on purpose, because real
registers have them. Run: python examples/make_fictional_register.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

OUT = Path(__file__).with_name("fictional-council-asset-register.csv")
SEED = 20261123

# (make as written, model as written, description, unit cost band in GBP)
KIT: list[tuple[str, str, str, tuple[int, int]]] = [
    ("Hikvision", "DS-2CD2143G0-I", "4MP dome camera", (120, 190)),
    ("Hik", "DS-2CD2143G0-I (2.8mm)", "Dome", (120, 190)),
    ("HIKVISION", "DS-2CD2347G2-LSU/SL", "ColorVu turret with strobe", (180, 260)),
    ("Hikvision", "DS-2CD2T46G2-2I", "Bullet 4MP", (150, 220)),
    ("Hickvision", "DS-2CD2043G2-IU", "Bullet", (110, 170)),
    ("Hikvision", "DS-2DE4425IW-DE", "PTZ speed dome", (650, 900)),
    ("Hikvision", "DS-2DF8425IX-AELW(T5)", "DarkFighter PTZ", (1400, 2100)),
    ("HIKVISION", "", "DARK FIGHTER PTZ x1", (1400, 2100)),
    (
        "Hikvision",
        "iDS-2CD7A46G0/P-IZHS(C)",
        "DeepinView ANPR bullet, car park barrier",
        (900, 1300),
    ),
    ("Hikvision", "DS-2TD2617-10/PA", "Thermal bullet, depot perimeter", (1800, 2600)),
    ("Hikvision", "DS-7608NI-K2", "8ch NVR", (180, 260)),
    ("Hikvision", "DS-7616NI-Q2/16P", "16ch PoE NVR", (320, 450)),
    ("Hikvision", "DS-9664NI-I16", "64ch NVR, control room", (2200, 3100)),
    ("HiLook", "IPC-B140H", "Bullet", (60, 90)),
    ("Hilook", "NVR-104H-D", "4ch NVR", (70, 110)),
    ("EZVIZ", "CS-C6N", "Wi-Fi indoor camera, reception", (30, 45)),
    ("Dahua", "IPC-HFW2431S-S-S2", "Bullet 4MP", (90, 140)),
    ("Dauha", "IPC-HDW5442TM-ASE", "WizMind eyeball", (190, 260)),
    ("DAHUA", "DH-SD49425XB-HNR", "PTZ 25x", (700, 1000)),
    ("Dahua", "NVR4216-16P-4KS2/L", "16ch NVR", (260, 380)),
    ("Dahua", "XVR5108HS-I3", "8ch XVR (legacy analogue)", (110, 160)),
    ("Lorex", "LNB4321", "Bullet (retail pack)", (50, 90)),
    ("Uniview", "IPC2124LB-SF28-A", "4MP bullet", (80, 120)),
    ("Axis", "P3225-LVE Mk II", "Dome, town centre", (600, 850)),
    ("AXIS", "M3106-L Mk II", "Mini dome, library", (220, 300)),
    ("Axis Communications", "Q6155-E", "PTZ, market square", (2500, 3400)),
    ("Hanwha", "XNO-6080R", "Bullet, leisure centre", (300, 420)),
    ("Samsung Techwin", "SNO-6084R", "Bullet (legacy)", (250, 350)),
    ("Bosch", "FLEXIDOME IP 5000i", "Dome, civic centre", (450, 650)),
    ("Avigilon", "2.0C-H5A-DO1", "Dome, council chamber", (600, 800)),
    ("Reolink", "RLC-810A", "Bullet, allotments", (45, 70)),
    ("Milestone", "XProtect Professional+", "VMS licence (per camera)", (90, 140)),
    ("LTS", "LTCMIP3142W", "Turret, sports ground", (70, 110)),
    ("Swann", "NHD-887MSB", "Bullet, allotments", (60, 90)),
    ("Honeywell Performance", "HC30W45R3", "Bullet, depot yard", (120, 180)),
    ("Hikvision", "DS-1272ZJ-110", "Wall mounting bracket", (10, 20)),
]
JUNK = [
    "Unknown",
    "see attached",
    "TBC",
    "n/a",
    "Camera 14 - car park",
    "?",
    "",
    "Old analogue camera",
]
SITES = [
    "Town Hall",
    "Civic Centre",
    "Market Square",
    "Central Library",
    "Northgate Depot",
    "Riverside Leisure Centre",
    "Multi-storey car park A",
    "Multi-storey car park B",
    "Housing Office, Elm Road",
    "Cemetery Lodge",
    "Recycling Centre",
    "Parks Depot",
]
MAINTAINERS = ["CDS Systems Ltd (fictional)", "Acme Security Services (fictional)", "In-house"]


def rows(rng: random.Random) -> list[dict[str, str]]:
    out = []
    for n in range(1, 301):
        asset = f"FICT-{n:04d}"
        site = rng.choice(SITES)
        if rng.random() < 0.07:
            out.append(
                {
                    "Asset ID": asset,
                    "Site": site,
                    "Make": "",
                    "Model No.": "",
                    "Description": rng.choice(JUNK),
                    "Qty": rng.choice(["1", "2", "", "several"]),
                    "Install Date": rng.choice(["", "unknown", "2012"]),
                    "Unit Cost (£)": "",
                    "Maintainer": rng.choice(MAINTAINERS),
                }
            )
            continue
        make, model, description, (low, high) = rng.choice(KIT)
        quantity = rng.choices([1, 2, 3, 4, 6, 8, 12], weights=[40, 15, 8, 10, 5, 3, 2])[0]
        qty_text = rng.choice([str(quantity), str(quantity), f"x{quantity}", f"{quantity} no."])
        if rng.random() < 0.05:  # the count typed into the description, the Qty cell left blank
            description, qty_text = f"{quantity} x {description}", ""
        year = rng.randint(2013, 2025)
        out.append(
            {
                "Asset ID": asset,
                "Site": site,
                "Make": make,
                "Model No.": model,
                "Description": description,
                "Qty": qty_text,
                "Install Date": rng.choice(
                    [f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", str(year)]
                ),
                "Unit Cost (£)": f"{rng.randint(low, high)}.00" if rng.random() < 0.7 else "",
                "Maintainer": rng.choice(MAINTAINERS),
            }
        )
    return out


def main() -> None:
    data = rows(random.Random(SEED))
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(data[0]))
        writer.writeheader()
        writer.writerows(data)
    print(f"wrote {OUT} ({len(data)} rows)")


if __name__ == "__main__":
    main()
