"""The table of dismissed duplicate suggestions, updated in the append transaction."""
from __future__ import annotations

from typing import Sequence

from sqlalchemy import Column, DateTime, MetaData, String, Table, Text, insert

from shared.eventstore import StoredEvent

from .domain import pair_registry

metadata = MetaData()

dismissals = Table(
    "duplicate_dismissals", metadata,
    Column("pair_id", String(36), primary_key=True),
    Column("person_a", String(36), nullable=False, index=True),
    Column("person_b", String(36), nullable=False, index=True),
    Column("reason", Text),
    Column("dismissed_by", String(64)),
    Column("dismissed_at", DateTime(timezone=True), nullable=False),
)


def project_dismissals(conn, stored_events: Sequence[StoredEvent]) -> None:
    for stored in stored_events:
        if stored.type != "duplicate_pair.dismissed":
            continue
        event = pair_registry.to_event(stored.type, stored.data)
        a, b = sorted(event.person_ids)
        conn.execute(insert(dismissals).values(
            pair_id=stored.stream_id, person_a=a, person_b=b, reason=event.reason,
            dismissed_by=(stored.metadata or {}).get("actor"), dismissed_at=stored.recorded_at))
