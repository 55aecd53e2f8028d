"""Activities' events as facts: activities, sessions and attendance marks (no titles, no
reasons, no names)."""
from __future__ import annotations

from sqlalchemy import Connection, bindparam, insert, select, update

from shared.messaging.envelope import ReceivedEvent

from .domain import half_day_hours, hours_between, parse_date
from .tables import activities, attendance, sessions

import datetime as dt

KEPT = ("kind", "programme", "office")


def _set(conn: Connection, event: ReceivedEvent, **values) -> None:
    conn.execute(update(activities).where(activities.c.activity_id == event.stream_id)
                 .values(**values))


def planned(conn: Connection, event: ReceivedEvent) -> None:
    d = event.data
    conn.execute(insert(activities).values(
        activity_id=event.stream_id, kind=d.get("kind") or "", programme=d.get("programme"),
        office=d.get("office") or "", status="planned", recorded_at=event.time))


def corrected(conn: Connection, event: ReceivedEvent) -> None:
    changes = {k: event.data[k] for k in event.data.get("changed", ()) if k in KEPT}
    if changes:
        _set(conn, event, **changes)


def _status(status: str, stamp: str | None = None):
    def handler(conn: Connection, event: ReceivedEvent) -> None:
        _set(conn, event, status=status, **({stamp: event.time} if stamp else {}))
    return handler


def _scheduled_here(conn: Connection) -> dict:
    """The sessions scheduled in this transaction: (date, start, end) by id. An attendance
    sheet mostly follows its session within one batch and then needs no select. Tied to the
    transaction: a new one (after a commit or a rollback) starts afresh."""
    transaction = conn.get_transaction()
    held = conn.info.get("reporting.sessions")
    if held is None or held[0] is not transaction:
        held = conn.info["reporting.sessions"] = (transaction, {})
    return held[1]


def session_scheduled(conn: Connection, event: ReceivedEvent) -> None:
    d = event.data
    hours = hours_between(dt.time.fromisoformat(d["start"]), dt.time.fromisoformat(d["end"]))
    date = parse_date(d["date"])
    conn.execute(insert(sessions).values(
        session_id=d["session_id"], activity_id=event.stream_id, date=date,
        start=d["start"], end=d["end"], hours=hours, recorded_at=event.time))
    _scheduled_here(conn)[d["session_id"]] = (date, d["start"], d["end"])


_SESSION = select(sessions.c.date, sessions.c.start, sessions.c.end).where(
    sessions.c.session_id == bindparam("id"))


def attendance_recorded(conn: Connection, event: ReceivedEvent) -> None:
    session_id = event.data["session_id"]
    known = _scheduled_here(conn).get(session_id)
    date, start, end = known or conn.execute(_SESSION, {"id": session_id}).one()
    rows = [{"session_id": session_id, "person_id": m["person_id"],
             "half_day": m["half_day"], "version": event.version,
             "activity_id": event.stream_id, "date": date, "status": m["status"],
             "hours": half_day_hours(start, end, m["half_day"]), "recorded_at": event.time}
            for m in event.data.get("marks", ())]
    if rows:   # executemany: one compiled statement, the rows pipelined
        conn.execute(insert(attendance), rows)


def registration_transferred(conn: Connection, event: ReceivedEvent) -> None:
    """A merge in stakeholders: the absorbed record's marks are the survivor's."""
    conn.execute(update(attendance).where(attendance.c.activity_id == event.stream_id)
                 .where(attendance.c.person_id == event.data["from_person_id"])
                 .values(person_id=event.data["to_person_id"]))


HANDLERS = {
    "activity.planned": planned,
    "activity.corrected": corrected,
    "activity.registration_opened": _status("open"),
    "activity.held": _status("held", "held_at"),
    "activity.closed": _status("closed"),
    "activity.cancelled": _status("cancelled", "cancelled_at"),
    "activity.session_scheduled": session_scheduled,
    "activity.attendance_recorded": attendance_recorded,
    "activity.registration_transferred": registration_transferred,
}
