"""activity_sessions: one row per session, for the month calendar (filled from the
sessions already scheduled).

Revision ID: 0005_calendar_sessions
Revises: 0004_sessions
"""
import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0005_calendar_sessions"
down_revision = "0004_sessions"
branch_labels = None
depends_on = None

events = sa.table("events", sa.column("stream_id", sa.String), sa.column("type", sa.String),
                  sa.column("data", sa.JSON), sa.column("position", sa.BigInteger))


def upgrade() -> None:
    table = op.create_table(
        "activity_sessions",
        sa.Column("session_id", sa.String(36), primary_key=True),
        sa.Column("activity_id", sa.String(36), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("start", sa.String(5), nullable=False),
        sa.Column("end", sa.String(5), nullable=False),
    )
    op.create_index("ix_activity_sessions_activity_id", "activity_sessions", ["activity_id"])
    op.create_index("ix_activity_sessions_date", "activity_sessions", ["date"])
    scheduled = op.get_bind().execute(
        sa.select(events.c.stream_id, events.c.data)
        .where(events.c.type == "activity.session_scheduled").order_by(events.c.position))
    rows = {data["session_id"]: {"session_id": data["session_id"], "activity_id": stream_id,
                                 "date": dt.date.fromisoformat(data["date"]),
                                 "start": data["start"], "end": data["end"]}
            for stream_id, data in scheduled}
    if rows:
        op.bulk_insert(table, list(rows.values()))


def downgrade() -> None:
    op.drop_table("activity_sessions")
