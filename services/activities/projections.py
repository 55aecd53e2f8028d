"""This service's own read tables, updated in the append transaction: one row per activity
(for lists and filters) and one per registration (who is registered where, for the merge
policy and the person pages). Each is restated from the activity's folded stream."""
from __future__ import annotations

from typing import Sequence

from sqlalchemy import (Column, Connection, Date, DateTime, Integer, MetaData, String, Table,
                        Text, delete, insert, select)

from shared.eventstore import StoredEvent
from shared.eventstore.store import fold_stream

from .calendar.projections import project_sessions
from .consultants.projections import project_terms
from .domain import Activity, normalise, registry

metadata = MetaData()

activities = Table(
    "activities", metadata,
    Column("id", String(36), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("title", String(200), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("programme", String(40)),
    Column("office", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("capacity", Integer),
    Column("registered", Integer, nullable=False),
    Column("waitlisted", Integer, nullable=False),
    Column("first_date", Date),
    Column("last_date", Date),
    Column("search", Text, nullable=False),     # lowercase title and programme
    Column("planned_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

registrations = Table(
    "activity_registrations", metadata,
    Column("registration_id", String(36), primary_key=True),
    Column("activity_id", String(36), nullable=False, index=True),
    Column("person_id", String(36), nullable=False, index=True),
    Column("status", String(20), nullable=False),  # registered, waitlisted, cancelled
)


def fold(conn: Connection, activity_id: str) -> Activity:
    """The activity as its stream says, read in `conn`'s transaction."""
    return fold_stream(conn, registry, Activity, activity_id)


def project_activities(conn: Connection, stored_events: Sequence[StoredEvent]) -> None:
    changed = {s.stream_id: s for s in stored_events if s.stream_type == "activity"}
    for activity_id, last in changed.items():
        activity = fold(conn, activity_id)
        first = conn.execute(select(activities.c.planned_at)
                             .where(activities.c.id == activity_id)).scalar()
        conn.execute(delete(activities).where(activities.c.id == activity_id))
        conn.execute(insert(activities).values(
            id=activity_id, planned_at=first or last.recorded_at, updated_at=last.recorded_at,
            **row_of(activity)))
        conn.execute(delete(registrations).where(registrations.c.activity_id == activity_id))
        rows = [{"registration_id": r.id, "activity_id": activity_id, "person_id": r.person_id,
                 "status": r.status} for r in activity.registrations.values()]
        if rows:
            conn.execute(insert(registrations), rows)


def row_of(activity: Activity) -> dict:
    d = activity.details
    dates = sorted(s.date for s in activity.sessions.values())
    return {"version": activity.version, "title": d["title"], "kind": d["kind"],
            "programme": d.get("programme"), "office": d["office"], "status": activity.status,
            "capacity": d.get("capacity"), "registered": len(activity.registered()),
            "waitlisted": len(activity.waitlist()),
            "first_date": dates[0] if dates else None, "last_date": dates[-1] if dates else None,
            "search": normalise(" ".join(filter(None, (d["title"], d.get("programme")))))}


PROJECTORS = (project_activities, project_sessions, project_terms)
