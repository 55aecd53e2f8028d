"""delivery_attempts: the consumer's durable count of unsettled tries of an event.

Revision ID: 0003
Revises: 0002
"""
from alembic import op

from shared.eventstore.schema import delivery_attempts

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # 0001 creates the shared tables as they are now: a fresh database has it already.
    delivery_attempts.create(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    pass  # 0001's downgrade drops the shared tables, this one with them
