"""The database schema as SQLAlchemy 2 models.

Machine output (claims) and human judgement (claim_reviews) live in separate tables so a
correction never overwrites what the extractor said; request_events is append-only so the
history of a request can always be replayed as of a date. JSON columns use the portable
``JSON`` type, which is TEXT on SQLite and json on PostgreSQL. Times are naive UTC.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """Naive UTC now: the store keeps every timestamp in UTC without a zone."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Body(Base):
    """A public body: a bundled local authority or one imported from CSV."""

    __tablename__ = "bodies"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str | None] = mapped_column(String(300))
    gss_code: Mapped[str | None] = mapped_column(String(16))
    nation: Mapped[str | None] = mapped_column(String(64))
    region: Mapped[str | None] = mapped_column(String(64))
    type: Mapped[str | None] = mapped_column(String(64))
    wdtk_slug: Mapped[str | None] = mapped_column(String(200))
    wdtk_id: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(300))
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    replaced_by: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(200))


class Alias(Base):
    """A name as a body writes it (normalised), pointing at a body."""

    __tablename__ = "aliases"
    __table_args__ = (UniqueConstraint("alias", "body_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alias: Mapped[str] = mapped_column(String(300), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(200))


class BodySet(Base):
    """Membership of a named set (``london-boroughs``, ``scotland``, user sets)."""

    __tablename__ = "body_sets"
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id", ondelete="CASCADE"), primary_key=True)


class Campaign(Base):
    __tablename__ = "campaigns"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    template: Mapped[str] = mapped_column(Text)
    requester: Mapped[str] = mapped_column(String(300))
    period_from: Mapped[dt.date] = mapped_column(Date)
    period_to: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    auto_accept: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """Mark machine claims at or above the threshold ``auto-accepted`` (off: all stay proposed)."""
    auto_accept_threshold: Mapped[float | None] = mapped_column(Float)
    """None means the declared default, ``custodes.settings.AUTO_ACCEPT``."""


class Request(Base):
    """One FOI request to one body; ``state`` caches the latest event's state."""

    __tablename__ = "requests"
    __table_args__ = (UniqueConstraint("campaign_id", "body_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    state: Mapped[str] = mapped_column(String(40), default="draft")
    regime: Mapped[str] = mapped_column(String(20))
    sent_at: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class RequestEvent(Base):
    """An append-only record of something that happened to a request on a date."""

    __tablename__ = "request_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(40))
    on_date: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)


class Document(Base):
    """A file, stored once by content in the blob folder."""

    __tablename__ = "documents"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    file_name: Mapped[str] = mapped_column(String(500))
    media_type: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    blob_path: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class RequestDocument(Base):
    """A document received in answer to a request (one document may answer several)."""

    __tablename__ = "request_documents"
    __table_args__ = (UniqueConstraint("request_id", "sha256"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("documents.sha256"), index=True)
    file_name: Mapped[str] = mapped_column(String(500))
    received_on: Mapped[dt.date] = mapped_column(Date)
    attached_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Claim(Base):
    """One claim the extractor made about a document, exactly as it made it.

    The columns are the fields of the one claim model (:class:`custodes.extract.claims.Claim`):
    ``key`` is the model's content-derived id, which ``part_of`` and ``duplicate_of`` refer to;
    ``review`` is where the claim stood when stored (proposed or auto-accepted), people's
    decisions are kept in ``claim_reviews``.
    """

    __tablename__ = "claims"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str | None] = mapped_column(String(64), index=True)
    document: Mapped[str] = mapped_column(ForeignKey("documents.sha256"), index=True)
    file: Mapped[str] = mapped_column(String(500))
    location: Mapped[dict[str, Any]] = mapped_column(JSON)
    quote: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    manufacturer: Mapped[str | None] = mapped_column(String(100))
    brand_text: Mapped[str | None] = mapped_column(String(300))
    model: Mapped[str | None] = mapped_column(String(200))
    quantity: Mapped[int | None] = mapped_column(Integer)
    quantity_text: Mapped[str | None] = mapped_column(String(200))
    device_type: Mapped[str | None] = mapped_column(String(100))
    capabilities: Mapped[list[Any]] = mapped_column(JSON)
    refusal_sections: Mapped[list[Any]] = mapped_column(JSON)
    confidence: Mapped[float] = mapped_column(Float)
    site: Mapped[str | None] = mapped_column(String(500))
    dates: Mapped[list[Any] | None] = mapped_column(JSON)
    about_body: Mapped[str | None] = mapped_column(String(300))
    """The model's ``body``: another body the claim is about (None: the body that answered)."""
    period: Mapped[str] = mapped_column(String(20), default="current", server_default="current")
    part_of: Mapped[str | None] = mapped_column(String(64))
    duplicate_of: Mapped[str | None] = mapped_column(String(64))
    shared_with: Mapped[list[Any] | None] = mapped_column(JSON)
    flags: Mapped[list[Any] | None] = mapped_column(JSON)
    doc_kind: Mapped[str | None] = mapped_column(String(40))
    role: Mapped[str | None] = mapped_column(String(40))
    features: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    review: Mapped[str] = mapped_column(String(20), default="proposed", server_default="proposed")
    extracted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ClaimReview(Base):
    """A person's decision on a claim, kept beside it; the latest review counts."""

    __tablename__ = "claim_reviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    reviewer: Mapped[str] = mapped_column(String(200))
    decision: Mapped[str] = mapped_column(String(20))
    corrected: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Finding(Base):
    """A policy finding about an owned claim (rule pack, rule, severity, why)."""

    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    pack: Mapped[str] = mapped_column(String(100))
    rule: Mapped[str] = mapped_column(String(200))
    severity: Mapped[str] = mapped_column(String(20))
    effective: Mapped[str | None] = mapped_column(String(20))
    citation: Mapped[str | None] = mapped_column(Text)
    why: Mapped[str] = mapped_column(Text)


class WebUser(Base):
    """A local account of the web app: user name, role and an Argon2id password hash."""

    __tablename__ = "web_users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
