"""Letters: one per body, .eml that parses, a WhatDoTheyKnow batch text, safe templates."""

from __future__ import annotations

import datetime as dt
import email
from email import policy
from pathlib import Path

import pytest

from custodes.campaign.authorities import import_bodies
from custodes.campaign.letters import default_template, load_template, write_campaign_letters
from custodes.campaign.requests import new_campaign
from custodes.errors import InputError
from custodes.store import Store


def test_one_letter_per_body(store: Store, tmp_path: Path) -> None:
    new_campaign(
        store, "cctv", ["Camden", "Glasgow City"], default_template(),
        title="CCTV estate", requester="Jo Bloggs",
        period=(dt.date(2023, 4, 1), dt.date(2026, 3, 31)),
    )  # fmt: skip
    letters, batch, listing = write_campaign_letters(store, "cctv", tmp_path / "out")
    assert sorted(letter.body for letter in letters) == [
        "Glasgow City Council", "London Borough of Camden",
    ]  # fmt: skip
    camden = (tmp_path / "out" / "cmd.txt").read_text()
    glasgow = (tmp_path / "out" / "glg.txt").read_text()
    assert camden.startswith("Dear London Borough of Camden,")
    assert "Freedom of Information Act 2000" in camden and "sections 24 and 31" in camden
    assert "Freedom of Information (Scotland) Act 2002" in glasgow
    assert "sections 31 and 35" in glasgow
    assert "2023-04-01 to 2026-03-31" in camden and "Jo Bloggs" in camden
    assert "I do not ask for the location" in camden
    message = email.message_from_bytes((tmp_path / "out" / "cmd.eml").read_bytes(), policy=policy.default)
    assert message["Subject"] == "Freedom of Information request: CCTV estate"
    assert message["X-Custodes-Body"] == "CMD"
    assert message.get_content().strip() == camden.strip()
    assert batch.read_text().startswith("Dear [Authority name],")
    assert "WhatDoTheyKnow body id 197" in listing.read_text()


def test_template_typo_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "mine.j2"
    bad.write_text("Dear {{ body.nme }},\n", encoding="utf-8")
    with pytest.raises(InputError, match="mine.j2: template error"):
        load_template(bad)


def test_templates_are_sandboxed(tmp_path: Path) -> None:
    evil = tmp_path / "evil.j2"
    evil.write_text("{{ body.__class__.__mro__ }}", encoding="utf-8")
    with pytest.raises(InputError, match="evil.j2"):
        load_template(evil)


def test_user_template_is_used(store: Store, tmp_path: Path) -> None:
    mine = tmp_path / "mine.j2"
    mine.write_text("To {{ body.short_name }} ({{ body.regime }}): how many cameras?\n")
    new_campaign(store, "short", ["Camden"], load_template(mine))
    write_campaign_letters(store, "short", tmp_path / "o")
    assert (tmp_path / "o" / "cmd.txt").read_text() == "To Camden (FOIA): how many cameras?\n"


def test_hostile_body_codes_never_leave_the_folder(store: Store, tmp_path: Path) -> None:
    bodies = tmp_path / "bodies.csv"
    bodies.write_text(
        "name,code\nPwned Council,../../PWNED\nDotty Council,..\nSlash Council,a/b\nSlosh Council,a-b\n",
        encoding="utf-8",
    )
    import_bodies(store, bodies)
    new_campaign(store, "x", ["Pwned Council", "Dotty Council", "Slash Council", "Slosh Council"],
                 default_template())  # fmt: skip
    out = tmp_path / "deep" / "out"
    letters, _, _ = write_campaign_letters(store, "x", out)
    files = sorted(p.name for p in out.iterdir())
    assert not (tmp_path / "PWNED.txt").exists() and not (tmp_path / "deep" / "PWNED.txt").exists()
    assert all(p.text.parent == out.resolve() for p in letters)
    assert len({p.text for p in letters}) == 4  # "a/b" and "a-b" slug alike: no overwrite
    assert {"pwned.txt", "a-b.txt", "a-b-2.txt"} <= set(files)


def test_a_file_it_did_not_write_is_kept(store: Store, tmp_path: Path) -> None:
    new_campaign(store, "c", ["Camden"], default_template())
    out = tmp_path / "out"
    out.mkdir()
    (out / "cmd.txt").write_text("my own notes", encoding="utf-8")
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me", encoding="utf-8")
    (out / "cmd.eml").symlink_to(outside)
    [letter], _, _ = write_campaign_letters(store, "c", out)
    assert (out / "cmd.txt").read_text(encoding="utf-8") == "my own notes"
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert letter.text.name == "cmd-2.txt" and letter.eml.name == "cmd-2.eml"
    [again], _, _ = write_campaign_letters(store, "c", out)  # its own files it may rewrite
    assert again.text.name == "cmd-2.txt"
