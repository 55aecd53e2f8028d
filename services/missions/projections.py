"""This service's own read tables, updated in the append transaction: one row per mission
(for lists, filters, the rules about overlapping missions and the host's places, and the
merge policy), restated from the mission's folded stream."""
from __future__ import annotations

from typing import Sequence

from sqlalchemy import (Column, Connection, Date, DateTime, Integer, MetaData, String, Table,
                        delete, insert, select)

from shared.eventstore import StoredEvent
from shared.eventstore.store import fold_stream

from .domain import Mission, registry

metadata = MetaData()

missions = Table(
    "missions", metadata,
    Column("id", String(36), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("volunteer_id", String(36), nullable=False, index=True),
    Column("host_id", String(36), nullable=False, index=True),
    Column("direction", String(10), nullable=False),
    Column("scheme", String(40), nullable=False),
    Column("programme", String(40)),
    Column("office", String(20), nullable=False),
    Column("referent", String(200)),
    Column("status", String(20), nullable=False),
    Column("planned_start", Date, nullable=False),
    Column("planned_end", Date, nullable=False),
    Column("started_on", Date),
    Column("ended_on", Date),
    Column("period_start", Date, nullable=False),  # the days the mission takes
    Column("period_end", Date, nullable=False),
    Column("open_serious_incidents", Integer, nullable=False),
    Column("drafted_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


def fold(conn: Connection, mission_id: str) -> Mission:
    """The mission as its stream says, read in `conn`'s transaction."""
    return fold_stream(conn, registry, Mission, mission_id)


def project_missions(conn: Connection, stored_events: Sequence[StoredEvent]) -> None:
    changed = {s.stream_id: s for s in stored_events if s.stream_type == "mission"}
    for mission_id, last in changed.items():
        mission = fold(conn, mission_id)
        first = conn.execute(select(missions.c.drafted_at)
                             .where(missions.c.id == mission_id)).scalar()
        conn.execute(delete(missions).where(missions.c.id == mission_id))
        conn.execute(insert(missions).values(
            id=mission_id, drafted_at=first or last.recorded_at, updated_at=last.recorded_at,
            **row_of(mission)))


def row_of(mission: Mission) -> dict:
    d = mission.details
    start, end = mission.period
    return {"version": mission.version, "volunteer_id": d["volunteer_id"],
            "host_id": d["host_id"], "direction": d["direction"], "scheme": d["scheme"],
            "programme": d.get("programme"), "office": d["office"],
            "referent": d.get("referent"), "status": mission.status,
            "planned_start": d["planned_start"], "planned_end": d["planned_end"],
            "started_on": mission.started_on, "ended_on": mission.ended_on,
            "period_start": start, "period_end": end,
            "open_serious_incidents": len(mission.open_serious_incidents())}


PROJECTORS = (project_missions,)
