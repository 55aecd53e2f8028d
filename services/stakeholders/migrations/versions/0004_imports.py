"""Spreadsheet imports: the uploaded rows kept between preview and import, progress, report.
Also merges the three 0003 heads.

Revision ID: 0004_imports
Revises: 0003_organisations, 0003_consent_segments, 0003_search_duplicates
"""
from alembic import op
import sqlalchemy as sa

revision = "0004_imports"
down_revision = ("0003_organisations", "0003_consent_segments", "0003_search_duplicates")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "imports",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("rows", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("skip_duplicates", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_by", sa.String(64)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("done", sa.Integer, nullable=False),
        sa.Column("failed", sa.Integer, nullable=False),
        sa.Column("report", sa.JSON),
    )


def downgrade() -> None:
    op.drop_table("imports")
