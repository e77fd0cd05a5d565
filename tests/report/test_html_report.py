"""The published report: figures equal the true statistics, text is escaped, the file is
self-contained, and Chromium draws it with a map."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from custodes.campaign.stats import compute_stats
from custodes.report.build import build_report
from custodes.report.campaign_data import campaign_view
from custodes.report.html import render_campaign
from custodes.store import Store
from report.campaign_case import AS_OF, HOSTILE, build_case, confirm_all

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def case(store: Store, tmp_path: Path) -> str:
    name = build_case(store, tmp_path)
    confirm_all(store, name)  # reports count reviewed claims by default
    return name


def test_body_rows_agree_with_the_statistics(store: Store, case: str) -> None:
    view = campaign_view(store, case, AS_OF)
    stats = compute_stats(store, case, AS_OF, "kb")
    outcome = {b.name.split()[-1]: b.outcome for b in view.bodies}
    assert outcome == {
        "Camden": "answered",
        "Hackney": "refused",
        "Islington": "not held",
        "Lambeth": "no reply",
    }
    camden = next(b for b in view.bodies if b.name.endswith("Camden"))
    assert (camden.devices, camden.restricted_devices) == (55, 45)
    assert camden.restricted_share == pytest.approx(45 / 55)
    assert camden.makers == ["axis", "dahua", "hikvision"]
    refused = next(f for f in stats.requests if f.key == "refused")
    assert [b.outcome for b in view.bodies if b.request_id in refused.requests] == ["refused"]
    # the question quoted back is kept in the store but is not shown as evidence
    assert all(c.status != "mentioned" for c in view.shown_claims())


def test_html_is_self_contained_and_escapes_document_text(store: Store, case: str) -> None:
    html = render_campaign(campaign_view(store, case, AS_OF))
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html or "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    # nothing is loaded from anywhere: no src=, no stylesheet link, no url(), no @import
    assert not re.search(r"""\bsrc\s*=|<link\b|url\((?!#)|@import""", html, re.IGNORECASE)
    assert "default-src 'none'" in html
    assert "3 of 4 bodies asked answered" in html
    assert "refused" in html and "not held" in html and "no reply" in html
    assert html.count("<svg") >= 4  # two maps and at least two charts


def test_markdown_and_xlsx_neutralise_hostile_text(store: Store, case: str, tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    md = build_report(case, "md", tmp_path / "r.md", store.url, AS_OF).read_text(encoding="utf-8")
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "\\[click\\]\\(javascript:alert\\(1\\)\\)" in md
    xlsx = build_report(case, "xlsx", tmp_path / "r.xlsx", store.url, AS_OF)
    book = CalamineWorkbook.from_path(str(xlsx))
    claims = next(n for n in book.sheet_names if n.startswith("Claims"))
    rows = book.get_sheet_by_name(claims).to_python()
    quotes = [r[rows[0].index("quote")] for r in rows[1:]]
    assert HOSTILE in quotes  # kept as text, whole
    assert all(not str(q).startswith("=") for q in quotes)


def _screenshot(html: Path, png: Path, profile: Path) -> None:
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         "--hide-scrollbars", "--window-size=1100,1400", f"--screenshot={png}", html.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip


@pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Debian chromium is not installed")
def test_chromium_draws_the_report_and_its_map(store: Store, case: str, tmp_path: Path) -> None:
    from PIL import Image

    if store.dialect != "sqlite":
        pytest.skip("the picture does not depend on the database")
    html = build_report(case, "html", tmp_path / "report.html", store.url, AS_OF)
    png = tmp_path / "shot.png"
    _screenshot(html, png, tmp_path / "profile")
    image = Image.open(png).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50, "the page is blank"
    # the outcome map fills Camden green, Hackney magenta, Islington orange, Lambeth grey:
    # each must cover a real area (a map wound the wrong way fills everything one colour)
    counts = {rgb: n for n, rgb in colours}
    for name, rgb in {
        "answered": (0x1B, 0x78, 0x37),
        "refused": (0xC2, 0x18, 0x5B),
        "not held": (0xF1, 0xA3, 0x40),
    }.items():
        assert counts.get(rgb, 0) > 200, f"no {name} area drawn on the map"
    assert counts.get((0x1B, 0x78, 0x37), 0) < image.width * image.height / 4
