"""Organisations, affiliations and interactions: their read tables.

Revision ID: 0003_organisations
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_organisations"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("siret", sa.String(14)),
        sa.Column("rna", sa.String(10)),
        sa.Column("ice", sa.String(15)),
        sa.Column("country", sa.String(2)),
        sa.Column("region", sa.String(200)),
        sa.Column("province", sa.String(200)),
        sa.Column("town", sa.String(200)),
        sa.Column("email", sa.String(200)),
        sa.Column("phone", sa.String(40)),
        sa.Column("website", sa.String(200)),
        sa.Column("approval_number", sa.String(200)),
        sa.Column("approval_start", sa.Date),
        sa.Column("approval_end", sa.Date),
        sa.Column("capacity", sa.Integer),
        sa.Column("programmes", sa.JSON, nullable=False),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("programmes_text", sa.Text, nullable=False),
        sa.Column("search", sa.Text, nullable=False),
        sa.Column("sort_name", sa.String(200), nullable=False),
        sa.Column("archived", sa.Boolean, nullable=False),
        sa.Column("archived_reason", sa.Text),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_organisations_sort_name", "organisations", ["sort_name"])
    op.create_table(
        "affiliations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("organisation_id", sa.String(36), nullable=False),
        sa.Column("person_id", sa.String(36), nullable=False),
        sa.Column("role", sa.String(100), nullable=False),
        sa.Column("start", sa.Date, nullable=False),
        sa.Column("end", sa.Date),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_affiliations_organisation_id", "affiliations", ["organisation_id"])
    op.create_index("ix_affiliations_person_id", "affiliations", ["person_id"])
    op.create_table(
        "interactions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("subject_type", sa.String(16), nullable=False),
        sa.Column("subject_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("author_id", sa.String(64)),
        sa.Column("summary", sa.String(500), nullable=False),
        sa.Column("notes", sa.Text),
        sa.Column("removed", sa.Boolean, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_interactions_subject", "interactions", ["subject_id", "date"])


def downgrade() -> None:
    # The events stay (the log is append-only); only the read tables go.
    op.drop_index("ix_interactions_subject", "interactions")
    op.drop_table("interactions")
    op.drop_index("ix_affiliations_person_id", "affiliations")
    op.drop_index("ix_affiliations_organisation_id", "affiliations")
    op.drop_table("affiliations")
    op.drop_index("ix_organisations_sort_name", "organisations")
    op.drop_table("organisations")
