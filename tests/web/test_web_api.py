"""The web app in process, as a person and a script would use it: log in, read, review,
upload, download; and the refusals: no login, wrong role, no CSRF token, cross-site,
too large, wrong type, a body still in use."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import httpx
import pytest

from custodes.store import Store
from report.campaign_case import NAME
from web.webcase import PASSWORD, client, csrf_of, login, make_app

pytestmark = pytest.mark.anyio


async def test_pages_need_a_login_and_the_api_says_401(app: object) -> None:
    async with client(app) as c:
        page = await c.get(f"/campaigns/{NAME}")
        assert page.status_code == 303 and page.headers["location"].startswith("/login")
        api = await c.get("/api/campaigns")
        assert api.status_code == 401 and api.json() == {"detail": "log in first"}


async def test_wrong_password_then_rate_limit(app: object) -> None:
    async with client(app) as c:
        for _ in range(5):
            assert (await login(c, "rita", "not the password")).status_code == 401
        blocked = await login(c, "rita")  # even the right password waits now
        assert blocked.status_code == 429 and "too many failed logins" in blocked.text


async def test_campaign_pages_show_the_true_figures_and_escape_text(as_reviewer: httpx.AsyncClient) -> None:
    c = as_reviewer
    page = await c.get(f"/campaigns/{NAME}")
    assert page.status_code == 200
    assert "3 of 4 bodies asked answered" in page.text
    drawn = await c.get(f"/campaigns/{NAME}/map")
    assert drawn.status_code == 200 and drawn.text.count("<svg") == 2
    assert "default-src 'none'" in page.headers["content-security-policy"]
    body = await c.get(f"/campaigns/{NAME}/bodies/CMD")
    sha = re.search(r'href="/documents/([0-9a-f]{64})"', body.text)
    assert sha and "successful" in body.text
    doc = await c.get(f"/documents/{sha.group(1)}")
    assert doc.status_code == 200 and "<mark" in doc.text
    assert '<script>alert("x")' not in doc.text and "&lt;script&gt;" in doc.text
    found = await c.get("/search", params={"q": "script"})
    assert "&lt;script&gt;" in found.text and "<script>alert" not in found.text


async def test_review_queue_confirm_and_next(as_reviewer: httpx.AsyncClient) -> None:
    c = as_reviewer
    page = await c.get(f"/campaigns/{NAME}/review")
    first = int(re.search(r'data-claim="(\d+)"', page.text).group(1))  # type: ignore[union-attr]
    left = int(re.search(r"(\d+) claims left", page.text).group(1))  # type: ignore[union-attr]
    token = csrf_of(page.text)
    no_token = await c.post(f"/campaigns/{NAME}/review/{first}", data={"decision": "confirm"})
    assert no_token.status_code == 403 and "CSRF" in no_token.text
    cross = await c.post(
        f"/campaigns/{NAME}/review/{first}",
        data={"decision": "confirm", "csrf_token": token},
        headers={"origin": "https://evil.example"},
    )
    assert cross.status_code == 403 and "cross-site" in cross.text
    done = await c.post(
        f"/campaigns/{NAME}/review/{first}",
        data={"decision": "confirm", "csrf_token": token},
        headers={"hx-request": "true"},
    )
    assert done.status_code == 200 and f"claim #{first}: confirm by rita" in done.text
    assert f"{left - 1} claims left" in done.text
    nxt = int(re.search(r'data-claim="(\d+)"', done.text).group(1))  # type: ignore[union-attr]
    assert nxt != first
    claim = (await c.get(f"/api/claims/{first}")).json()
    assert claim["review"] == "confirmed" and claim["reviewer"] == "rita"


async def test_api_review_is_strict_and_changes_the_figures(as_reviewer: httpx.AsyncClient) -> None:
    c = as_reviewer
    token = csrf_of((await c.get("/")).text)
    bodies = {b["code"]: b for b in (await c.get(f"/api/campaigns/{NAME}/bodies")).json()}
    assert bodies["CMD"]["devices"] == 55
    claim = next(
        cl
        for cl in [(await c.get(f"/api/claims/{i}")).json() for i in range(1, 5)]
        if cl["manufacturer"] == "axis"
    )
    url = f"/api/claims/{claim['id']}/review"
    typo = await c.post(
        url, json={"decision": "correct", "corrected": {"quantty": 12}}, headers={"x-csrf-token": token}
    )
    assert typo.status_code == 422 and "quantty" in typo.text
    bad = await c.post(url, json={"decision": "approve"}, headers={"x-csrf-token": token})
    assert bad.status_code == 422
    ok = await c.post(
        url,
        json={"decision": "correct", "corrected": {"quantity": 12}, "note": "recount"},
        headers={"x-csrf-token": token},
    )
    assert ok.status_code == 200 and ok.json()["review"] == "corrected"
    bodies = {b["code"]: b for b in (await c.get(f"/api/campaigns/{NAME}/bodies")).json()}
    assert bodies["CMD"]["devices"] == 57


async def test_a_viewer_cannot_review(app: object) -> None:
    async with client(app) as c:
        await login(c, "vera")
        page = await c.get(f"/campaigns/{NAME}/review")
        assert page.status_code == 403 and "reviewer role" in page.text


async def test_uploads_refused_with_the_reason(case_store: Store) -> None:
    app = make_app(case_store, max_upload_bytes=1000)
    async with client(app) as c:
        await login(c, "rita")
        token = csrf_of((await c.get("/")).text)
        url = f"/campaigns/{NAME}/bodies/LBH/upload"
        big = await c.post(url, data={"csrf_token": token}, files={"file": ("big.txt", b"x" * 2000)})
        assert big.status_code == 413 and "1000" not in big.text and "limit" in big.text
        exe = await c.post(url, data={"csrf_token": token}, files={"file": ("tool.exe", b"MZ")})
        assert exe.status_code == 415 and ".exe" in exe.text
        empty = await c.post(url, data={"csrf_token": token}, files={"file": ("a.txt", b"")})
        assert empty.status_code == 400
        nobody = await c.post(
            f"/campaigns/{NAME}/bodies/NOPE/upload",
            data={"csrf_token": token},
            files={"file": ("a.txt", b"text")},
        )
        assert nobody.status_code == 404


async def _upload_and_wait(c: httpx.AsyncClient, token: str, name: str, data: bytes) -> dict[str, Any]:
    """Upload an answer to Lambeth's request and wait for its background job to finish."""
    sent = await c.post(
        f"/campaigns/{NAME}/bodies/LBH/upload",
        data={"csrf_token": token, "received_on": "2026-10-01"},
        files={"file": (name, data)},
    )
    assert sent.status_code == 303
    job_id = sent.headers["location"].rsplit("/", 1)[1]
    for _ in range(300):
        job: dict[str, Any] = (await c.get(f"/api/jobs/{job_id}")).json()
        if job["finished"]:
            return job
        await asyncio.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish in 30 s")


