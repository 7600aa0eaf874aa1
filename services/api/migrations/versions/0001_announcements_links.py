"""api_announcements and api_agreement_links

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
        "api_announcements",
        sa.Column("announcement_id", sa.String(64), primary_key=True),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("classifier_version", sa.String(128), nullable=False),
        sa.Column("document_key", sa.String(200), nullable=False, index=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "api_agreement_links",
        sa.Column("partner_slug", sa.String(100), primary_key=True),
        sa.Column(
            "announcement_id",
            sa.String(64),
            sa.ForeignKey("api_announcements.announcement_id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )


def downgrade() -> None:
    op.drop_table("api_agreement_links")
    op.drop_table("api_announcements")
