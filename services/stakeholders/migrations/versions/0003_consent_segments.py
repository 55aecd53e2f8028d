"""Consent per purpose (people_consents) and saved segments (segments).

Both are read tables, moved in the append transaction by the projectors of
services/stakeholders/consent/projections.py and segments/projections.py.

Revision ID: 0003_consent_segments
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_consent_segments"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "people_consents",
        sa.Column("person_id", sa.String(36), primary_key=True),
        sa.Column("purpose", sa.String(40), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("since", sa.Date, nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("recorded_by", sa.String(64)),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_people_consents_purpose_status", "people_consents",
                    ["purpose", "status", "person_id"])
    op.create_table(
        "segments",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text),
        sa.Column("criteria", sa.JSON, nullable=False),
        sa.Column("purpose", sa.String(40)),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.Column("created_by", sa.String(64)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("export_count", sa.Integer, nullable=False),
        sa.Column("last_exported_at", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    op.drop_table("segments")
    op.drop_index("ix_people_consents_purpose_status", "people_consents")
    op.drop_table("people_consents")
