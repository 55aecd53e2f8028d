"""The `segments` read table, updated in the same transaction as the events are appended."""
from __future__ import annotations

from typing import Sequence

from sqlalchemy import (JSON, Boolean, Column, DateTime, Integer, MetaData, String, Table, Text,
                        insert, update)

from shared.eventstore import StoredEvent

from .domain import LIST_CRITERIA, SEGMENT_FIELDS

metadata = MetaData()

segments = Table(
    "segments", metadata,
    Column("id", String(36), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("name", String(200), nullable=False),
    Column("description", Text),
    Column("criteria", JSON, nullable=False),   # {roles: [...], programmes: [...], ...}
    Column("purpose", String(40)),
    Column("deleted", Boolean, nullable=False),
    Column("created_by", String(64)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("export_count", Integer, nullable=False),
    Column("last_exported_at", DateTime(timezone=True)),
)


def project_segments(conn, stored_events: Sequence[StoredEvent]) -> None:
    for stored in stored_events:
        if stored.stream_type != "segment":
            continue
        data = stored.data
        where = segments.c.id == stored.stream_id
        if stored.type == "segment.saved":
            conn.execute(insert(segments).values(
                id=stored.stream_id, version=stored.version, name=data["name"],
                description=data.get("description"), purpose=data.get("purpose"),
                criteria={name: list(data.get(name) or ()) for name in LIST_CRITERIA},
                deleted=False, created_by=(stored.metadata or {}).get("actor"),
                created_at=stored.recorded_at, updated_at=stored.recorded_at, export_count=0))
            continue
        values = {"version": stored.version}
        if stored.type == "segment.changed":
            values["updated_at"] = stored.recorded_at
            changed = [k for k in data.get("changed", ()) if k in SEGMENT_FIELDS]
            values.update({k: data.get(k) for k in changed if k not in LIST_CRITERIA})
            if any(k in LIST_CRITERIA for k in changed):
                current = conn.execute(segments.select().with_only_columns(segments.c.criteria)
                                       .where(where)).scalar_one()
                values["criteria"] = {**(current or {}), **{
                    k: list(data.get(k) or ()) for k in changed if k in LIST_CRITERIA}}
        elif stored.type == "segment.deleted":
            values.update(deleted=True, updated_at=stored.recorded_at)
        elif stored.type == "segment.exported":
            values.update(export_count=segments.c.export_count + 1,
                          last_exported_at=stored.recorded_at)
        conn.execute(update(segments).where(where).values(**values))
