"""Registers as councils keep them: odd headers, counts in the text, dates, relabelled kit."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from custodes.audit import audit_files, summarise
from custodes.audit.rows import count_in_text, date_range, kind_of

AS_OF = date(2026, 1, 1)


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_a_titled_workbook_with_group_headers_finds_every_hikvision(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Westshire Borough Council: public space CCTV, March 2025"])
    ws.merge_cells("A1:G1")
    ws.append(["Asset", None, "Equipment", None, None, "Where", None])
    ws.merge_cells("A2:B2")
    ws.merge_cells("C2:E2")
    ws.merge_cells("F2:G2")
    ws.append(["Asset ID", "Installed", "Camera Make/Model", "Type", "Qty", "Site", "Ward"])
    models = ["DS-2CD2143G0-I", "DS-2CD2T46G2-2I", "DS-2DE4425IW-DE"]
    for i in range(14):
        ws.append(
            [f"WB-{1000 + i}", "2020", f"Hikvision {models[i % 3]}", "camera", "1", f"Site {i % 4}", "North"]
        )
    ws.append(["WB-2000", "2021", "Axis P3225-LVE", "camera", "2", "Site 9", "South"])
    path = tmp_path / "westshire.xlsx"
    wb.save(path)
    result = audit_files([path], as_of=AS_OF)
    summary = summarise(result)
    assert summary.by_manufacturer == {"hikvision": 14, "axis": 2}
    first = result.items[0]
    assert first.asset == "WB-1000" and first.site == "Site 0" and first.row == 4


def test_a_headerless_csv_keeps_its_first_row_and_its_quantities(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "export.csv",
        [
            ["Hikvision", "DS-2CD2143G0-I", "12", "Town Hall"],
            ["Dahua", "IPC-HFW2431S-S-S2", "5", "Depot"],
            ["Axis", "P3225-LVE", "3", "Library"],
        ],
    )
    result = audit_files([path], as_of=AS_OF)
    summary = summarise(result)
    assert summary.rows == 3
    assert summary.by_manufacturer == {"hikvision": 12, "dahua": 5, "axis": 3}
    assert any("no header row" in w for t in result.tables for w in t["warnings"])


def test_a_headerless_csv_whose_first_row_is_words_is_read_as_data(tmp_path: Path) -> None:
    path = _csv(tmp_path / "list.csv", [["Hikvision dome", "Depot"], ["Dahua bullet", "Hall"]])
    summary = summarise(audit_files([path], as_of=AS_OF))
    assert summary.rows == 2
    assert summary.by_manufacturer == {"hikvision": 1, "dahua": 1}


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("12 x Hik dome cams", 12),
        ("Uniview x4", 4),
        ("approx 20 hikvision bullet cameras", 20),
        ("Hikvision 16ch NVR", None),
        ("Dahua 4MP dome 2.8mm", None),
        ("Hikvision DS-2CD2143G0-I", None),
        ("Dahua 32 channel NVR", None),
    ],
)
def test_counts_written_in_the_text(text: str, count: int | None) -> None:
    found = count_in_text(text)
    assert (found[0] if found else None) == count


def test_a_typed_list_counts_what_it_says(tmp_path: Path) -> None:
    path = tmp_path / "kit.csv"
    path.write_text(
        "Equipment,Location\n"
        "12 x Hik dome cams,Market\n"
        "Uniview x4,Depot\n"
        "approx 20 hikvision bullet cameras,Car parks\n"
        "Dahua PTZ,Hall\n"
        "3 no. Axis P3225-LVE,Library\n"
    )
    summary = summarise(audit_files([path], as_of=AS_OF))
    assert summary.devices == 12 + 4 + 20 + 1 + 3
    assert summary.by_manufacturer["hikvision"] == 32


def test_a_quantity_column_wins_over_a_count_in_the_text(tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_text("Description,Qty\nHIKVISION DARK FIGHTER PTZ x1,3\nDahua dome x2,\n")
    items = audit_files([path], as_of=AS_OF).items
    assert [i.quantity for i in items] == [3, 2]


def test_relabelled_brands_with_a_lead_are_to_verify_and_counted_apart(tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_text(
        "Make,Model,Qty,Site\n"
        "LTS,LTCMIP3142W,6,Depot\n"
        "Swann,NHD-887MSB,5,Hall\n"
        "Honeywell Performance,HC30W45R3,3,Depot\n"
        "Axis,P3225-LVE,2,Hall\n"
    )
    result = audit_files([path], as_of=AS_OF)
    summary = summarise(result)
    (verify,) = summary.verify
    assert (verify.maker, verify.devices, verify.rows, verify.sites) == ("hikvision", 14, 3, 2)
    assert "hikvision" not in summary.by_manufacturer  # a lead is no attribution
    assert not any(f.manufacturer == "hikvision" for f in summary.findings)
    assert [i.action for i in result.items] == ["verify", "verify", "verify", "keep"]
    assert summary.actions == {"Depot": {"verify": 9}, "Hall": {"verify": 5, "keep": 2}}


def test_the_purchase_date_decides_a_dated_link(tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_text("Make,Model,Qty,Purchase date\nLorex,LNB4321,4,2019-05-01\nLorex,LNB4321,3,2024\n")
    result = audit_files([path], as_of=AS_OF)
    before, after = result.items
    assert before.resolution.manufacturer == "dahua" and before.action == "replace"
    assert after.resolution.manufacturer == "lorex"
    assert any("not attributed to dahua" in w for w in after.warnings)
    summary = summarise(result)
    assert summary.by_manufacturer["dahua"] == 4
    assert next(p for p in summary.packs if p.pack == "us-ndaa-889").devices == 4


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("2019", (date(2019, 1, 1), date(2019, 12, 31))),
        ("12/05/2019", (date(2019, 5, 12),) * 2),
        ("TBC", None),
    ],
)
def test_dates_as_registers_write_them(text: str, want: tuple[date, date] | None) -> None:
    assert date_range(text) == want


@pytest.mark.parametrize(
    ("text", "device_type", "kind"),
    [
        ("Milestone XProtect Professional+ VMS licence (per camera)", "camera", "licence"),
        ("Hikvision wall bracket DS-1272ZJ-110", None, "accessory"),
        ("Hikvision dome camera with 2.8mm lens", "camera", "device"),
        ("Dahua NVR4216-16P-4KS2/L", "nvr", "device"),
    ],
)
def test_licences_and_accessories_are_not_devices(text: str, device_type: str | None, kind: str) -> None:
    assert kind_of(text, device_type) == kind


def test_a_licence_row_is_listed_but_not_counted(tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_text(
        "Make,Model,Description,Qty\nMilestone,XProtect Professional+,VMS licence,40\nAxis,P3225-LVE,Dome,2\n"
    )
    summary = summarise(audit_files([path], as_of=AS_OF))
    assert summary.devices == 2
    assert summary.not_devices == {"licence": 40}


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_KIT = st.sampled_from(
    ["Hik dome cams", "hikvision bullet cameras", "Dahua PTZ", "Axis P3225-LVE", "dome cameras"]
)


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(1, 1949),
    kit=_KIT,
    shape=st.sampled_from(["{n} x {kit}", "{kit} x{n}", "approx {n} {kit}", "{n} no. {kit}"]),
)
def test_a_typed_count_is_read_whatever_its_shape(n: int, kit: str, shape: str) -> None:
    # (1950-2099 read as years, as the shared parser decides: "2019 Hikvision dome")
    from custodes.resolve import resolve

    found = count_in_text(shape.format(n=n, kit=kit), lambda words: resolve(words).resolved)
    assert found is not None and found[0] == n


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_a_count_from_text_is_a_plausible_count_or_none(text: str) -> None:
    found = count_in_text(text)
    assert found is None or (0 < found[0] <= 10_000 and found[1])


@pytest.mark.parametrize(
    ("text", "qty"),
    [
        ("Telephone: 01322 555555", 1),  # a dialling code, not a count
        ("4 officers can view the footage", 1),  # people, not equipment
        ("4 officers can view the cameras", 1),  # the count is of officers
        ("Two (may be option to purchase more) cameras", 1),
        ("approx 20 cameras", 20),  # equipment of unknown make: counted, unresolved
    ],
)
def test_a_count_in_text_counts_only_equipment(tmp_path: Path, text: str, qty: int) -> None:
    path = tmp_path / "notes.csv"
    path.write_text(f"Description\n{text}\n")
    (item,) = audit_files([path], as_of=AS_OF).items
    assert item.quantity == qty
