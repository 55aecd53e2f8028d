"""Activities, their registrations, and the replica of people and organisations.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activities",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("programme", sa.String(40)),
        sa.Column("office", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("capacity", sa.Integer),
        sa.Column("registered", sa.Integer, nullable=False),
        sa.Column("waitlisted", sa.Integer, nullable=False),
        sa.Column("first_date", sa.Date),
        sa.Column("last_date", sa.Date),
        sa.Column("search", sa.Text, nullable=False),
        sa.Column("planned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_activities_first_date", "activities", ["first_date"])
    op.create_table(
        "activity_registrations",
        sa.Column("registration_id", sa.String(36), primary_key=True),
        sa.Column("activity_id", sa.String(36), nullable=False),
        sa.Column("person_id", sa.String(36), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
    )
    op.create_index("ix_activity_registrations_activity_id", "activity_registrations",
                    ["activity_id"])
    op.create_index("ix_activity_registrations_person_id", "activity_registrations",
                    ["person_id"])
    op.create_table(
        "activities_people",
        sa.Column("person_id", sa.String(36), primary_key=True),
        sa.Column("given_name", sa.String(200), nullable=False),
        sa.Column("family_name", sa.String(200), nullable=False),
        sa.Column("search", sa.Text, nullable=False),
        sa.Column("archived", sa.Boolean, nullable=False),
        sa.Column("merged_into", sa.String(36)),
    )
    op.create_table(
        "activities_organisations",
        sa.Column("organisation_id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("archived", sa.Boolean, nullable=False),
    )
    op.create_table(
        "activities_affiliations",
        sa.Column("affiliation_id", sa.String(36), primary_key=True),
        sa.Column("organisation_id", sa.String(36), nullable=False),
        sa.Column("person_id", sa.String(36), nullable=False),
        sa.Column("ended", sa.Boolean, nullable=False),
    )
    op.create_index("ix_activities_affiliations_person_id", "activities_affiliations",
                    ["person_id"])


def downgrade() -> None:
    for table in ("activities_affiliations", "activities_organisations", "activities_people",
                  "activity_registrations", "activities"):
        op.drop_table(table)
