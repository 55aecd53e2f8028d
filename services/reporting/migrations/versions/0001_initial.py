"""Event store, messaging tables and the pseudonymous people table.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

from shared.eventstore.migration import create_shared_tables, drop_shared_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_shared_tables()
    op.create_table(
        "reporting_people",
        sa.Column("person_id", sa.String(64), primary_key=True),
        sa.Column("sex", sa.String(16), nullable=False),
        sa.Column("birth_year", sa.Integer),
        sa.Column("country", sa.String(2)),
        sa.Column("region", sa.String(128)),
        sa.Column("roles", sa.JSON, nullable=False),
        sa.Column("archived", sa.Boolean, nullable=False),
    )
    op.create_index("ix_reporting_people_region", "reporting_people", ["country", "region"])


def downgrade() -> None:
    op.drop_table("reporting_people")
    drop_shared_tables()