async def test_upload_runs_extraction_in_the_background(as_reviewer: httpx.AsyncClient) -> None:
    c = as_reviewer
    token = csrf_of((await c.get("/")).text)
    text = (
        "Dear requester,\n\nThe council operates 12 CCTV cameras made by Axis Communications.\n"
        "None of our cameras use facial recognition.\n\nYours sincerely,\nInformation Officer\n"
    )
    job = await _upload_and_wait(c, token, "lambeth reply.txt", text.encode())
    assert job["step"] == "done", job
    body = await c.get(f"/campaigns/{NAME}/bodies/LBH")
    assert "lambeth-reply.txt" in body.text


async def test_an_unreadable_upload_fails_with_its_reason(as_reviewer: httpx.AsyncClient) -> None:
    c = as_reviewer
    token = csrf_of((await c.get("/")).text)
    job = await _upload_and_wait(c, token, "reply.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 100)
    assert job["step"] == "failed", job
    assert job["message"].startswith("reply.pdf: ") and "nothing was attached" in job["message"]
    assert (job["claims"], job["findings"]) == (0, 0)


async def test_deleting_a_body_in_use_is_refused(app: object) -> None:
    async with client(app) as c:
        await login(c, "adam")
        token = csrf_of((await c.get("/")).text)
        gone = await c.delete("/api/bodies/CMD", headers={"x-csrf-token": token})
        assert gone.status_code == 409 and "not deleted" in gone.json()["detail"]
        assert (await c.get(f"/campaigns/{NAME}/bodies/CMD")).status_code == 200
        missing = await c.delete("/api/bodies/ZZZ", headers={"x-csrf-token": token})
        assert missing.status_code == 404


async def test_reports_download(as_reviewer: httpx.AsyncClient) -> None:
    c = as_reviewer
    html = await c.get(f"/campaigns/{NAME}/report.html")
    assert html.status_code == 200 and "attachment" in html.headers["content-disposition"]
    assert "3 of 4 bodies asked answered" in html.text and "<script" not in html.text.lower()
    xlsx = await c.get(f"/campaigns/{NAME}/report.xlsx")
    assert xlsx.content[:2] == b"PK"
    zipped = await c.get(f"/campaigns/{NAME}/export.zip")
    assert zipped.status_code == 200 and zipped.content[:2] == b"PK"
    assert (await c.get("/campaigns/nope")).status_code == 404


async def test_public_mode_is_read_only_and_hides_names(case_store: Store) -> None:
    from custodes.campaign.review import review

    review(case_store, 1, "confirm", "rita")
    app = make_app(case_store, public=True)
    async with client(app) as c:
        page = await c.get(f"/campaigns/{NAME}")
        assert page.status_code == 200 and "A. Researcher" not in page.text
        assert (await c.get(f"/campaigns/{NAME}/review")).status_code == 403
        post = await c.post("/api/claims/1/review", json={"decision": "confirm"})
        assert post.status_code == 403 and "read-only" in post.json()["detail"]
        assert (await c.post("/login", data={"username": "rita", "password": PASSWORD})).status_code == 403
        report = (await c.get(f"/campaigns/{NAME}/report.html")).text
        assert "3 of 4 bodies asked answered" in report and "A. Researcher" not in report
        assert "rita" not in report  # reviewer names are not published


async def test_login_never_redirects_off_site(app: object) -> None:
    async with client(app) as c:
        for target, expected in (
            ("//evil.example/x", "/"),
            ("/\\evil.example", "/"),
            (f"/campaigns/{NAME}", f"/campaigns/{NAME}"),
        ):
            page = await c.get("/login")  # each log-in starts a new session with a new token
            data = {
                "username": "rita",
                "password": PASSWORD,
                "csrf_token": csrf_of(page.text),
                "next": target,
            }
            answer = await c.post("/login", data=data)
            assert answer.status_code == 303 and answer.headers["location"] == expected
