"""Project accompaniment and mobility opportunities: their read tables.

Revision ID: 0005_accompaniment_opportunities
Revises: 0004_missions
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_accompaniment_opportunities"
down_revision = "0004_missions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accompaniments",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("organisation_id", sa.String(36), index=True),
        sa.Column("group_name", sa.String(200)),
        sa.Column("programme", sa.String(40), nullable=False),
        sa.Column("office", sa.String(20), nullable=False),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("budget_requested", sa.Float),
        sa.Column("budget_granted", sa.Float),
        sa.Column("coaching_hours", sa.Float, nullable=False),
        sa.Column("search", sa.Text, nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "accompaniment_documents",
        sa.Column("document_id", sa.String(36), primary_key=True),
        sa.Column("accompaniment_id", sa.String(36), nullable=False, index=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("due_on", sa.Date, nullable=False, index=True),
        sa.Column("received_on", sa.Date),
        sa.Column("closed", sa.Boolean, nullable=False),
    )
    op.create_table(
        "opportunities",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("scheme", sa.String(20), nullable=False),
        sa.Column("country", sa.String(2), nullable=False, index=True),
        sa.Column("min_age", sa.Integer),
        sa.Column("max_age", sa.Integer),
        sa.Column("education_level", sa.String(20)),
        sa.Column("education_rank", sa.Integer, nullable=False),
        sa.Column("languages", sa.String(100), nullable=False),
        sa.Column("opens_on", sa.Date),
        sa.Column("deadline", sa.Date),
        sa.Column("partner", sa.String(200)),
        sa.Column("link", sa.String(500)),
        sa.Column("withdrawn", sa.Boolean, nullable=False),
        sa.Column("search", sa.Text, nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("opportunities")
    op.drop_table("accompaniment_documents")
    op.drop_table("accompaniments")
