"""Missions and the replica of people and organisations (with the hosts' approvals).

Revision ID: 0004_missions
Revises: 0003_sessions
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_missions"
down_revision = "0003_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "missions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("volunteer_id", sa.String(36), nullable=False),
        sa.Column("host_id", sa.String(36), nullable=False),
        sa.Column("direction", sa.String(10), nullable=False),
        sa.Column("scheme", sa.String(40), nullable=False),
        sa.Column("programme", sa.String(40)),
        sa.Column("office", sa.String(20), nullable=False),
        sa.Column("referent", sa.String(200)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("planned_start", sa.Date, nullable=False),
        sa.Column("planned_end", sa.Date, nullable=False),
        sa.Column("started_on", sa.Date),
        sa.Column("ended_on", sa.Date),
        sa.Column("period_start", sa.Date, nullable=False),
        sa.Column("period_end", sa.Date, nullable=False),
        sa.Column("open_serious_incidents", sa.Integer, nullable=False),
        sa.Column("drafted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_missions_volunteer_id", "missions", ["volunteer_id"])
    op.create_index("ix_missions_host_id", "missions", ["host_id"])
    op.create_table(
        "missions_people",
        sa.Column("person_id", sa.String(36), primary_key=True),
        sa.Column("given_name", sa.String(200), nullable=False),
        sa.Column("family_name", sa.String(200), nullable=False),
        sa.Column("search", sa.Text, nullable=False),
        sa.Column("archived", sa.Boolean, nullable=False),
        sa.Column("merged_into", sa.String(36)),
    )
    op.create_table(
        "missions_organisations",
        sa.Column("organisation_id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(40)),
        sa.Column("search", sa.Text, nullable=False),
        sa.Column("archived", sa.Boolean, nullable=False),
        sa.Column("approval_number", sa.String(200)),
        sa.Column("approval_start", sa.Date),
        sa.Column("approval_end", sa.Date),
        sa.Column("capacity", sa.Integer),
    )


def downgrade() -> None:
    for table in ("missions_organisations", "missions_people", "missions"):
        op.drop_table(table)
