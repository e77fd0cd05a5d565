"""What the FICTIONAL demo answers say, and the ground truth each one means.

Kept apart from the writers in ``make_answers.py`` so the text a council "wrote" and the
truth a test checks it against sit side by side, one answer per block. Every figure here is
invented; the model numbers are real product names so the resolver has something to find.
The hard negatives are on purpose: the request quoted back, an installer ("CDS Systems Ltd
(fictional)"), a national statistic ("Hikvision/Dahua is used by 73% of local
authorities"), a vehicle make -- none of them is ownership.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

INSTALLER = "CDS Systems Ltd (fictional)"
STATISTIC = "Hikvision/Dahua is used by 73% of local authorities"

# Brand as written -> canonical manufacturer id (HiLook is a Hikvision brand).
MAKES: dict[str, str] = {
    "Hikvision": "hikvision",
    "HIKVISION": "hikvision",
    "HiLook": "hikvision",
    "Dahua": "dahua",
    "Axis": "axis",
    "Axis Communications": "axis",
    "Hanwha": "hanwha",
    "Hanwha Vision": "hanwha",
    "Hanwha Techwin": "hanwha",
    "Bosch": "bosch",
    "Avigilon": "avigilon",
    "Uniview": "uniview",
}

# The request as the demo campaign sent it; letters quote it back ("You asked: ...").
REQUEST: tuple[str, ...] = (
    "1. For each CCTV camera the council owns or operates, the manufacturer or brand (for "
    "example Hikvision, Dahua, HiLook, Axis, Hanwha, Bosch, Avigilon or Uniview), the model "
    "and the quantity.",
    "2. The manufacturer, model and quantity of the recorders (NVR/DVR) and of any video "
    "analytics servers or software.",
    "3. Whether any of this equipment is capable of facial recognition or other analytics "
    "(for example ANPR or people counting), whether the function is enabled, and whether "
    "it is in use.",
    "4. The total spent on CCTV equipment in each of the financial years 2023/24 to 2025/26.",
    "5. The names of the companies that install and maintain the equipment.",
)


@dataclass(frozen=True, slots=True)
class Own:
    """One statement of ownership and what it truly means."""

    brand_text: str
    quantity: int | None
    quantity_text: str
    device_type: str
    models: tuple[str, ...] = ()

    @property
    def manufacturer(self) -> str:
        return MAKES[self.brand_text]

    def truth(self) -> dict[str, Any]:
        return {
            "manufacturer": self.manufacturer,
            "brand_text": self.brand_text,
            "quantity": self.quantity,
            "quantity_text": self.quantity_text,
            "device_type": self.device_type,
            "models": list(self.models),
        }


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a table or asset register: site, make, model, quantity as written."""

    site: str
    brand_text: str
    model: str
    quantity_text: str
    quantity: int
    device_type: str = "camera"
    maintainer: str = ""

    def own(self) -> Own:
        return Own(self.brand_text, self.quantity, self.quantity_text, self.device_type,
                   (self.model,))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Answer:
    """A reply's own words (paragraphs, optional table) beside its ground truth."""

    paragraphs: tuple[str, ...]
    owned: tuple[Own, ...] = ()
    rows: tuple[Row, ...] = ()
    hidden_rows: tuple[Row, ...] = ()
    capabilities: tuple[tuple[str, str], ...] = ()
    denies: tuple[str, ...] = ()
    not_owned: tuple[str, ...] = ()
    refusal_sections: tuple[str, ...] = ()
    not_held: bool = False
    hard_negatives: tuple[str, ...] = field(default=())

    def all_owned(self) -> list[Own]:
        return [*self.owned, *(r.own() for r in self.rows)]

    def truth(self) -> dict[str, Any]:
        return {
            "owned": [o.truth() for o in self.all_owned()],
            "not_owned": list(self.not_owned),
            "capabilities": [{"capability": c, "level": lv} for c, lv in self.capabilities],
            "denies": list(self.denies),
            "refusal_sections": list(self.refusal_sections),
            "not_held": self.not_held,
            "decommissioned_hidden": [r.own().truth() for r in self.hidden_rows],
            "hard_negatives": list(self.hard_negatives),
        }


