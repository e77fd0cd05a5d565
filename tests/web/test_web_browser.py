"""End to end in Debian's Chromium through Playwright: log in, upload an answer, review
claims with the keyboard, download the report. Never downloads a browser."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from custodes.campaign import open_campaign_store
from custodes.web import Settings, create_app
from custodes.web.users import add_user
from report.campaign_case import NAME, build_case
from web.webcase import PASSWORD

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Debian chromium is not installed")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    import uvicorn

    store = open_campaign_store(tmp_path / "web.db", tmp_path / "blobs")
    build_case(store, tmp_path)
    app = create_app(store, Settings())
    add_user(store, "rita", PASSWORD, "reviewer")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(100):
        if running.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)
    store.close()


def test_log_in_upload_review_and_download(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    answer = tmp_path / "lambeth-answer.txt"
    answer.write_text(
        "Dear requester,\n\nWe operate 30 cameras made by Hanwha Vision.\nNo camera uses face recognition.\n",
        encoding="utf-8",
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(accept_downloads=True)
            page.goto(f"{server}/campaigns/{NAME}")
            expect(page).to_have_url(f"{server}/login?next=/campaigns/{NAME}")
            page.fill("input[name=username]", "rita")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            expect(page.locator("h1")).to_have_text("Test CCTV campaign")

            page.goto(f"{server}/campaigns/{NAME}/bodies/LBH")
            page.set_input_files("input[type=file]", str(answer))
            page.click("#upload button[type=submit]")
            expect(page.locator(".job")).to_have_attribute("data-step", "done", timeout=60_000)

            page.goto(f"{server}/campaigns/{NAME}/review")
            first = page.locator(".review-card").get_attribute("data-claim")
            page.keyboard.press("c")
            expect(page.locator(".done")).to_contain_text(f"claim #{first}: confirm by rita")
            second = page.locator(".review-card").get_attribute("data-claim")
            assert second and second != first
            page.keyboard.press("x")
            expect(page.locator(".done")).to_contain_text(f"claim #{second}: reject by rita")
            expect(page.locator(".recent")).to_contain_text(f"#{first} confirm by rita")

            page.goto(f"{server}/campaigns/{NAME}")
            with page.expect_download() as info:
                page.click("text=Report (HTML)")
            saved = tmp_path / "downloaded.html"
            info.value.save_as(saved)
            html = saved.read_text(encoding="utf-8")
            assert "Test CCTV campaign" in html and "confirmed" in html
        finally:
            browser.close()
