"""A record answers for the consents of the records merged into it: `consent_sources` keeps
what each record said last and what each merge brought; `people_consents` is the statement
that wins among them (services/stakeholders/consent/projections.py). Every existing row is
the record's own statement.

Revision ID: 0007_merged_consents
Revises: 0006_phone_e164
"""
from alembic import op
import sqlalchemy as sa

revision = "0007_merged_consents"
down_revision = "0006_phone_e164"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consent_sources",
        sa.Column("person_id", sa.String(36), primary_key=True),
        sa.Column("source", sa.String(36), primary_key=True),
        sa.Column("purpose", sa.String(40), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("since", sa.Date, nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("recorded_by", sa.String(64)),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.execute("INSERT INTO consent_sources (person_id, source, purpose, status, since, "
               "method, note, recorded_by, version, recorded_at) SELECT person_id, 'own', "
               "purpose, status, since, method, note, recorded_by, version, recorded_at "
               "FROM people_consents")


def downgrade() -> None:
    op.drop_table("consent_sources")