Q = "the request quoted back (vendor names in the question)"

PDF_ANSWERS: tuple[Answer, ...] = (
    Answer(
        (
            "Q1. The council operates 312 cameras: 280 Hikvision (DS-2CD2143G0-I, "
            "DS-2DE4425IW-DE), 32 Axis (P3225-LVE Mk II).",
            "Q2. 4 Hikvision NVRs (DS-9664NI-I16).",
            "Q3. The recorders are capable of facial recognition but it is not enabled. No "
            "other analytics are in use.",
            "Q4. £61,900 in 2023/24, £58,300 in 2024/25 and £64,000 in 2025/26.",
            f"Q5. The system was installed by {INSTALLER}, who also maintain it.",
        ),
        owned=(
            Own("Hikvision", 280, "280", "camera", ("DS-2CD2143G0-I", "DS-2DE4425IW-DE")),
            Own("Axis", 32, "32", "camera", ("P3225-LVE Mk II",)),
            Own("Hikvision", 4, "4", "recorder", ("DS-9664NI-I16",)),
        ),
        capabilities=(("face-recognition", "capable"),),
        hard_negatives=(Q, "installer"),
    ),
    Answer(
        (
            "Q1. The council operates over 1,500 Hikvision cameras across its housing estates "
            "and public spaces, mainly DS-2CD2T46G2-2I bullets and DS-2CD2347G2-LSU/SL turrets.",
            "Q2. Twelve Hikvision DS-7616NI-Q2/16P recorders, and two HiLook NVR-104H-D "
            "recorders at satellite offices.",
            "Q3. The council does not use facial recognition. ANPR is in use at the council's "
            "car parks; those cameras are included in the figure above.",
            "Q4. Spend is recorded against housing and highways budgets and totalled "
            "approximately £410,000 over the period.",
            "Q5. Maintenance is carried out by the council's in-house CCTV team.",
        ),
        owned=(
            Own(
                "Hikvision",
                1500,
                "over 1,500",
                "camera",
                ("DS-2CD2T46G2-2I", "DS-2CD2347G2-LSU/SL"),
            ),  # fmt: skip
            Own("Hikvision", 12, "Twelve", "recorder", ("DS-7616NI-Q2/16P",)),
            Own("HiLook", 2, "two", "recorder", ("NVR-104H-D",)),
        ),
        capabilities=(("anpr", "in_use"),),
        denies=("face-recognition",),
        hard_negatives=(Q,),
    ),
    Answer(
        (
            "Q1. The CCTV control room monitors c.990 Dahua cameras (IPC-HFW2431S-S-S2 and "
            "DH-SD49425XB-HNR) and 47 Hanwha cameras (XNO-6080R) at leisure centres.",
            "Q2. 60 Dahua NVR4216-16P-4KS2/L recorders.",
            "Q3. Some Dahua cameras support face detection; the function is switched off. "
            "The council does not use facial recognition.",
            "Q4. £96,500 (2023/24), £88,100 (2024/25) and £102,750 (2025/26).",
            "Q5. Installed and maintained by Northgate Security Services (fictional).",
        ),
        owned=(
            Own("Dahua", 990, "c.990", "camera", ("IPC-HFW2431S-S-S2", "DH-SD49425XB-HNR")),
            Own("Hanwha", 47, "47", "camera", ("XNO-6080R",)),
            Own("Dahua", 60, "60", "recorder", ("NVR4216-16P-4KS2/L",)),
        ),
        capabilities=(("face-detection", "capable"),),
        denies=("face-recognition",),
        hard_negatives=(Q, "installer"),
    ),
    Answer(
        (
            "Q1. 99% of 557 cameras are Hikvision (mainly DS-2CD2143G0-I); the remainder are "
            "six Axis M3106-L Mk II mini domes in the central library.",
            "Q2. Two Hikvision DS-9664NI-I16 NVRs in the control room.",
            "Q3. The NVRs are capable of facial recognition; the function has been enabled "
            "for testing but is not in use.",
            "Q4. £142,000 over the three years; a breakdown by year is not recorded.",
            f"Q5. The cameras were installed by {INSTALLER}.",
        ),
        owned=(
            Own("Hikvision", 551, "99% of 557", "camera", ("DS-2CD2143G0-I",)),
            Own("Axis", 6, "six", "camera", ("M3106-L Mk II",)),
            Own("Hikvision", 2, "Two", "recorder", ("DS-9664NI-I16",)),
        ),
        capabilities=(("face-recognition", "enabled"),),
        hard_negatives=(Q, "installer"),
    ),
    Answer(
        (
            "Q1. We operate 86 cameras: 64 Axis (P3225-LVE Mk II, Q6155-E) and 22 Bosch "
            "FLEXIDOME IP 5000i.",
            "Q2. Recording is on three Bosch DIVAR IP all-in-one 5000 units.",
            "Q3. None of the council's equipment is used for facial recognition.",
            "Q4. £22,400 (2023/24), £19,800 (2024/25), £31,050 (2025/26).",
            f"Q5. The system is maintained by {INSTALLER}.",
            f"You mention that {STATISTIC}. The council does not use equipment from either "
            "manufacturer.",
        ),
        owned=(
            Own("Axis", 64, "64", "camera", ("P3225-LVE Mk II", "Q6155-E")),
            Own("Bosch", 22, "22", "camera", ("FLEXIDOME IP 5000i",)),
            Own("Bosch", 3, "three", "recorder", ("DIVAR IP all-in-one 5000",)),
        ),
        denies=("face-recognition",),
        not_owned=("hikvision", "dahua"),
        hard_negatives=(Q, "installer", "national statistic"),
    ),
    Answer(
        (
            "Q1. 47 Hanwha Wisenet cameras (XNO-6080R and XNV-8080R) are installed at council "
            "buildings.",
            "Q2. 2 Hanwha Wisenet XRN-1610S recorders.",
            "Q3. The cameras are capable of people counting; it is in use at the market "
            "hall. They are not capable of facial recognition.",
            "Q4. £12,300, £9,950 and £14,100 respectively.",
            "Q5. Maintenance is provided by Riverside Fire & Security (fictional).",
        ),
        owned=(
            Own("Hanwha", 47, "47", "camera", ("XNO-6080R", "XNV-8080R")),
            Own("Hanwha", 2, "2", "recorder", ("XRN-1610S",)),
        ),
        capabilities=(("people-counting", "in_use"),),
        hard_negatives=(Q, "installer"),
    ),
    Answer(
        (
            "Q1. 214 Avigilon cameras (H5A domes and bullets, models 2.0C-H5A-DO1 and "
            "4.0C-H5A-BO1-IR).",
            "Q2. 5 Avigilon NVR5 recorders running Avigilon Control Center.",
            "Q3. Avigilon Appearance Search can search by clothing colour; this is enabled but "
            "not in use. The council does not use facial recognition.",
            "Q4. £71,000 in 2023/24, £44,500 in 2024/25 and £38,900 in 2025/26.",
            "Q5. Installation and maintenance: Metro Vision Integration Ltd (fictional).",
        ),
        owned=(
            Own("Avigilon", 214, "214", "camera", ("2.0C-H5A-DO1", "4.0C-H5A-BO1-IR")),
            Own("Avigilon", 5, "5", "recorder", ("NVR5",)),
        ),
        capabilities=(("person-attributes", "enabled"),),
        denies=("face-recognition",),
        hard_negatives=(Q, "installer"),
    ),
    Answer(
        (
            "Q1. 38 Uniview cameras (IPC2124LB-SF28-A) and two Hikvision PTZ cameras "
            "(DS-2DE4425IW-DE) on the civic centre roof. Parking enforcement also uses a CCTV "
            "car, a Toyota iQ, whose camera is included in these figures.",
            "Q2. One Uniview NVR302-16S recorder.",
            "Q3. No analytics are enabled.",
            "Q4. £8,200 (2023/24), £7,900 (2024/25), £9,400 (2025/26).",
            "Q5. The council's facilities team maintains the equipment.",
        ),
        owned=(
            Own("Uniview", 38, "38", "camera", ("IPC2124LB-SF28-A",)),
            Own("Hikvision", 2, "two", "camera", ("DS-2DE4425IW-DE",)),
            Own("Uniview", 1, "One", "recorder", ("NVR302-16S",)),
        ),
        hard_negatives=(Q, "vehicle make (Toyota iQ)"),
    ),
    Answer(
        (
            "Q1. 120 HiLook IPC-B140H bullet cameras at housing sites and 16 Hikvision "
            "DS-2CD2143G0-I domes at the town hall.",
            "Q2. 9 HiLook NVR-104H-D recorders.",
            "Q3. The equipment is not capable of facial recognition.",
            "Q4. £5,600, £4,100 and £6,750 for the three years.",
            f"Q5. {INSTALLER} installed the housing cameras; the town hall system is "
            "maintained in-house.",
        ),
        owned=(
            Own("HiLook", 120, "120", "camera", ("IPC-B140H",)),
            Own("Hikvision", 16, "16", "camera", ("DS-2CD2143G0-I",)),
            Own("HiLook", 9, "9", "recorder", ("NVR-104H-D",)),
        ),
        hard_negatives=(Q, "installer"),
    ),
    Answer(
        (
            "Q1. Approximately 400 cameras in total: about 350 Dahua (IPC-HDW5442TM-ASE WizMind "
            "eyeballs) and 50 Axis (P3225-LVE Mk II).",
            "Q2. Dahua XVR5108HS-I3 x 12 (legacy analogue) and 3 no. Dahua NVR4216-16P-4KS2/L.",
            "Q3. The WizMind cameras are capable of face detection and people counting; face "
            "detection is enabled at the civic centre entrance.",
            "Q4. £57,000 (2023/24), £61,200 (2024/25), £49,800 (2025/26).",
            "Q5. Eastway Security (fictional) holds the maintenance contract.",
        ),
        owned=(
            Own("Dahua", 350, "about 350", "camera", ("IPC-HDW5442TM-ASE",)),
            Own("Axis", 50, "50", "camera", ("P3225-LVE Mk II",)),
            Own("Dahua", 12, "x 12", "recorder", ("XVR5108HS-I3",)),
            Own("Dahua", 3, "3 no.", "recorder", ("NVR4216-16P-4KS2/L",)),
        ),
        capabilities=(("face-detection", "enabled"), ("people-counting", "capable")),
        hard_negatives=(Q, "installer"),
    ),
    Answer(
        (
            "Q1. Bosch: 140 cameras (AUTODOME IP 5000i and FLEXIDOME IP 5000i). Hanwha "
            "Techwin: 23 cameras (XNO-6080R).",
            "Q2. Bosch DIVAR IP 7000 recorders: 4 units.",
            "Q3. No facial recognition capability. ANPR is not used.",
            "Q4. £88,000 (2023/24), £91,500 (2024/25), £76,300 (2025/26).",
            f"Q5. The system was installed by {INSTALLER} in 2021.",
        ),
        owned=(
            Own("Bosch", 140, "140", "camera", ("AUTODOME IP 5000i", "FLEXIDOME IP 5000i")),
            Own("Hanwha Techwin", 23, "23", "camera", ("XNO-6080R",)),
            Own("Bosch", 4, "4 units", "recorder", ("DIVAR IP 7000",)),
        ),
        denies=("face-recognition", "anpr"),
        hard_negatives=(Q, "installer"),
    ),
    Answer(
        (
            "Q1. In total 2,310 cameras: Hikvision 1,980; Dahua 240; Axis 90.",
            "Q2. Thirty Hikvision DS-9664NI-I16 NVRs.",
            "Q3. The Hikvision NVRs are capable of facial recognition (DeepinMind); the "
            "function is not enabled. ANPR is in use for bus lane enforcement.",
            "Q4. £310,000 (2023/24), £287,500 (2024/25), £342,900 (2025/26).",
            f"Q5. The system was installed by {INSTALLER}.",
        ),
        owned=(
            Own("Hikvision", 1980, "1,980", "camera"),
            Own("Dahua", 240, "240", "camera"),
            Own("Axis", 90, "90", "camera"),
            Own("Hikvision", 30, "Thirty", "recorder", ("DS-9664NI-I16",)),
        ),
        capabilities=(("face-recognition", "capable"), ("anpr", "in_use")),
        hard_negatives=(Q, "installer"),
    ),
    Answer(
        (
            "Q1. 64 Uniview (IPC2124LB-SF28-A) and 18 Dahua (IPC-HFW2431S-S-S2) cameras.",
            "Q2. Two Uniview NVR302-32S recorders.",
            "Q3. The cameras are capable of ANPR; it is not enabled.",
            "Q4. £15,200 in total.",
            "Q5. Southbank Electrical (fictional) maintains the system.",
        ),
        owned=(
            Own("Uniview", 64, "64", "camera", ("IPC2124LB-SF28-A",)),
            Own("Dahua", 18, "18", "camera", ("IPC-HFW2431S-S-S2",)),
            Own("Uniview", 2, "Two", "recorder", ("NVR302-32S",)),
        ),
        capabilities=(("anpr", "capable"),),
        hard_negatives=(Q, "installer"),
    ),
    Answer(
        (
            "Q1. The council operates nine Hanwha XNO-6080R cameras at its depot and offices.",
            "Q2. One Hanwha XRN-1610S recorder.",
            "Q3. The council does not use facial recognition or any other analytics.",
            "Q4. £3,100, £2,800 and £2,950.",
            "Q5. The council's facilities contractor, Parkside FM (fictional).",
            f"For context, your request cites the claim that {STATISTIC}. That figure does not "
            "describe this council.",
        ),
        owned=(
            Own("Hanwha", 9, "nine", "camera", ("XNO-6080R",)),
            Own("Hanwha", 1, "One", "recorder", ("XRN-1610S",)),
        ),
        denies=("face-recognition",),
        hard_negatives=(Q, "installer", "national statistic"),
    ),
)

