"""The present units summed (rep_presence_sums), kept in the projectors' transaction.

A unit is a person present (or late) at a session by the newest of its marks, as
measures/units.attendance_units counts them as of now. The sums are kept incrementally:
an event that may change some units (marks recorded at a session; an activity corrected or
its marks moved to another person; a person's sex, birth date or region changed) takes the
units it may change out of the sums before it applies and adds them back after, so its cost
does not grow with the marks of the day. A rebuild sums every unit once at the end.
PostgreSQL only (the dashboard falls back to the marks elsewhere).
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
# The units of the marks `where` selects, each worth `sign`: the newest mark per person and
# half-day (DISTINCT ON along the primary key read backwards: no sort), present or late.
_UNITS = """
SELECT DISTINCT m.session_id, m.person_id, m.activity_id, m.date, {sign} AS sign
FROM (SELECT DISTINCT ON (a.session_id, a.person_id, a.half_day)
             a.session_id, a.person_id, a.activity_id, a.date, a.status
      FROM rep_attendance a WHERE {where}
      ORDER BY a.session_id DESC, a.person_id DESC, a.half_day DESC, a.version DESC) m
WHERE m.status IN ('present', 'late')"""
_COLUMNS = "programme, office, kind, date, sex, age_band, territory, units"
_GROUPED = f"""
SELECT ac.programme, ac.office, ac.kind, u.date, coalesce(p.sex, '{UNKNOWN}'), {_BAND},
       p.region, sum(u.sign)
FROM ({{units}}) u
JOIN rep_activities ac ON ac.activity_id = u.activity_id
LEFT JOIN reporting_people p ON p.person_id = u.person_id
WHERE ac.programme IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7"""
# Added to the sums (the unique key of migration 0008); what comes to 0 is deleted after.
_ADD = f"""
INSERT INTO rep_presence_sums ({_COLUMNS}) {_GROUPED} HAVING sum(u.sign) <> 0
ON CONFLICT (programme, date, office, kind, sex, age_band, territory)
DO UPDATE SET units = rep_presence_sums.units + EXCLUDED.units
RETURNING programme, date, units"""
_EMPTIED = text("DELETE FROM rep_presence_sums WHERE units = 0 AND (programme, date) IN "
                "(SELECT * FROM unnest(CAST(:programmes AS text[]), CAST(:dates AS date[])))")

# Which marks' units an event may change: (event type, source) -> the marks selected
_SESSION, _ACTIVITY, _PERSON = ("a.session_id = :id", "a.activity_id = :id",
                                "a.person_id = :id")
PERSON_EVENTS = {"registered", "corrected", "absorbed", "absorption_undone"}
ACTIVITY_EVENTS = {"activity.corrected", "activity.registration_transferred"}


def _statement(where: str, sign: int) -> text:
    return text(_ADD.format(units=_UNITS.format(where=where, sign=sign)))


_RECORDED = text(_ADD.format(units=_UNITS.format(where=_SESSION, sign=1) + " UNION ALL "
                             + _UNITS.format(where=f"{_SESSION} AND a.version < :version",
                                             sign=-1)))
_TAKE_OUT = {where: _statement(where, -1) for where in (_ACTIVITY, _PERSON)}
_PUT_BACK = {where: _statement(where, 1) for where in (_ACTIVITY, _PERSON)}


def _marks(event: ReceivedEvent) -> str | None:
    """The marks whose units `event` may change, other than marks it records."""
    if event.source == "activities" and event.type in ACTIVITY_EVENTS:
        return _ACTIVITY
    if event.source == "stakeholders" and event.type.rsplit(".", 1)[-1] in PERSON_EVENTS:
        return _PERSON
    return None


def before(conn: Connection, event: ReceivedEvent) -> None:
    """Take out of the sums the units `event` may change (called before it applies)."""
    where = _marks(event) if conn.dialect.name == "postgresql" else None
    if where:
        _add(conn, _TAKE_OUT[where], {"id": event.stream_id})


def after(conn: Connection, event: ReceivedEvent) -> None:
    """Add the units `event` changed (called after it applied). Marks recorded at a session
    are the newest of its stream: the session's units now less those before them."""
    if conn.dialect.name != "postgresql":
        return
    if event.source == "activities" and event.type == "activity.attendance_recorded":
        _add(conn, _RECORDED, {"id": event.data.get("session_id"), "version": event.version})
    elif where := _marks(event):
        _add(conn, _PUT_BACK[where], {"id": event.stream_id})


def take_out_person(conn: Connection, person_id: str) -> None:
    """Take the person's units out of the sums (an erasure, before it moves their facts)."""
    if conn.dialect.name == "postgresql":
        _add(conn, _TAKE_OUT[_PERSON], {"id": person_id})


def put_back_person(conn: Connection, person_id: str) -> None:
    """Add the person's units back (an erasure, under the pseudonym it moved them to)."""
    if conn.dialect.name == "postgresql":
        _add(conn, _PUT_BACK[_PERSON], {"id": person_id})


def _add(conn: Connection, statement, params: dict) -> None:
    emptied = [(r.programme, r.date) for r in conn.execute(statement, params) if r.units == 0]
    if emptied:
        conn.execute(_EMPTIED, {"programmes": [k[0] for k in emptied],
                                "dates": [k[1] for k in emptied]})


def resum_all(conn: Connection) -> None:
    """Every unit summed afresh (after a rebuild, or a migration)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("DELETE FROM rep_presence_sums"))
        conn.execute(text(f"INSERT INTO rep_presence_sums ({_COLUMNS}) "
                          + _GROUPED.format(units=_UNITS.format(where="TRUE", sign=1))))
