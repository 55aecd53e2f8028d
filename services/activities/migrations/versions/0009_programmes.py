"""The replica of the programmes reporting defines (the forms' pick-list).

Revision ID: 0009_programmes
Revises: 0008_personal_keys
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_programmes"
down_revision = "0008_personal_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activities_programmes",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("funder_id", sa.String(64)),
        sa.Column("starts_on", sa.Date),
        sa.Column("ends_on", sa.Date),
        sa.Column("offices", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("activities_programmes")
