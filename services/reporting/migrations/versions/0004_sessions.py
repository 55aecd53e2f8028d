"""Sessions revocable in every service, temporary passwords, token expiry and last use.

Revision ID: 0004_sessions
Revises: 0003
"""
from shared.access.tables import upgrade_access_tables

revision = "0004_sessions"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    upgrade_access_tables()


def downgrade() -> None:
    pass  # the added columns and table are harmless to an older version
