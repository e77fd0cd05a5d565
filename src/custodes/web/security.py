"""Sessions, CSRF, roles and login rate limits.

A session is a cookie signed with itsdangerous (HttpOnly, SameSite=Strict) holding the user
name, role and a CSRF token. Every state-changing request must carry that token (form field
``csrf_token`` or header ``X-CSRF-Token``) and, when the browser sends an Origin, come from
this site: a cross-site form post or fetch is refused with 403 even if the cookie rode along.
"""

from __future__ import annotations

import secrets
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from custodes.settings import LOGIN_ATTEMPTS, LOGIN_WINDOW_SECONDS, SESSION_MAX_AGE_SECONDS
from custodes.web.users import User

COOKIE = "custodes_session"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Session:
    user: User | None
    csrf: str


class Sessions:
    def __init__(self, secret: str, secure: bool) -> None:
        self._signer = URLSafeTimedSerializer(secret, salt="custodes-session")
        self.secure = secure

    def load(self, request: Request) -> Session | None:
        raw = request.cookies.get(COOKIE)
        if not raw:
            return None
        try:
            data: dict[str, Any] = self._signer.loads(raw, max_age=SESSION_MAX_AGE_SECONDS)
        except BadSignature:
            return None
        user = User(str(data["u"]), str(data["r"])) if data.get("u") else None
        return Session(user, str(data.get("c", "")))

    def dump(self, session: Session) -> str:
        data = {
            "u": session.user.username if session.user else None,
            "r": session.user.role if session.user else None,
            "c": session.csrf,
        }
        return self._signer.dumps(data)

    @staticmethod
    def fresh(user: User | None = None) -> Session:
        return Session(user, secrets.token_urlsafe(24))


def check_origin(request: Request) -> None:
    """A state change must come from this site (Origin, else Referer, when the browser sends one)."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin:
        return
    host = request.headers.get("host", "")
    stripped = origin.split("://", 1)[-1].split("/", 1)[0]
    if stripped != host:
        raise HTTPException(403, f"cross-site request refused (origin {origin!r} is not this site)")


def check_csrf(request: Request, session: Session | None, supplied: str | None) -> None:
    check_origin(request)
    token = supplied or request.headers.get("x-csrf-token")
    if session is None or not token or not secrets.compare_digest(token, session.csrf):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")


class RateLimit:
    """Failed logins per key in a sliding window (in memory: one server process)."""

    def __init__(self, attempts: int = LOGIN_ATTEMPTS, window: float = LOGIN_WINDOW_SECONDS) -> None:
        self.attempts = attempts
        self.window = window
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def blocked(self, *keys: str) -> float:
        """Seconds to wait if any key is over the limit, else 0."""
        now = time.monotonic()
        wait = 0.0
        for key in keys:
            q = self._failures[key]
            while q and now - q[0] > self.window:
                q.popleft()
            if len(q) >= self.attempts:
                wait = max(wait, self.window - (now - q[0]))
        return wait

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        for key in keys:
            self._failures[key].append(now)

    def reset(self, *keys: str) -> None:
        for key in keys:
            self._failures.pop(key, None)
