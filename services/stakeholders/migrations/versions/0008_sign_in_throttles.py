"""Sign-in throttling per (account, address): one row per pair, counted under a row lock.

Revision ID: 0008_sign_in_throttles
Revises: 0007_merged_consents
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_sign_in_throttles"
down_revision = "0007_merged_consents"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_throttles",
        sa.Column("key", sa.String(400), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sign_in_throttles")
