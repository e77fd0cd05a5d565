"""Server-rendered pages: campaigns, bodies, documents, the review queue, audits, search.

Every page is a Jinja2 template with autoescaping; HTMX swaps the review card and polls
upload progress. Forms carry the session's CSRF token.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from custodes.errors import CustodesError, StoreError
from custodes.web import queries
from custodes.web.app import render, require, state
from custodes.web.config import UPLOAD_TYPES
from custodes.web.security import COOKIE, Sessions, check_origin

router = APIRouter(include_in_schema=False)
_maps: dict[int, tuple[Any, dict[str, str]]] = {}
"""The maps of the last view drawn, keyed by its id and holding it (so the id is not reused)."""


@router.get("/")
def index(request: Request) -> Response:
    from custodes.campaign.requests import list_campaigns

    require(request)
    return render(request, "index.html.j2", campaigns=list_campaigns(state(request).reader))


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    st = state(request)
    found = st.sessions.load(request)
    session = found or Sessions.fresh()
    response = render(request, "login.html.j2", next=_local(next), csrf_value=session.csrf)
    if found is None:
        _set_cookie(response, st.sessions.dump(session), st.sessions.secure)
    return response


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    from custodes.web.security import check_csrf
    from custodes.web.users import authenticate

    st = state(request)
    if st.settings.public:
        raise HTTPException(403, "this server runs in read-only public mode: there is nothing to log in to")
    check_csrf(request, st.sessions.load(request), csrf_token)
    client = request.client.host if request.client else "?"
    keys = (f"user:{username.lower()}", f"ip:{client}")
    wait = st.logins.blocked(*keys)
    if wait:
        raise HTTPException(429, f"too many failed logins; try again in {int(wait) + 1} seconds")
    user = authenticate(st.reader, username, password)
    if user is None:
        st.logins.failed(*keys)
        return render(
            request,
            "login.html.j2",
            status=401,
            next=_local(next),
            error="wrong user name or password",
            csrf_value=csrf_token,
        )
    st.logins.reset(f"user:{username.lower()}")
    response = RedirectResponse(_local(next), status_code=303)
    _set_cookie(response, st.sessions.dump(Sessions.fresh(user)), st.sessions.secure)
    return response


@router.post("/logout")
def logout(request: Request, csrf_token: Annotated[str, Form()] = "") -> Response:
    require(request, csrf=csrf_token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


def _set_cookie(response: Response, value: str, secure: bool) -> None:
    response.set_cookie(COOKIE, value, httponly=True, samesite="strict", secure=secure, path="/")


def _local(target: str) -> str:
    """Only same-site paths after login (no open redirect)."""
    safe = target.startswith("/") and not target.startswith(("//", "/\\")) and "\n" not in target
    return target if safe else "/"


def _map(request: Request, view: Any) -> dict[str, str]:
    from custodes.report.html import map_svgs

    key = id(view)
    found = _maps.get(key)
    if found is None or found[0] is not view:
        _maps.clear()
        found = _maps[key] = (view, map_svgs(view)[0])
    return found[1]


@router.get("/campaigns/{name}")
def campaign_page(request: Request, name: str) -> Response:
    require(request)
    st = state(request)
    view = st.cache.get(st.reader, name, fresh=False)
    queue = st.cache.memo(("queue", name), lambda: queries.queue_size(st.reader, name))
    return render(request, "campaign.html.j2", v=view, queue=queue, stale=st.cache.stale(name))


@router.get("/campaigns/{name}/map")
def map_page(request: Request, name: str) -> Response:
    require(request)
    st = state(request)
    view = st.cache.get(st.reader, name, fresh=False)
    return render(request, "map.html.j2", v=view, maps=_map(request, view))


@router.get("/campaigns/{name}/bodies/{code}")
def body_page(request: Request, name: str, code: str) -> Response:
    require(request)
    st = state(request)
    detail = queries.body_detail(st.reader, name, code, st.settings.public)
    return render(
        request, "body.html.j2", campaign=name, b=detail, today=dt.date.today(), types=sorted(UPLOAD_TYPES)
    )


@router.post("/campaigns/{name}/bodies/{code}/upload")
async def upload(
    request: Request,
    name: str,
    code: str,
    file: Annotated[UploadFile, File()],
    received_on: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    user = require(request, "reviewer", csrf_token)
    st = state(request)
    queries.body_detail(st.reader, name, code, True)  # 404 before reading a byte of an unknown target
    file_name = Path(file.filename or "").name
    ext = file_name.rpartition(".")[2].lower() if "." in file_name else ""
    if ext not in UPLOAD_TYPES:
        raise HTTPException(
            415,
            f"{file_name or 'the file'}: type .{ext or '?'} is not accepted; "
            f"send one of {', '.join(sorted(UPLOAD_TYPES))}",
        )
    limit = st.settings.max_upload_bytes
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise HTTPException(
            413, f"{file_name}: larger than the {limit // 1024**2} MB limit; nothing was stored"
        )
    if not data:
        raise HTTPException(400, f"{file_name}: the file is empty")
    try:
        received = dt.date.fromisoformat(received_on) if received_on else dt.date.today()
    except ValueError:
        raise HTTPException(400, f"received date {received_on!r} is not YYYY-MM-DD") from None
    job = st.jobs.submit(name, code, file_name, data, received, user.username)
    if request.headers.get("hx-request"):
        return render(request, "job.html.j2", job=job)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: str) -> Response:
    require(request)
    job = state(request).jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no upload job {job_id}")
    template = "job.html.j2" if request.headers.get("hx-request") else "job_page.html.j2"
    return render(request, template, job=job)


@router.get("/documents/{sha256}")
def document_page(request: Request, sha256: str) -> Response:
    require(request)
    st = state(request)
    doc = queries.document_detail(st.reader, sha256, st.settings.public)
    quotes = [(c["id"], c["quote"]) for c in doc["claims"]]
    blocks = [(where, queries.highlight(text, quotes)) for where, text in doc["blocks"]]
    return render(request, "document.html.j2", d=doc, blocks=blocks)


@router.get("/campaigns/{name}/review")
def review_page(request: Request, name: str, after: int = 0, reviewed: int = 0) -> Response:
    require(request, "reviewer")
    st = state(request)
    claim = queries.next_to_review(st.reader, name, after)
    template = "review_card.html.j2" if request.headers.get("hx-request") else "review.html.j2"
    recent = queries.recent_reviews(st.reader, name)
    # a decision posted without HTMX (no script, or a key pressed mid-swap) is confirmed here
    last = next((r for r in recent if r["claim"] == reviewed), None) if reviewed else None
    return render(
        request,
        template,
        campaign=name,
        claim=claim,
        left=st.cache.memo(("queue", name), lambda: queries.queue_size(st.reader, name)),
        recent=recent,
        done=f"claim #{reviewed}: {last['decision']} by {last['reviewer']}" if last else None,
    )


@router.post("/campaigns/{name}/review/{claim_id}")
def review_post(
    request: Request,
    name: str,
    claim_id: int,
    decision: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    manufacturer: Annotated[str, Form()] = "",
    model: Annotated[str, Form()] = "",
    quantity: Annotated[str, Form()] = "",
    status: Annotated[str, Form()] = "",
) -> Response:
    from custodes.campaign.review import review

    user = require(request, "reviewer", csrf_token)
    st = state(request)
    corrected: dict[str, Any] = {}
    if decision == "correct":
        for key, value in (("manufacturer", manufacturer), ("model", model), ("status", status)):
            if value.strip():
                corrected[key] = value.strip()
        if quantity.strip():
            corrected["quantity"] = quantity.strip()
    queries.get_claim(st.reader, claim_id, False)  # 404 for an unknown claim
    try:
        review(st.store, claim_id, decision, user.username, corrected, note.strip() or None)
    except StoreError as exc:
        raise HTTPException(400, str(exc)) from exc
    st.cache.changed()
    target = f"/campaigns/{name}/review?after={claim_id}&reviewed={claim_id}"
    if request.headers.get("hx-request"):
        claim = queries.next_to_review(st.reader, name, claim_id)
        return render(
            request,
            "review_card.html.j2",
            campaign=name,
            claim=claim,
            left=st.cache.memo(("queue", name), lambda: queries.queue_size(st.reader, name)),
            recent=queries.recent_reviews(st.reader, name),
            done=f"claim #{claim_id}: {decision} by {user.username}",
        )
    return RedirectResponse(target, status_code=303)


@router.get("/campaigns/{name}/report.{fmt}")
def report_download(request: Request, name: str, fmt: str) -> Response:
    from custodes.report.safe import slug

    require(request)
    st = state(request)
    if fmt not in ("html", "md", "xlsx"):
        raise HTTPException(404, f"no report format {fmt!r}; use html, md or xlsx")
    view = st.cache.get(st.reader, name)
    if st.settings.public:
        from custodes.report.campaign_data import without_personal_data

        view = without_personal_data(view)
    if fmt == "html":
        from custodes.report.html import render_campaign

        body: bytes = render_campaign(view).encode()
        media = "text/html; charset=utf-8"
    elif fmt == "md":
        from custodes.report.campaign_md import campaign_md

        body, media = campaign_md(view).encode(), "text/markdown; charset=utf-8"
    else:
        from custodes.report.campaign_tables import all_tables, methodology
        from custodes.report.campaign_xlsx import write_tables_xlsx

        with tempfile.TemporaryDirectory() as tmp:
            path = write_tables_xlsx(Path(tmp) / "r.xlsx", all_tables(view), methodology(view))
            body = path.read_bytes()
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = f'attachment; filename="{slug(name)}-report.{fmt}"'
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})


@router.get("/campaigns/{name}/export.zip")
def export_download(request: Request, name: str) -> Response:
    from custodes.campaign.exports import export_campaign
    from custodes.report.safe import slug

    require(request, "reviewer")  # the export holds the documents as received
    st = state(request)
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "export"
        export_campaign(st.reader, name, out)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(out.rglob("*")):
                if path.is_file():
                    zf.write(path, path.relative_to(out).as_posix())
    disposition = f'attachment; filename="{slug(name)}-export.zip"'
    return Response(
        buffer.getvalue(), media_type="application/zip", headers={"Content-Disposition": disposition}
    )


@router.get("/audits")
def audits_page(request: Request) -> Response:
    require(request)
    folder = state(request).settings.audits_dir
    files = sorted(p.name for p in folder.glob("*.json")) if folder and folder.is_dir() else []
    return render(request, "audits.html.j2", files=files, folder=folder)


@router.get("/audits/{file_name}")
def audit_page(request: Request, file_name: str) -> Response:
    from custodes.report.audit_html import render_audit
    from custodes.report.audit_tables import load_audit

    require(request)
    folder = state(request).settings.audits_dir
    path = (folder / Path(file_name).name) if folder else None
    if path is None or not path.is_file() or path.suffix != ".json":
        raise HTTPException(404, f"no audit {file_name!r}")
    try:
        html = render_audit(load_audit(path))
    except CustodesError as exc:
        raise HTTPException(400, str(exc)) from exc
    return Response(html, media_type="text/html; charset=utf-8")


@router.get("/search")
def search_page(request: Request, q: str = "") -> Response:
    require(request)
    found = queries.search(state(request).reader, q) if q.strip() else {"bodies": [], "claims": []}
    return render(request, "search.html.j2", q=q, found=found)


@router.post("/bodies/{code}/delete")
def delete_body_page(request: Request, code: str, csrf_token: Annotated[str, Form()] = "") -> Response:
    require(request, "admin", csrf_token)
    check_origin(request)
    name = queries.delete_body(state(request).store, code)
    state(request).cache.changed()
    return render(request, "error.html.j2", status_code=200, message=f"{name} deleted")
