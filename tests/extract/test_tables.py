"""Equipment tables: column inference and one claim per row."""

from __future__ import annotations

import pytest

from custodes.extract.tables import extract_table, infer_columns
from custodes.ingest import Location, Row, Table


def table(headers: list[str], rows: list[list[str]], hidden: bool = False) -> Table:
    return Table(
        name="Cameras",
        headers=headers,
        rows=[
            Row(i + 2, dict(zip(headers, r, strict=True)), Location(sheet="Cameras", row=i + 2))
            for i, r in enumerate(rows)
        ],
        location=Location(sheet="Cameras"),
        hidden=hidden,
        columns=[chr(ord("A") + i) for i in range(len(headers))],
    )


@pytest.mark.parametrize(
    ("headers", "make", "model", "qty", "site"),
    [
        (
            ["Manufacturer", "Model No.", "Qty", "Location"],
            "Manufacturer",
            "Model No.",
            "Qty",
            "Location",
        ),
        (["Site", "Make", "Model", "Number"], "Make", "Model", "Number", "Site"),
        (["Brand", "Product", "Count", "Address"], "Brand", "Product", "Count", "Address"),
        (["Installer", "Brand", "Model number", "Total"], "Brand", "Model number", "Total", None),
    ],
)
def test_infer_columns(headers: list[str], make: str, model: str, qty: str, site: str | None) -> None:
    cols = infer_columns(headers)
    assert (cols.make, cols.model, cols.quantity, cols.site) == (make, model, qty, site)


def test_installer_column_is_never_the_make() -> None:
    assert infer_columns(["Installed by", "Maintenance contractor"]).make is None


def test_one_claim_per_row_with_cell_location() -> None:
    t = table(
        ["Make", "Model", "Qty", "Location"],
        [
            ["Hikvision", "DS-2CD2143G0-I", "12", "Town Hall"],
            ["Dahua", "IPC-HFW2431S-S-S2", "c.8", "Depot"],
            ["Total", "", "20", ""],
            ["Ford", "Transit CCTV van", "2", "Fleet"],
            ["Mystery", "XJ-9", "1", "Shed"],
        ],
    )
    drafts, blocks = extract_table(t)
    assert blocks == []
    got = [(d.status, d.manufacturer, d.quantity, d.quantity_text, d.site) for d in drafts]
    assert got == [
        ("owned", "hikvision", 12, "12", "Town Hall"),
        ("owned", "dahua", 8, "c.8", "Depot"),
        ("mentioned", None, 2, "2", "Fleet"),  # a vehicle row is kept, never as ownership
        ("owned", None, 1, "1", "Shed"),  # unresolved rows are kept, not dropped
    ]
    assert drafts[0].location == {"sheet": "Cameras", "cell": "A2", "row": 2}
    assert drafts[0].brand_text == "Hikvision" and drafts[0].model == "DS-2CD2143G0-I"
    assert drafts[3].confidence < drafts[0].confidence


def test_hidden_sheet_rows_carry_a_note() -> None:
    t = table(["Make", "Model"], [["Hik", "DS-2CD2143G0-I"]], hidden=True)
    drafts, _ = extract_table(t)
    assert drafts[0].manufacturer == "hikvision"
    assert drafts[0].location["hidden"] is True
    assert drafts[0].quantity is None  # an unstated count stays unknown


def test_zero_quantity_is_a_negative() -> None:
    drafts, _ = extract_table(table(["Make", "Qty"], [["Dahua", "0"]]))
    assert drafts[0].status == "not_owned"


def test_question_answer_table_goes_back_to_text() -> None:
    t = table(["Question", "Response"], [["Do you use Hikvision?", "Yes, 12 cameras."]])
    drafts, blocks = extract_table(t)
    assert drafts == []
    assert [b.text for b in blocks] == ["Do you use Hikvision?", "Yes, 12 cameras."]
    assert blocks[1].location.cell == "B2"


def test_description_only_register() -> None:
    t = table(
        ["Description", "Supplier", "Qty"],
        [["Hikvision 4MP dome", "CDS Systems Ltd", "4"], ["Dahua PTZ camera", "CDS Systems Ltd", "1"]],
    )
    drafts, blocks = extract_table(t)
    assert blocks == []
    assert [(d.manufacturer, d.quantity, d.device_type) for d in drafts] == [
        ("hikvision", 4, "camera"),
        ("dahua", 1, "ptz-camera"),
    ]


def test_removed_kit_is_not_owned() -> None:
    t = table(
        ["Make", "Model", "Qty", "Status"],
        [["Dahua", "IPC-HFW2431S-S-S2", "3", "Removed 2023"], ["Axis", "P3245-LVE", "2", "Active"]],
    )
    drafts, _ = extract_table(t)
    assert [(d.status, d.manufacturer) for d in drafts] == [
        ("not_owned", "dahua"),
        ("owned", "axis"),
    ]
    assert drafts[0].location["removed"] == "Removed 2023"


def test_a_decommissioned_sheet_is_not_owned() -> None:
    t = table(["Make", "Qty"], [["Dahua", "3"]], hidden=True)
    t.name = "Decommissioned"
    drafts, _ = extract_table(t)
    assert drafts[0].status == "not_owned" and drafts[0].location["hidden"] is True


@pytest.mark.parametrize(
    ("headers", "qty"),
    [
        (["Camera Number", "Make", "No. of cameras"], "No. of cameras"),
        (["Camera ID", "Manufacturer", "Total cost £", "Quantity"], "Quantity"),
        (["Make", "Number"], "Number"),
        (["Asset number", "Make"], None),
    ],
)
def test_quantity_column_is_a_count(headers: list[str], qty: str | None) -> None:
    assert infer_columns(headers).quantity == qty


def test_question_answer_table_answers_are_read_with_their_question() -> None:
    from custodes.extract.text import extract_blocks

    t = table(
        ["Question", "Answer"],
        [
            ["How many Hikvision cameras do you operate?", "12"],
            ["Do you use facial recognition?", "No"],
        ],
    )
    _, blocks = extract_table(t)
    drafts = [d for d in extract_blocks(blocks, scottish=False) if d.status != "mentioned"]
    assert [(d.status, d.manufacturer, d.quantity) for d in drafts] == [
        ("owned", "hikvision", 12),
        ("not_owned", None, None),
    ]
    assert drafts[0].location["cell"] == "B2"