TABLE_INTRO = "Q1 and Q2. The council's cameras and recorders are listed in the table below."

DOCX_ANSWERS: tuple[Answer, ...] = (
    Answer(
        (
            "Q3. None of this equipment is used for facial recognition.",
            "Q4. £18,400 over the three years.",
            "Q5. Installed and maintained by the council's in-house team.",
        ),
        rows=(
            Row("Town Hall", "Hikvision", "DS-2CD2143G0-I", "12", 12),
            Row("Town Hall", "Hikvision", "DS-7616NI-Q2/16P", "1", 1, "recorder"),
            Row("Market Square", "Axis Communications", "Q6155-E", "x2", 2),
            Row("Depot", "HiLook", "IPC-B140H", "4 no.", 4),
        ),
        denies=("face-recognition",),
        hard_negatives=(Q,),
    ),
    Answer(
        (
            "Q3. The Dahua cameras are capable of face detection; the function is not enabled.",
            "Q4. £27,300 (2023/24), £24,900 (2024/25), £30,100 (2025/26).",
            "Q5. See the Maintainer column.",
        ),
        rows=(
            Row("Civic Centre", "Dahua", "IPC-HFW2431S-S-S2", "c.30", 30, "camera", INSTALLER),
            Row("Civic Centre", "Dahua", "NVR4216-16P-4KS2/L", "two", 2, "recorder", INSTALLER),
            Row("Leisure Centre", "Hanwha Vision", "XNO-6080R", "8", 8, "camera", INSTALLER),
            Row("Library", "Bosch", "FLEXIDOME IP 5000i", "5", 5, "camera", "In-house"),
        ),
        capabilities=(("face-detection", "capable"),),
        hard_negatives=(Q, "installer (Maintainer column)"),
    ),
    Answer(
        (
            "Q3. The Axis car park cameras read number plates: ANPR is in use for parking "
            "enforcement. The council does not use facial recognition.",
            "Q4. £41,600 in total.",
            "Q5. Westway Integration (fictional).",
        ),
        rows=(
            Row("Council Chamber", "Avigilon", "2.0C-H5A-DO1", "6", 6),
            Row("Car parks", "Axis", "P1455-LE", "22", 22),
            Row("Control room", "Avigilon", "NVR5-STD-32TB", "1", 1, "recorder"),
        ),
        capabilities=(("anpr", "in_use"),),
        denies=("face-recognition",),
        hard_negatives=(Q, "installer"),
    ),
    Answer(
        (
            "Q3. The control room recorders are capable of facial recognition; it is not "
            "enabled.",
            "Q4. £212,000 (2023/24), £198,500 (2024/25), £205,300 (2025/26).",
            f"Q5. {INSTALLER}.",
        ),
        rows=(
            Row("Housing estates", "HIKVISION", "DS-2CD2347G2-LSU/SL", "210", 210),
            Row("Housing estates", "HIKVISION", "DS-2DF8425IX-AELW(T5)", "14", 14),
            Row("Control room", "HIKVISION", "DS-9664NI-I16", "3", 3, "recorder"),
            Row("Parks", "Uniview", "IPC2124LB-SF28-A", "27", 27),
        ),
        capabilities=(("face-recognition", "capable"),),
        hard_negatives=(Q, "installer"),
    ),
    Answer(
        (
            "Q3. No analytics are enabled.",
            "Q4. £9,800, £11,200 and £10,400.",
            "Q5. Northside Alarms (fictional).",
            f"You refer to reports that {STATISTIC}; this council uses neither manufacturer.",
        ),
        rows=(
            Row("Depot", "Uniview", "IPC2124LB-SF28-A", "16", 16),
            Row("Depot", "Uniview", "NVR302-16S", "1", 1, "recorder"),
            Row("Town centre", "Hanwha Vision", "XNV-8080R", "44", 44),
            Row("Town centre", "Hanwha Vision", "XRN-1610S", "3", 3, "recorder"),
        ),
        not_owned=("hikvision", "dahua"),
        hard_negatives=(Q, "installer", "national statistic"),
    ),
    Answer(
        (
            "Q3. The Dahua cameras are capable of face detection; it is not enabled.",
            "Q4. £33,000 in total.",
            "Q5. The cameras at schools were installed by each school's own contractor.",
        ),
        rows=(
            Row("Schools (on behalf of)", "Dahua", "IPC-HDW5442TM-ASE", "96", 96),
            Row("Schools (on behalf of)", "HiLook", "NVR-104H-D", "24", 24, "recorder"),
            Row("Town Hall", "Bosch", "AUTODOME IP 5000i", "two", 2),
        ),
        capabilities=(("face-detection", "capable"),),
        hard_negatives=(Q,),
    ),
)

