"""One row per session (its day and hours), for the calendar; the activity's title, kind,
office, programme and status come from the activities table beside it."""
from __future__ import annotations

import datetime as dt
from typing import Sequence

from sqlalchemy import Column, Connection, Date, MetaData, String, Table, delete, insert

from shared.eventstore import StoredEvent

metadata = MetaData()

sessions = Table(
    "activity_sessions", metadata,
    Column("session_id", String(36), primary_key=True),
    Column("activity_id", String(36), nullable=False, index=True),
    Column("date", Date, nullable=False, index=True),
    Column("start", String(5), nullable=False),
    Column("end", String(5), nullable=False),
)


def project_sessions(conn: Connection, stored_events: Sequence[StoredEvent]) -> None:
    rows = [row_of(s.stream_id, s.data) for s in stored_events
            if s.type == "activity.session_scheduled"]
    for row in rows:  # restated: a replayed event changes nothing
        conn.execute(delete(sessions).where(sessions.c.session_id == row["session_id"]))
    if rows:
        conn.execute(insert(sessions), rows)


def row_of(activity_id: str, data: dict) -> dict:
    day = data["date"]
    return {"session_id": data["session_id"], "activity_id": activity_id,
            "date": day if isinstance(day, dt.date) else dt.date.fromisoformat(day),
            "start": data["start"], "end": data["end"]}
