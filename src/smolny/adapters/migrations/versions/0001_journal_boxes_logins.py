"""The journal, ballot boxes, accounts, access codes and logins.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journal",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
        sa.Column("prev", sa.String(64), nullable=False, unique=True),
        sa.Column("kind", sa.String(100), nullable=False),
        sa.Column("line", sa.Text, nullable=False),
        sa.CheckConstraint("seq > 0", name="journal_seq_positive"),
    )
    op.create_index("ix_journal_kind", "journal", ["kind"])
    op.create_table(
        "box",
        sa.Column("poll", sa.String(32), primary_key=True),
        sa.Column("is_open", sa.Boolean, nullable=False),
    )
    op.create_table(
        "ballot",
        sa.Column("poll", sa.String(32), primary_key=True),
        sa.Column("voter", sa.String(32), primary_key=True),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_table(
        "account",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("must_change", sa.Boolean, nullable=False),
    )
    op.create_table(
        "access_code",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("delegate", sa.String(32), nullable=False, unique=True),
    )
    op.create_table(
        "login",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("principal", sa.String(32), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("expires", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    for table in ("login", "access_code", "account", "ballot", "box", "journal"):
        op.drop_table(table)