REGISTER_ANSWERS: tuple[Answer, ...] = (
    Answer(
        (
            "Q3. The equipment is not used for facial recognition.",
            "Q4. £14,900 in total.",
            f"Q5. {INSTALLER}.",
        ),
        rows=(
            Row("Town Hall", "Hikvision", "DS-2CD2T46G2-2I", "38", 38),
            Row("Town Hall", "Hikvision", "DS-7608NI-K2", "4", 4, "recorder"),
            Row("Central Library", "Axis", "M3106-L Mk II", "11", 11),
        ),
        hidden_rows=(
            Row("Northgate Depot", "Dahua", "IPC-HFW2431S-S-S2", "25", 25),
            Row("Northgate Depot", "Dahua", "XVR5108HS-I3", "3", 3, "recorder"),
        ),
        denies=("face-recognition",),
        hard_negatives=(Q, "installer", "hidden sheet of removed equipment"),
    ),
    Answer(
        (
            "Q3. No analytics.",
            "Q4. £23,700 (2023/24), £18,100 (2024/25), £20,600 (2025/26).",
            "Q5. Maintained in-house.",
        ),
        rows=(
            Row("Civic Centre", "Bosch", "FLEXIDOME IP 5000i", "19", 19),
            Row("Council Chamber", "Avigilon", "2.0C-H5A-DO1", "7", 7),
            Row("Housing estates", "Hikvision", "DS-2CD2043G2-IU", "52", 52),
            Row("Housing estates", "Hikvision", "DS-7616NI-Q2/16P", "3", 3, "recorder"),
        ),
        hard_negatives=(Q,),
    ),
    Answer(
        (
            "Q3. The Dahua PTZ cameras are capable of face detection; it is not enabled.",
            "Q4. £66,000 in total.",
            "Q5. Eastway Security (fictional).",
        ),
        rows=(
            Row("Town centre", "Dahua", "IPC-HFW2431S-S-S2", "130", 130),
            Row("Town centre", "Dahua", "DH-SD49425XB-HNR", "12", 12),
            Row("Control room", "Dahua", "NVR4216-16P-4KS2/L", "8", 8, "recorder"),
            Row("Leisure centre", "Hanwha", "XNO-6080R", "10", 10),
        ),
        capabilities=(("face-detection", "capable"),),
        hard_negatives=(Q, "installer"),
    ),
    Answer(
        (
            "Q3. The equipment has no analytics.",
            "Q4. £12,000 (2023/24), £8,500 (2024/25), £16,250 (2025/26).",
            f"Q5. {INSTALLER}.",
        ),
        rows=(
            Row("Market Square", "Axis", "P3225-LVE Mk II", "44", 44),
            Row("Market Square", "Axis", "Q6155-E", "3", 3),
            Row("Parks", "Uniview", "IPC2124LB-SF28-A", "18", 18),
            Row("Parks", "Uniview", "NVR302-16S", "2", 2, "recorder"),
        ),
        hard_negatives=(Q, "installer"),
    ),
)

