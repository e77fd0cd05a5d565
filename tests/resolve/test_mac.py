"""MAC/OUI finding and lookup against the bundled IEEE snapshot."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custodes.errors import KBError
from custodes.kb import load_kb
from custodes.resolve.mac import OUI_FILE, OuiTable, find_mac, is_locally_administered


@lru_cache(maxsize=1)
def table() -> OuiTable:
    return OuiTable(load_kb())


def _rows() -> list[dict[str, str]]:
    with OUI_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("44:19:B6:12:34:56", "44:19:B6:12:34:56"),
        ("44:19:B6:xx:xx:xx", "44:19:B6"),
        ("camera mac 44:19:b6:XX:XX:XX (lobby)", "44:19:B6"),
        ("4419b6123456", "44:19:B6:12:34:56"),
        ("44-19-B6-12-34-56", "44:19:B6:12:34:56"),
        ("4419.b612.3456", "44:19:B6:12:34:56"),
        ("44:19:B6", "44:19:B6"),
        ("OUI 04:03:12", "04:03:12"),
        ("ether 10:20:30:40:50:60", "10:20:30:40:50:60"),
        ("MAC:44:19:B6:12:34:56", "44:19:B6:12:34:56"),
        ("oui=04:03:12", "04:03:12"),
    ],
)
def test_find_mac_forms(text: str, found: str) -> None:
    assert find_mac(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "Car park camera 3",
        "installed 04:03:12",  # a time, not Hikvision's 04:03:12
        "123456789012",  # a 12-digit serial or phone number
        "1234.5678.9012",  # a version
        "44:19:B6:12",  # four octets is not an address
        "44:19-B6:12:34:56",  # mixed separators
        "fe80::4419:b6ff:fe12:3456",
        "DS-2CD2143G0-I",
        "{3F2504E0-4F89-11D3-9A0C-0305E82C3301}",  # a GUID's last group is 12 hex digits
        "",
    ],
)
def test_find_mac_refuses_lookalikes(text: str) -> None:
    assert find_mac(text) is None


def test_hikvision_oui_is_in_the_ieee_snapshot() -> None:
    row = next(r for r in _rows() if r["oui"] == "44:19:B6")
    assert row["organization"] == "Hangzhou Hikvision Digital Technology Co.,Ltd."
    for mac in ("44:19:B6:12:34:56", "44:19:B6:xx:xx:xx", "4419B6"):
        hit = table().lookup(mac)
        assert hit is not None and hit.manufacturer == "hikvision", mac
        assert hit.oui == "44:19:B6" and hit.rule == "oui:44:19:B6"
        assert hit.sources == ("https://standards-oui.ieee.org/oui/oui.txt",)
        assert not hit.locally_administered


def test_every_row_looks_up_to_itself() -> None:
    for row in _rows():
        hit = table().lookup(row["oui"] + "0" * (12 - len(row["oui"].replace(":", ""))))
        assert hit is not None and hit.organization == row["organization"], row["oui"]


def test_ieee_spellings_of_dahua_all_map() -> None:
    dahua = [r["oui"] for r in _rows() if "dahua" in r["organization"].lower()]
    assert len(dahua) > 20
    assert all(getattr(table().lookup(oui), "manufacturer", None) == "dahua" for oui in dahua)


@pytest.mark.parametrize("second", "26AE")
def test_locally_administered_has_no_vendor(second: str) -> None:
    hit = table().lookup(f"4{second}:19:B6:12:34:56")
    assert hit is not None and hit.locally_administered and hit.manufacturer is None
    assert is_locally_administered(f"4{second}")


@pytest.mark.parametrize(
    ("oui", "not_maker"),
    [
        ("F4:C7:14", "lorex"),  # IEEE: Huawei
        ("A8:4E:3F", "lorex"),  # IEEE: Hitron Technologies
        ("EC:71:DB", "swann"),  # IEEE: Reolink
        ("38:D2:CA", "huacheng"),  # labelled "Imou"; IEEE: Zhejiang Tmall
        ("38:D2:CA", "dahua"),
        ("FC:AD:0F", "amcrest"),  # IEEE: QTS Networks
        ("A0:CF:5B", "hikvision"),  # IEEE: Cisco
        ("D8:EB:46", "hikvision"),  # IEEE: Google
        ("14:2F:CD", "hikvision"),
    ],
)
def test_community_table_errors_are_not_repeated(oui: str, not_maker: str) -> None:
    hit = table().lookup(oui + ":01:02:03")
    assert hit is None or hit.manufacturer != not_maker


def test_unknown_prefix_is_none() -> None:
    assert table().lookup("00:00:00:00:00:01") is None
    assert table().lookup("not a mac") is None


def test_ma_m_block_needs_seven_digits() -> None:
    hit = table().lookup("B0:B3:53:61:22:33")
    assert hit is not None and hit.oui == "B0:B3:53:6"
    assert table().lookup("B0:B3:53:01:22:33") is None


def test_bad_csv_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "oui.csv"
    bad.write_text("oui,organization,source\n44:19,Someone,x\n", encoding="utf-8")
    with pytest.raises(KBError, match=r"oui\.csv: line 2"):
        OuiTable(load_kb(), bad)


@given(st.text(max_size=80))
def test_never_raises(text: str) -> None:
    found = find_mac(text)
    if found is not None:
        assert find_mac("MAC " + found) == found
    table().lookup(text)


@given(st.binary(min_size=3, max_size=6), st.sampled_from([":", "-"]))
def test_any_address_round_trips(raw: bytes, sep: str) -> None:
    text = sep.join(f"{b:02x}" for b in raw)
    found = find_mac(text)
    if len(raw) == 6:
        assert found == ":".join(f"{b:02X}" for b in raw)
    table().lookup(text)
