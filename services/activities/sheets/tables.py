"""Where the scans' bytes are kept: a table of the activities database, written in the
transaction that appends the event announcing the scan (so neither exists without the
other). Not a projection: the bytes are in no event, this table cannot be rebuilt."""
from __future__ import annotations

from typing import Callable, Sequence

from sqlalchemy import (Column, Connection, DateTime, Integer, LargeBinary, MetaData, String,
                        Table, insert)

from shared.eventstore import StoredEvent

from .domain import SignInSheetUploaded, registry

metadata = MetaData()

signed_sheets = Table(
    "activities_signed_sheets", metadata,
    Column("file_id", String(36), primary_key=True),
    Column("activity_id", String(36), nullable=False, index=True),
    Column("session_id", String(36), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("content_type", String(40), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("uploaded_at", DateTime(timezone=True), nullable=False),
    Column("uploaded_by", String(200)),
    Column("content", LargeBinary, nullable=False),
)


def keeping(file_id: str, content: bytes) -> Callable[[Connection, Sequence[StoredEvent]], None]:
    """A projector for one append: the row of the scan its event announces, bytes included."""
    def keep(conn: Connection, stored_events: Sequence[StoredEvent]) -> None:
        for stored in stored_events:
            if stored.type != SignInSheetUploaded.type:
                continue
            event = registry.event_of(stored)
            if event.file_id == file_id:
                conn.execute(insert(signed_sheets).values(
                    file_id=file_id, activity_id=event.activity_id,
                    session_id=stored.stream_id, name=event.name,
                    content_type=event.content_type, size=event.size, sha256=event.sha256,
                    uploaded_at=stored.recorded_at, uploaded_by=stored.metadata.get("actor"),
                    content=content))
    return keep
