"""The present units summed (rep_presence_sums), kept in the projectors' transaction.

A unit is a person present (or late) at a session by the newest of its marks, as
measures/units.attendance_units counts them as of now. The sums of a programme and a day are
summed again from the marks whenever an event may change them: marks recorded or moved to
another person, an activity corrected (its programme, office or kind), a person's attributes
(sex, birth date, region). PostgreSQL only (the dashboard falls back to the marks elsewhere).
"""
from __future__ import annotations

from sqlalchemy import Connection, text

from shared.messaging.envelope import ReceivedEvent

from .domain import AGE_BANDS, UNKNOWN

_AGE = ("(extract(year FROM u.date) - extract(year FROM p.birth_date) - CASE WHEN "
        "(extract(month FROM u.date), extract(day FROM u.date)) < "
        "(extract(month FROM p.birth_date), extract(day FROM p.birth_date)) THEN 1 ELSE 0 END)")
_BAND = (f"CASE WHEN p.birth_date IS NULL OR {_AGE} < 0 THEN '{UNKNOWN}' "
         + " ".join(f"WHEN {_AGE} <= {limit} THEN '{label}'" for limit, label in AGE_BANDS)
         + f" ELSE '{UNKNOWN}' END")
_SUM = f"""
INSERT INTO rep_presence_sums (programme, office, kind, date, sex, age_band, territory, units)
SELECT ac.programme, ac.office, ac.kind, u.date, coalesce(p.sex, '{UNKNOWN}'), {_BAND},
       p.region, count(*)
FROM (SELECT DISTINCT a.session_id, a.person_id, a.activity_id, a.date
      FROM rep_attendance a
      WHERE a.status IN ('present', 'late') {{marks}}
        AND a.version = (SELECT max(b.version) FROM rep_attendance b
                         WHERE b.session_id = a.session_id AND b.person_id = a.person_id
                           AND b.half_day = a.half_day)) u
JOIN rep_activities ac ON ac.activity_id = u.activity_id
LEFT JOIN reporting_people p ON p.person_id = u.person_id
WHERE ac.programme IS NOT NULL {{keys}}
GROUP BY 1, 2, 3, 4, 5, 6, 7"""
_KEYS = "(SELECT * FROM unnest(CAST(:programmes AS text[]), CAST(:dates AS date[])))"

_ACTIVITY_KEYS = text("SELECT DISTINCT ac.programme, s.date FROM rep_sessions s JOIN "
                      "rep_activities ac ON ac.activity_id = s.activity_id "
                      "WHERE s.activity_id = :id AND ac.programme IS NOT NULL")
_SESSION_KEYS = text("SELECT ac.programme, s.date FROM rep_sessions s JOIN rep_activities ac "
                     "ON ac.activity_id = s.activity_id WHERE s.session_id = :id "
                     "AND ac.programme IS NOT NULL")
_PERSON_KEYS = text("SELECT DISTINCT ac.programme, a.date FROM rep_attendance a JOIN "
                    "rep_activities ac ON ac.activity_id = a.activity_id "
                    "WHERE a.person_id = :id AND ac.programme IS NOT NULL")
PERSON_EVENTS = {"registered", "corrected", "absorbed", "absorption_undone"}
ACTIVITY_EVENTS = {"activity.corrected", "activity.registration_transferred"}


def resum(conn: Connection, keys: set[tuple]) -> None:
    """Sum again the units of these (programme, date)."""
    if not keys or conn.dialect.name != "postgresql":
        return
    params = {"programmes": [k[0] for k in keys], "dates": [k[1] for k in keys]}
    conn.execute(text(f"DELETE FROM rep_presence_sums WHERE (programme, date) IN {_KEYS}"),
                 params)
    conn.execute(text(_SUM.format(marks="AND a.date = ANY(CAST(:dates AS date[]))",
                                  keys=f"AND (ac.programme, u.date) IN {_KEYS}")), params)


def resum_all(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("DELETE FROM rep_presence_sums"))
        conn.execute(text(_SUM.format(marks="", keys="")))


def touched(conn: Connection, event: ReceivedEvent) -> set[tuple]:
    """The (programme, date) whose sums `event` may change, as the tables stand now (asked
    before and after the event is applied: a correction may move an activity)."""
    if conn.dialect.name != "postgresql":
        return set()
    if event.source == "activities" and event.type == "activity.attendance_recorded":
        query, key = _SESSION_KEYS, event.data.get("session_id")
    elif event.source == "activities" and event.type in ACTIVITY_EVENTS:
        query, key = _ACTIVITY_KEYS, event.stream_id
    elif event.source == "stakeholders" and event.type.rsplit(".", 1)[-1] in PERSON_EVENTS:
        query, key = _PERSON_KEYS, event.stream_id
    else:
        return set()
    return {tuple(row) for row in conn.execute(query, {"id": key})}
