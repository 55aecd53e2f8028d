"""Terms of reference for hiring consultants: one row per ToR (the events hold the rest),
and the proposals uploaded with applications.

Revision ID: 0007_terms_of_reference
Revises: 0006_signed_sheets
"""
import sqlalchemy as sa
from alembic import op

revision = "0007_terms_of_reference"
down_revision = "0006_signed_sheets"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "terms_of_reference",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("activity_id", sa.String(36), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("applications", sa.Integer, nullable=False),
        sa.Column("consultant", sa.String(200)),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_terms_of_reference_activity_id", "terms_of_reference", ["activity_id"])
    op.create_table(
        "consultant_documents",
        sa.Column("application_id", sa.String(36), primary_key=True),
        sa.Column("terms_id", sa.String(36), nullable=False, index=True),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("consultant_documents")
    op.drop_table("terms_of_reference")
