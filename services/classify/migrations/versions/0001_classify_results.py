"""classify_results: which announcement was classified by which version

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
        "classify_results",
        sa.Column("announcement_id", sa.String(64), primary_key=True),
        sa.Column("classifier_version", sa.String(128), primary_key=True),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("sectors", sa.Text(), nullable=False),
        sa.Column("partners", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("classify_results")
