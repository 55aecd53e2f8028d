"""A rebuild's replay of the facts, written a page at a time.

The tables were emptied and each feed is read in order, so the rows an activity's events make
(its row, its sessions, its marks, the stream versions) can be kept in memory and inserted
in a few multi-row statements per page; its status changes and corrections change the row
kept before it is written. Any other event first writes what is kept, then goes the usual
way (one statement at a time), so that every statement sees the rows before it."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, insert, select

from shared.messaging.envelope import ReceivedEvent

from .activities import HANDLERS, KEPT
from .domain import half_day_hours, hours_between, parse_date
from .tables import activities, attendance, sessions, streams

STATUSES = {"activity.registration_opened": ("open", None), "activity.held": ("held", "held_at"),
            "activity.closed": ("closed", None),
            "activity.cancelled": ("cancelled", "cancelled_at")}


class Replay:
    def __init__(self, apply_event):
        self.apply_event = apply_event        # the usual projection of one event
        self.held: dict[tuple[str, str], int] = {}
        self.versions: list[dict] = []
        self.activities: dict[str, dict] = {}
        self.sessions: list[dict] = []
        self.marks: list[dict] = []
        self.session_times: dict[str, tuple] = {}   # every session replayed: date, start, end

    def newer(self, conn: Connection, event: ReceivedEvent) -> bool:
        """`projections._newer`, in memory (the versions are written at `flush`)."""
        key = (event.source, event.stream_id)
        if key in self.held and self.held[key] >= event.version:
            return False
        self.held[key] = event.version
        self.versions.append({"source": event.source, "stream_id": event.stream_id,
                              "version": event.version})
        return True

    def apply(self, conn: Connection, event: ReceivedEvent) -> None:
        if event.source == "activities" and event.type not in HANDLERS:
            return                            # nothing reporting keeps (a registration)
        batched = _BATCHED.get(event.type) if event.source == "activities" else None
        if batched and self._kept(event) and self.newer(conn, event):
            batched(self, conn, event)
            return
        self.flush(conn)
        self.apply_event(conn, event, self.newer, sums=False)   # summed at the end

    def _kept(self, event: ReceivedEvent) -> bool:
        """Whether the event changes only what is kept (its activity's row is in memory)."""
        return event.type in _KEEPING or event.stream_id in self.activities

    def flush(self, conn: Connection) -> None:
        for table, rows in ((activities, list(self.activities.values())),
                            (sessions, self.sessions), (attendance, self.marks),
                            (streams, self.versions)):
            if rows:
                _insert(conn, table, rows)
        self.activities, self.sessions, self.marks, self.versions = {}, [], [], []

    # -- the activity's events, as facts/activities.py projects them ---------------------

    def planned(self, conn, event):
        d = event.data
        self.activities[event.stream_id] = {
            "activity_id": event.stream_id, "kind": d.get("kind") or "",
            "programme": d.get("programme"), "office": d.get("office") or "",
            "status": "planned", "held_at": None, "cancelled_at": None,
            "recorded_at": event.time}

    def corrected(self, conn, event):
        self.activities[event.stream_id].update(
            {k: event.data[k] for k in event.data.get("changed", ()) if k in KEPT})

    def status(self, conn, event):
        status, stamp = STATUSES[event.type]
        self.activities[event.stream_id]["status"] = status
        if stamp:
            self.activities[event.stream_id][stamp] = event.time

    def session_scheduled(self, conn, event):
        d = event.data
        hours = hours_between(dt.time.fromisoformat(d["start"]), dt.time.fromisoformat(d["end"]))
        row = {"session_id": d["session_id"], "activity_id": event.stream_id,
               "date": parse_date(d["date"]), "start": d["start"], "end": d["end"],
               "hours": hours, "recorded_at": event.time}
        self.sessions.append(row)
        self.session_times[row["session_id"]] = (row["date"], row["start"], row["end"])

    def attendance_recorded(self, conn, event):
        session_id = event.data["session_id"]
        if session_id not in self.session_times:   # a session the replay has not seen
            self.flush(conn)
            row = conn.execute(select(sessions.c.date, sessions.c.start, sessions.c.end)
                               .where(sessions.c.session_id == session_id)).one()
            self.session_times[session_id] = tuple(row)
        date, start, end = self.session_times[session_id]
        self.marks.extend(
            {"session_id": session_id, "person_id": m["person_id"], "half_day": m["half_day"],
             "version": event.version, "activity_id": event.stream_id, "date": date,
             "status": m["status"], "hours": half_day_hours(start, end, m["half_day"]),
             "recorded_at": event.time} for m in event.data.get("marks", ()))


def _insert(conn: Connection, table, rows: list[dict]) -> None:
    """Many rows in one statement: COPY on PostgreSQL (in the same transaction)."""
    if conn.dialect.name != "postgresql":
        conn.execute(insert(table), rows)
        return
    columns = [c.name for c in table.columns]
    names = ", ".join(f'"{c}"' for c in columns)
    cursor = conn.connection.dbapi_connection.cursor()
    with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row.get(c) for c in columns])


_BATCHED = {"activity.planned": Replay.planned, "activity.corrected": Replay.corrected,
            **{name: Replay.status for name in STATUSES},
            "activity.session_scheduled": Replay.session_scheduled,
            "activity.attendance_recorded": Replay.attendance_recorded}
# Events whose rows are new (kept whatever is in memory); the others change a kept row.
_KEEPING = {"activity.planned", "activity.session_scheduled", "activity.attendance_recorded"}
