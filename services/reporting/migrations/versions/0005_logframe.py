"""Programmes and their logframe (indicators, action plan, submitted reports), the fact
tables projected from activities' and missions' events, and people's birth dates (age
bands at the date of each fact).

Revision ID: 0005_logframe
Revises: 0004_sessions
"""
import sqlalchemy as sa
from alembic import op

from services.reporting.facts.tables import metadata as facts
from services.reporting.programmes.projections import metadata as programmes

revision = "0005_logframe"
down_revision = "0004_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("reporting_people", sa.Column("birth_date", sa.Date))
    # The tables as this revision defines them (created, not altered: they are new here).
    facts.create_all(op.get_bind())
    programmes.create_all(op.get_bind())


def downgrade() -> None:
    programmes.drop_all(op.get_bind())
    facts.drop_all(op.get_bind())
    op.drop_column("reporting_people", "birth_date")
