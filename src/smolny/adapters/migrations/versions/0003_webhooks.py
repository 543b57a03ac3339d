"""Webhooks: subscriptions with their place in the journal, and the delivery lease.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "webhook",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("secret", sa.Text, nullable=False),
        sa.Column("body", sa.String(63), nullable=False),
        sa.Column("what", sa.String(16), nullable=False),
        sa.Column("after_seq", sa.BigInteger, nullable=False),
        sa.Column("attempts", sa.BigInteger, nullable=False),
        sa.Column("next_at", sa.Float, nullable=False),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("delivered", sa.BigInteger, nullable=False),
    )
    lease = op.create_table(
        "webhook_lease",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("holder", sa.String(100), nullable=False),
        sa.Column("expires", sa.Float, nullable=False),
    )
    # the one row every process contends for, there from the start so nobody races to insert it
    op.bulk_insert(lease, [{"name": "webhooks", "holder": "", "expires": 0.0}])


def downgrade() -> None:
    op.drop_table("webhook_lease")
    op.drop_table("webhook")
