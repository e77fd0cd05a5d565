"""The bundled registry: named sets, names as councils write them, imports, suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custodes.campaign.authorities import core, find_body, import_bodies, normalise, set_names
from custodes.campaign.letters import default_template
from custodes.campaign.requests import new_campaign
from custodes.errors import InputError, StoreError
from custodes.store import Store


def test_named_sets_have_the_expected_sizes(store: Store) -> None:
    with store.transaction() as session:
        sizes = set_names(session)
    assert sizes["london-boroughs"] == 33
    assert sizes["scotland"] == 32
    assert sizes["wales"] == 22
    assert sizes["northern-ireland"] == 11
    assert sizes["england"] == 317
    assert sizes["all"] == 397


@pytest.mark.parametrize(
    "written",
    ["London Borough of Hackney", "LB Hackney", "Hackney Council", "hackney", "HCK",
     "Hackney  London Borough Council"],
)  # fmt: skip
def test_names_as_councils_write_them(store: Store, written: str) -> None:
    with store.transaction() as session:
        body = find_body(session, written)
        assert (body.code, body.gss_code, body.wdtk_id) == ("HCK", "E09000012", "206")


def test_city_of_london_is_in_the_london_set(store: Store) -> None:
    with store.transaction() as session:
        assert find_body(session, "City of London").code == "LND"


def test_unknown_name_suggests_the_closest(store: Store) -> None:
    with store.transaction() as session, pytest.raises(StoreError) as caught:
        find_body(session, "Hackny Concil")
    assert "unknown body 'Hackny Concil'" in str(caught.value)
    assert "London Borough of Hackney" in str(caught.value)


def test_abolished_council_names_its_successor(store: Store) -> None:
    with store.transaction() as session, pytest.raises(StoreError, match="abolished"):
        find_body(session, "Allerdale Borough Council")


def test_import_bodies_from_csv(store: Store, tmp_path: Path) -> None:
    csv_file = tmp_path / "trusts.csv"
    csv_file.write_text(
        "name,type,nation,email,aliases\n"
        "Barts Health NHS Trust,nhs_trust,England,foi@example.org,Barts Health;Barts\n"
        ",nhs_trust,England,,\n"
        "NHS Greater Glasgow and Clyde,health_board,Scotland,,NHSGGC\n",
        encoding="utf-8",
    )
    result = import_bodies(store, csv_file, set_name="trusts")
    assert result.added == ["Barts Health NHS Trust", "NHS Greater Glasgow and Clyde"]
    assert result.warnings == ["row 3: no name, row kept out of the registry"]
    with store.transaction() as session:
        assert find_body(session, "Barts").email == "foi@example.org"
        assert find_body(session, "NHSGGC").nation == "Scotland"
        assert set_names(session)["trusts"] == 2
    again = import_bodies(store, csv_file, set_name="trusts")
    assert again.added == [] and len(again.updated) == 2


def test_import_needs_a_name_column(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("body,email\nX,y\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad.csv: needs a header row with a 'name' column"):
        import_bodies(store, bad)


@given(st.text(max_size=80))
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert core(core(text)) == core(text) or not core(text)


@pytest.mark.parametrize("junk", ["", "   ", "\x00\x01", "%%%", "東京都", "a" * 500, "Council"])
def test_junk_names_give_a_store_error(store: Store, junk: str) -> None:
    with store.transaction() as session, pytest.raises(StoreError):
        find_body(session, junk)


def test_a_misspelt_set_name_is_suggested(store: Store) -> None:
    with pytest.raises(StoreError, match="or did you mean the set 'london-boroughs'"):
        new_campaign(store, "c", ["london-borough"], default_template())
