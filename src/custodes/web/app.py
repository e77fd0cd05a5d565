"""The FastAPI application: state, authentication, error pages and security headers.

Errors are one clear sentence with the right status: 404 for a campaign, body, claim or
document that does not exist, 409 for a change that would orphan data, 413/415 for an
upload that is too large or of the wrong type, 401/403 for missing login, role or CSRF
token, 429 for too many failed logins. HTML pages get an error page, the API gets JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from custodes.errors import CustodesError, InputError
from custodes.store import Store
from custodes.web.config import Settings
from custodes.web.jobs import Jobs
from custodes.web.queries import Conflict, NotFound, ViewCache
from custodes.web.reader import read_only
from custodes.web.security import COOKIE, UNSAFE, RateLimit, Session, Sessions, check_csrf
from custodes.web.users import User

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
PUBLIC_USER = User("public", "viewer")


@dataclass
class State:
    store: Store
    reader: Store
    settings: Settings
    sessions: Sessions
    cache: ViewCache
    jobs: Jobs
    logins: RateLimit
    templates: Environment


class Headers:
    """Security headers on every response (a plain ASGI middleware: no per-request task)."""

    HEADERS = (
        (b"content-security-policy", CSP.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
        (b"x-frame-options", b"DENY"),
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in self.HEADERS if k not in names
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


def state(request: Request) -> State:
    found: State = request.app.state.custodes
    return found


def session_of(request: Request) -> Session | None:
    return state(request).sessions.load(request)


def current_user(request: Request) -> User | None:
    st = state(request)
    if st.settings.public:
        return PUBLIC_USER
    found = session_of(request)
    return found.user if found else None


def require(request: Request, role: str = "viewer", csrf: str | None = None) -> User:
    """The logged-in user with at least ``role``; checks CSRF on state changes."""
    st = state(request)
    if st.settings.public and (request.method in UNSAFE or role != "viewer"):
        raise HTTPException(403, "this server runs in read-only public mode")
    user = current_user(request)
    if user is None:
        raise HTTPException(401, "log in first")
    if not user.can(role):
        raise HTTPException(403, f"this needs the {role} role; you are {user.role}")
    if request.method in UNSAFE:
        check_csrf(request, session_of(request), csrf)
    return user


def render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    st = state(request)
    found = session_of(request)
    context |= {
        "user": current_user(request),
        "public": st.settings.public,
        "csrf": found.csrf if found else "",
        "request": request,
    }
    html = st.templates.get_template(name).render(**context)
    return Response(html, status_code=status, media_type="text/html; charset=utf-8")


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def _error(request: Request, status: int, message: str) -> Response:
    if status == 401 and not _wants_json(request) and request.method == "GET":
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    return render(request, "error.html.j2", status=status, status_code=status, message=message)


def create_app(store: Store, settings: Settings | None = None) -> FastAPI:
    """The application for one store. Creates the users table if it is missing."""
    from custodes.web import api, pages

    settings = settings or Settings()
    app = FastAPI(
        title="custodes", version="1", docs_url="/api/docs", redoc_url=None, openapi_url="/api/openapi.json"
    )
    cache = ViewCache(basis=settings.basis)
    env = Environment(
        loader=PackageLoader("custodes.web", "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    app.state.custodes = State(
        store=store,
        reader=read_only(store),
        settings=settings,
        sessions=Sessions(settings.secret, settings.secure_cookies),
        cache=cache,
        jobs=Jobs(store, settings.upload_dir, cache.changed),
        logins=RateLimit(),
        templates=env,
    )
    app.add_middleware(Headers)
    static = resources.files("custodes.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.include_router(pages.router)
    app.include_router(api.router)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        message = f"invalid request: {where}: {first.get('msg', 'invalid')}"
        if _wants_json(request):  # FastAPI's documented shape, plus the one-line reason
            detail = [
                {
                    "loc": [str(x) if not isinstance(x, int) else x for x in e.get("loc", ())],
                    "msg": str(e.get("msg", "")),
                    "type": str(e.get("type", "")),
                }
                for e in exc.errors()
            ]
            return JSONResponse({"detail": detail, "message": message}, status_code=422)
        return _error(request, 422, message)

    @app.exception_handler(CustodesError)
    async def library_error(request: Request, exc: CustodesError) -> Response:
        status = 404 if isinstance(exc, NotFound) else 409 if isinstance(exc, Conflict) else 400
        if isinstance(exc, InputError):
            status = 400
        return _error(request, status, str(exc))

    return app


__all__ = ["COOKIE", "State", "create_app", "current_user", "render", "require", "state"]
