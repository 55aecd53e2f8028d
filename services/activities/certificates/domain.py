"""What an attendance certificate states: the half-days a person attended and their hours,
as the activity's attendance counts them (present or late count the half-day's hours; see
Session.hours_of). Pure Python."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..domain import Activity

ATTENDED = ("present", "late")


@dataclass(frozen=True)
class AttendedSession:
    date: dt.date
    start: str
    end: str
    half_days: tuple[str, ...]   # those attended, in the day's order
    hours: float


def attended_sessions(activity: Activity, person_id: str) -> list[AttendedSession]:
    """The sessions the person attended (at least one half-day), by date."""
    found = []
    for session in sorted(activity.sessions.values(), key=lambda s: (s.date, s.start)):
        marks = activity.attendance.get(session.id, {})
        half_days = tuple(h for h in session.half_days
                          if marks.get((person_id, h)) in ATTENDED)
        if half_days:
            found.append(AttendedSession(session.date, session.start.strftime("%H:%M"),
                                         session.end.strftime("%H:%M"), half_days,
                                         round(sum(session.hours_of(h) for h in half_days), 2)))
    return found


def participants(activity: Activity) -> list[str]:
    """Who may be given a certificate: the people registered (in order) who attended at
    least one half-day."""
    return [r.person_id for r in sorted(activity.registrations.values(), key=lambda r: r.order)
            if activity.hours_attended(r.person_id) > 0]
