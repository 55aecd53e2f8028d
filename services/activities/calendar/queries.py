"""A month of sessions, filtered like the list, laid out in weeks (Monday first)."""
from __future__ import annotations

import calendar as _calendar
import datetime as dt
from typing import Any

from sqlalchemy import Engine, select

from ..projections import activities
from .projections import sessions


def this_month(today: dt.date | None = None) -> dt.date:
    return (today or dt.date.today()).replace(day=1)


def shift(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_sessions(engine: Engine, month: dt.date, *, programme: str | None = None,
                   kind: str | None = None, office: str | None = None,
                   status: str | None = None) -> list[dict[str, Any]]:
    a, s = activities.c, sessions.c
    query = (select(s.session_id, s.activity_id, s.date, s.start, s.end, a.title, a.kind,
                    a.office, a.programme, a.status)
             .join(activities, a.id == s.activity_id)
             .where(s.date >= month, s.date < shift(month, 1))
             .order_by(s.date, s.start, a.title, s.session_id))
    for column, value in ((a.programme, programme), (a.kind, kind), (a.office, office),
                          (a.status, status)):
        if value:
            query = query.where(column == value)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def month(engine: Engine, month: dt.date | None = None, **filters) -> dict[str, Any]:
    month = month or this_month()
    return {"month": month.strftime("%Y-%m"), "first": month,
            "previous": shift(month, -1).strftime("%Y-%m"),
            "next": shift(month, 1).strftime("%Y-%m"),
            "sessions": month_sessions(engine, month, **filters)}


def weeks(month: dt.date, found: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The month's weeks, Monday to Sunday, each day with its sessions (days of the
    neighbouring months are there, marked, to fill the first and last weeks)."""
    by_day: dict[dt.date, list] = {}
    for session in found:
        by_day.setdefault(session["date"], []).append(session)
    grid = _calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    return [[{"date": day, "in_month": day.month == month.month,
              "sessions": by_day.get(day, [])} for day in week] for week in grid]
