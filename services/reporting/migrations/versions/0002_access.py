"""The staff members and tokens reporting checks sessions and API tokens against.

Revision ID: 0002
Revises: 0001
"""
from shared.access.tables import create_access_tables, drop_access_tables

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_access_tables()


def downgrade() -> None:
    drop_access_tables()
