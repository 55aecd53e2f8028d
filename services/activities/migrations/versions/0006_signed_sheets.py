"""activities_signed_sheets: the scanned, signed sign-in sheets attached to sessions.

Revision ID: 0006_signed_sheets
Revises: 0005_calendar_sessions
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_signed_sheets"
down_revision = "0005_calendar_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activities_signed_sheets",
        sa.Column("file_id", sa.String(36), primary_key=True),
        sa.Column("activity_id", sa.String(36), nullable=False),
        sa.Column("session_id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("content_type", sa.String(40), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("uploaded_by", sa.String(200)),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_activities_signed_sheets_activity_id", "activities_signed_sheets",
                    ["activity_id"])
    op.create_index("ix_activities_signed_sheets_session_id", "activities_signed_sheets",
                    ["session_id"])


def downgrade() -> None:
    op.drop_table("activities_signed_sheets")
