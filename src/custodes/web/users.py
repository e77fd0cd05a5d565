"""Local accounts: user names, roles and Argon2id password hashes (argon2-cffi).

The table (``store.models.WebUser``) is created by the store's migrations like every other,
so a team's PostgreSQL schema is versioned in one place; only this module reads it.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import insert, select

from custodes.errors import StoreError
from custodes.store import Store
from custodes.store.models import WebUser, utcnow
from custodes.web.config import ROLES

users = WebUser.__table__
_hasher = PasswordHasher()
_NAME = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
# A hash to verify against when the user does not exist, so timing does not reveal names.
_DUMMY = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class User:
    username: str
    role: str

    def can(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


def add_user(store: Store, username: str, password: str, role: str) -> User:
    if not _NAME.match(username):
        raise StoreError(f"user name {username!r} must be 1-100 letters, digits, '.', '_' or '-'")
    if role not in ROLES:
        raise StoreError(f"role {role!r} is not one of {', '.join(ROLES)}")
    if len(password) < 10:
        raise StoreError("a password needs at least 10 characters")
    with store.transaction() as session:
        if session.execute(select(users.c.id).where(users.c.username == username)).first():
            raise StoreError(f"user {username!r} exists already")
        session.execute(
            insert(WebUser).values(
                username=username, password_hash=_hasher.hash(password), role=role, created_at=utcnow()
            )
        )
    return User(username, role)


def count_users(store: Store) -> int:
    with store.transaction() as session:
        return len(session.execute(select(users.c.id)).all())


def authenticate(store: Store, username: str, password: str) -> User | None:
    """The user if the password matches, else None (same work either way)."""
    with store.transaction() as session:
        row = session.execute(
            select(users.c.password_hash, users.c.role).where(users.c.username == username)
        ).first()
    try:
        _hasher.verify(row[0] if row else _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return None
    return User(username, str(row[1])) if row else None


def new_password() -> str:
    return secrets.token_urlsafe(12)
