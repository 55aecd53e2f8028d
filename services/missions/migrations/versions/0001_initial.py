"""Event store and messaging tables; the staff members and tokens checked at sign-in.

Revision ID: 0001
Revises:
"""
from shared.access.tables import create_access_tables, drop_access_tables
from shared.eventstore.migration import create_shared_tables, drop_shared_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_shared_tables()
    create_access_tables()


def downgrade() -> None:
    drop_access_tables()
    drop_shared_tables()
