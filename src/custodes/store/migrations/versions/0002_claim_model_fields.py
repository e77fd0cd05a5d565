"""The one claim model's fields on stored claims, and a campaign's auto-accept setting.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 06:40:00

Claims gain the model's id (``key``), site and dates (kept before in ``location.extra``),
the body a claim is about, its period, links between totals and parts and between
duplicates, shared counts, flags, document kind, line role, the scorer's features and the
review state it was stored with. The model's ``id`` is stored as ``key`` and its
``body`` as ``about_body`` (beside the request's body in joins and exports). Claims
stored before this revision are ``proposed`` and
``current``; their ``key`` stays empty (nothing could link to them).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CLAIM_COLUMNS = (
    ("site", sa.String(length=500)),
    ("dates", sa.JSON()),
    ("about_body", sa.String(length=300)),
    ("part_of", sa.String(length=64)),
    ("duplicate_of", sa.String(length=64)),
    ("shared_with", sa.JSON()),
    ("flags", sa.JSON()),
    ("doc_kind", sa.String(length=40)),
    ("role", sa.String(length=40)),
    ("features", sa.JSON()),
)


def upgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key", sa.String(length=64), nullable=True))
        for name, kind in CLAIM_COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=True))
        batch_op.add_column(
            sa.Column("period", sa.String(length=20), server_default="current", nullable=False)
        )
        batch_op.add_column(
            sa.Column("review", sa.String(length=20), server_default="proposed", nullable=False)
        )
        batch_op.create_index(batch_op.f("ix_claims_key"), ["key"], unique=False)
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.add_column(sa.Column("auto_accept", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("auto_accept_threshold", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.drop_column("auto_accept_threshold")
        batch_op.drop_column("auto_accept")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claims_key"))
        batch_op.drop_column("review")
        batch_op.drop_column("period")
        for name, _ in reversed(CLAIM_COLUMNS):
            batch_op.drop_column(name)
        batch_op.drop_column("key")