REFUSALS: tuple[Answer, ...] = (
    Answer(
        (
            "The council holds information within the scope of your request. It is withheld "
            "under sections 24(1) (national security) and 31(1)(a) (law enforcement: the "
            "prevention or detection of crime) of the Act.",
            "Disclosing the make, model and number of the council's cameras and recorders "
            "would help someone identify weaknesses in systems that protect critical sites. "
            "We have considered the public interest test and concluded that it favours "
            "withholding the information.",
        ),
        refusal_sections=("FOIA s.24", "FOIA s.31"),
        hard_negatives=(Q,),
    ),
    Answer(
        (
            "The council is refusing your request under section 31(1)(a) of the Act (law "
            "enforcement). Information about the capability of the council's CCTV would be "
            "likely to prejudice the prevention or detection of crime.",
            "The public interest in transparency is outweighed by the public interest in "
            "preventing crime, so the exemption applies.",
        ),
        refusal_sections=("FOIA s.31",),
        hard_negatives=(Q,),
    ),
    Answer(
        (
            "We estimate that answering your request would exceed the appropriate limit of "
            "£450 set under section 12 of the Act: the information is held in separate records "
            "for each site and would take more than 18 hours to locate and extract.",
            "Advice and assistance (section 16): you may wish to narrow your request, for "
            "example to the town centre system only.",
        ),
        refusal_sections=("FOIA s.12",),
        hard_negatives=(Q,),
    ),
)

