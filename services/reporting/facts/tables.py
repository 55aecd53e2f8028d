"""The fact tables: what reporting keeps of the other services' events. No names, no contact
points, no free text about a person: ids, dates, hours, statuses and the attributes the
indicators need. Every row says when its fact was recorded at the source (`recorded_at`,
the event's time) so that a report "as of" a date leaves out what was recorded later."""
from __future__ import annotations

from sqlalchemy import (Boolean, Column, Date, DateTime, Float, Index, Integer, MetaData,
                        String, Table)

metadata = MetaData()
_ID = 64


def _recorded() -> Column:
    return Column("recorded_at", DateTime(timezone=True), nullable=False)


# The versions of each source stream applied: an event applies only if newer than every
# version its stream holds here. Insert-only (one statement per event, no row updated over
# and over within a transaction).
streams = Table(
    "rep_streams", metadata,
    Column("source", String(32), primary_key=True),
    Column("stream_id", String(_ID), primary_key=True),
    Column("version", Integer, primary_key=True),
)

activities = Table(
    "rep_activities", metadata,
    Column("activity_id", String(_ID), primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("programme", String(40), index=True),
    Column("office", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("held_at", DateTime(timezone=True)),       # when it was recorded as held
    Column("cancelled_at", DateTime(timezone=True)),
    _recorded(),
)

sessions = Table(
    "rep_sessions", metadata,
    Column("session_id", String(_ID), primary_key=True),
    Column("activity_id", String(_ID), nullable=False, index=True),
    Column("date", Date, nullable=False),
    Column("start", String(5), nullable=False),
    Column("end", String(5), nullable=False),
    Column("hours", Float, nullable=False),
    _recorded(),
)

# Every attendance mark as recorded (a correction is a newer row): "as of" takes, per
# person and half-day, the newest mark recorded by then.
attendance = Table(
    "rep_attendance", metadata,
    Column("session_id", String(_ID), primary_key=True),
    Column("person_id", String(_ID), primary_key=True),
    Column("half_day", String(10), primary_key=True),
    Column("version", Integer, primary_key=True),     # of the activity's stream
    Column("activity_id", String(_ID), nullable=False, index=True),
    Column("date", Date, nullable=False),
    Column("status", String(10), nullable=False),
    Column("hours", Float, nullable=False),
    _recorded(),
)

missions = Table(
    "rep_missions", metadata,
    Column("mission_id", String(_ID), primary_key=True),
    Column("volunteer_id", String(_ID), nullable=False, index=True),
    Column("host_id", String(_ID)),
    Column("direction", String(10)),
    Column("scheme", String(40)),
    Column("programme", String(40), index=True),
    Column("office", String(20)),
    Column("planned_start", Date),
    Column("planned_end", Date),
    Column("weekly_hours", Float),
    Column("status", String(20), nullable=False),
    Column("started_on", Date),
    Column("started_at", DateTime(timezone=True)),
    Column("ended_on", Date),                         # completed or interrupted
    Column("ended_at", DateTime(timezone=True)),
    Column("completed", Boolean, nullable=False),
    _recorded(),
)

follow_ups = Table(
    "rep_follow_ups", metadata,
    Column("follow_up_id", String(_ID), primary_key=True),
    Column("mission_id", String(_ID), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("date", Date, nullable=False),
    Column("wellbeing", Integer),
    _recorded(),
)

incidents = Table(
    "rep_incidents", metadata,
    Column("incident_id", String(_ID), primary_key=True),
    Column("mission_id", String(_ID), nullable=False, index=True),
    Column("kind", String(40)),
    Column("severity", String(10)),
    Column("reported_on", Date),
    Column("resolved_on", Date),
    _recorded(),
)

accompaniments = Table(
    "rep_accompaniments", metadata,
    Column("accompaniment_id", String(_ID), primary_key=True),
    Column("organisation_id", String(_ID)),
    Column("programme", String(40), index=True),
    Column("office", String(20)),
    Column("stage", String(20), nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("closed_on", Date),
    Column("selected", Boolean),
    Column("budget_requested", Float),
    Column("budget_granted", Float),
    _recorded(),
)

coachings = Table(
    "rep_coachings", metadata,
    Column("coaching_id", String(_ID), primary_key=True),
    Column("accompaniment_id", String(_ID), nullable=False, index=True),
    Column("date", Date, nullable=False),
    Column("hours", Float, nullable=False),
    Column("activity_id", String(_ID)),
    _recorded(),
)

# The present units (a person at a session) summed per programme, office, kind, date and the
# person's attributes as known now, kept by the projectors in the same transaction as the
# marks (facts/presence.py): the dashboard's participation figures without reading the marks.
presence_sums = Table(
    "rep_presence_sums", metadata,
    Column("programme", String(40), nullable=False),
    Column("office", String(20), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("date", Date, nullable=False),
    Column("sex", String(16), nullable=False),
    Column("age_band", String(10), nullable=False),
    Column("territory", String(128)),
    Column("units", Integer, nullable=False),
    # one row per key (the projectors add to it), served by programme and dates first
    Index("ux_rep_presence_sums_key", "programme", "date", "office", "kind", "sex",
          "age_band", "territory", unique=True, postgresql_nulls_not_distinct=True),
)

Index("ix_rep_attendance_person_date", attendance.c.person_id, attendance.c.date)
Index("ix_rep_attendance_date", attendance.c.date)

FACT_TABLES = (streams, activities, sessions, attendance, missions, follow_ups,
               incidents, accompaniments, coachings, presence_sums)
