"""notify_subscriptions and notify_alerts

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notify_subscriptions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("department", sa.String(100), nullable=False, index=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("url", sa.Text()),
        sa.Column("email", sa.Text()),
        sa.Column("secret", sa.String(100), nullable=False),
        sa.Column("sectors", sa.Text(), nullable=False),
        sa.Column("localities", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "notify_alerts",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("subscription_id", sa.String(64), sa.ForeignKey("notify_subscriptions.id"), nullable=False),
        sa.Column("announcement_id", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text()),
        sa.Column("delivered_at", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("subscription_id", "announcement_id", name="uq_notify_alert_pair"),
    )


def downgrade() -> None:
    op.drop_table("notify_alerts")
    op.drop_table("notify_subscriptions")
