"""Secret ballots: the roll and the ballots apart, pending while a poll is open.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for name in ("roll_pending", "roll"):
        op.create_table(
            name,
            sa.Column("poll", sa.String(32), primary_key=True),
            sa.Column("voter", sa.String(32), primary_key=True),
            sa.Column("cast_by", sa.String(32), nullable=True),
            sqlite_with_rowid=False,
        )
    op.create_table(
        "secret_pending",
        sa.Column("poll", sa.String(32), primary_key=True),
        sa.Column("hash", sa.String(64), primary_key=True),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("change_key", sa.String(64), nullable=True, unique=True),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "secret_ballot",
        sa.Column("poll", sa.String(32), primary_key=True),
        sa.Column("hash", sa.String(64), primary_key=True),
        sa.Column("body", sa.Text, nullable=False),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    for name in ("secret_ballot", "secret_pending", "roll", "roll_pending"):
        op.drop_table(name)
