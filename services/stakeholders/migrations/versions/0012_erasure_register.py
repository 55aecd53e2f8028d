"""The erasure register and each service's confirmation of an erasure (privacy desk).

Erasures recorded before this revision (if any) are filled in from the event store.

Revision ID: 0012_erasure_register
Revises: 0011_cheaper_people_indexes
"""
import sqlalchemy as sa
from alembic import op

from shared.eventstore.schema import events as events_table

revision = "0012_erasure_register"
down_revision = "0011_cheaper_people_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    erasures = op.create_table(
        "erasures",
        sa.Column("erasure_id", sa.String(36), primary_key=True),
        sa.Column("person_id", sa.String(36), nullable=False, unique=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(64)),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_index("ix_erasures_recorded_at", "erasures", ["recorded_at"])
    op.create_table(
        "erasure_confirmations",
        sa.Column("person_id", sa.String(36), primary_key=True),
        sa.Column("service", sa.String(32), primary_key=True),
        sa.Column("erasure_id", sa.String(36)),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
    )
    e = events_table.c
    rows = op.get_bind().execute(sa.select(e.id, e.stream_id, e.recorded_at, e.data, e.metadata)
                                 .where(e.type == "person.erased", e.stream_type == "person"))
    done = [{"erasure_id": r.id, "person_id": r.stream_id, "recorded_at": r.recorded_at,
             "actor": (r.metadata or {}).get("actor"), "reason": (r.data or {}).get("reason", "")}
            for r in rows]
    if done:
        op.bulk_insert(erasures, done)


def downgrade() -> None:
    op.drop_table("erasure_confirmations")
    op.drop_index("ix_erasures_recorded_at", table_name="erasures")
    op.drop_table("erasures")