NOT_HELD: tuple[Answer, ...] = (
    Answer(
        (
            "The council does not hold the information you requested. The council does not own "
            "or operate CCTV equipment; the cameras at its offices belong to the building's "
            "landlord, a separate organisation (fictional).",
        ),
        not_held=True,
        hard_negatives=(Q,),
    ),
    Answer(
        (
            "We do not hold recorded information within the scope of your request. The "
            "council's CCTV service was transferred in 2019 to Fictional Borough Services Ltd, "
            "a separate company, which is not a public authority for the purposes of the Act.",
        ),
        not_held=True,
        hard_negatives=(Q,),
    ),
)

PARTIAL = Answer(
    (
        "Q1. The council operates 214 cameras: 190 Dahua (IPC-HFW2431S-S-S2) and 24 Hanwha "
        "(XNO-6080R).",
        "Q2. 6 Dahua NVR4216-16P-4KS2/L recorders.",
        "Q3. This information is withheld under section 31(1)(a) of the Act (law "
        "enforcement). Describing the analytics the system can run would be likely to "
        "prejudice the prevention or detection of crime, and the public interest favours "
        "withholding it.",
        "Q4. £39,900 over the three years.",
        "Q5. Southgate Technical Services (fictional).",
    ),
    owned=(
        Own("Dahua", 190, "190", "camera", ("IPC-HFW2431S-S-S2",)),
        Own("Hanwha", 24, "24", "camera", ("XNO-6080R",)),
        Own("Dahua", 6, "6", "recorder", ("NVR4216-16P-4KS2/L",)),
    ),
    refusal_sections=("FOIA s.31",),
    hard_negatives=(Q, "installer"),
)
