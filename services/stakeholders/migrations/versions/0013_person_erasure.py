"""Erasure (GDPR art. 17, law 09-08): the people read table says who was erased and when
(their row stays, scrubbed, so that the facts kept under their id still count).

Revision ID: 0013_person_erasure
Revises: 0011_cheaper_people_indexes
"""
import sqlalchemy as sa
from alembic import op

revision = "0013_person_erasure"
down_revision = "0012_erasure_register"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("erased", sa.Boolean, nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("erased_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("erased_at")
        batch.drop_column("erased")
