"""reporting_people.version: the stream version of the last event each row took; and
delivery_attempts, the consumer's durable count of unsettled tries.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

from shared.eventstore.schema import delivery_attempts

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("reporting_people", sa.Column("version", sa.Integer, nullable=False,
                                                server_default="0"))
    # 0001 creates the shared tables as they are now: a fresh database has it already.
    delivery_attempts.create(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    op.drop_column("reporting_people", "version")
