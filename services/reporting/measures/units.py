"""The facts each measure counts, read from the fact tables as they stood "as of" a moment:
a row recorded at the source after `as_of` is left out, an attendance mark corrected later
counts as it was then. Each unit says what it adds (`value`), what makes it distinct
(`key`), and the attributes a disaggregation needs (sex, birth date, territory, office, the
date of the fact for the age band)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Connection, and_, func, literal, or_, select

from ..facts.tables import (accompaniments, activities, attendance, missions, sessions)
from ..projections import people

PRESENT = ("present", "late")
DAYS_PER_MONTH = 30.4375


@dataclass(frozen=True)
class Scope:
    """What an indicator is computed over: a programme, a period, a moment, filters."""
    programme: str
    start: dt.date
    end: dt.date
    as_of: dt.datetime
    filters: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Unit:
    fact: str                 # "attendance:<session>:<person>", "session:<id>", ...
    date: dt.date
    value: float = 1.0
    key: str | None = None    # what a distinct measure counts once
    person_id: str | None = None
    sex: str | None = None
    birth_date: dt.date | None = None
    territory: str | None = None
    office: str | None = None


def _person_columns(scope: Scope):
    """The person's attributes; the roles (JSON, costly to decode) only to filter on them."""
    roles = people.c.roles if scope.filters.get("role") else literal(None).label("roles")
    return (people.c.sex, people.c.birth_date, people.c.region, roles)


def _person_filters(scope: Scope) -> list:
    territory = scope.filters.get("territory")
    return [people.c.region == territory] if territory else []


def _keeps_person(scope: Scope, row) -> bool:
    role = scope.filters.get("role")
    return not role or role in (row.roles or [])


def _activity_filters(scope: Scope):
    conditions = [activities.c.programme == scope.programme]
    if scope.filters.get("kind"):
        conditions.append(activities.c.kind == scope.filters["kind"])
    if scope.filters.get("office"):
        conditions.append(activities.c.office == scope.filters["office"])
    return conditions


def attendance_query(scope: Scope):
    """The marks counted (the newest as of, present or late), a row per half-day."""
    latest = (select(attendance.c.session_id, attendance.c.person_id, attendance.c.half_day,
                     func.max(attendance.c.version).label("version"))
              .where(attendance.c.recorded_at <= scope.as_of)
              .where(attendance.c.date.between(scope.start, scope.end))
              .group_by(attendance.c.session_id, attendance.c.person_id,
                        attendance.c.half_day).subquery())
    query = (select(attendance.c.session_id, attendance.c.person_id, attendance.c.date,
                    activities.c.office, *_person_columns(scope))
             .join(latest, and_(attendance.c.session_id == latest.c.session_id,
                                attendance.c.person_id == latest.c.person_id,
                                attendance.c.half_day == latest.c.half_day,
                                attendance.c.version == latest.c.version))
             .join(activities, activities.c.activity_id == attendance.c.activity_id)
             .outerjoin(people, people.c.person_id == attendance.c.person_id)
             .where(attendance.c.status.in_(PRESENT), *_activity_filters(scope),
                    *_person_filters(scope)))
    return query


def attendance_units(conn: Connection, scope: Scope) -> list[Unit]:
    """One unit per person present (or late) at a session, at least one half-day."""
    units = {}
    for row in conn.execute(attendance_query(scope)):
        if not _keeps_person(scope, row):
            continue
        fact = f"attendance:{row.session_id}:{row.person_id}"
        units[fact] = Unit(fact, row.date, 1.0, row.person_id, row.person_id, row.sex,
                           row.birth_date, row.region, row.office)
    return sorted(units.values(), key=lambda u: (u.date, u.fact))


def _held(scope: Scope):
    return and_(activities.c.held_at.is_not(None), activities.c.held_at <= scope.as_of,
                or_(activities.c.cancelled_at.is_(None), activities.c.cancelled_at > scope.as_of))


def activity_query(scope: Scope):
    """The activities held (as of), dated by their last session, within the period."""
    last = (select(sessions.c.activity_id, func.max(sessions.c.date).label("last"))
            .where(sessions.c.recorded_at <= scope.as_of)
            .group_by(sessions.c.activity_id).subquery())
    query = (select(activities.c.activity_id, activities.c.office, last.c.last)
             .join(last, last.c.activity_id == activities.c.activity_id)
             .where(_held(scope), *_activity_filters(scope),
                    last.c.last.between(scope.start, scope.end)))
    return query, last


def activity_units(conn: Connection, scope: Scope) -> list[Unit]:
    """One unit per activity held (as of), dated by its last session, within the period."""
    query, last = activity_query(scope)
    return [Unit(f"activity:{r.activity_id}", r.last, 1.0, office=r.office)
            for r in conn.execute(query.order_by(last.c.last, activities.c.activity_id))]


def session_query(scope: Scope):
    """The sessions of activities held, in the period."""
    return (select(sessions.c.session_id, sessions.c.date, sessions.c.hours,
                    activities.c.office)
             .join(activities, activities.c.activity_id == sessions.c.activity_id)
             .where(_held(scope), *_activity_filters(scope),
                    sessions.c.recorded_at <= scope.as_of,
                    sessions.c.date.between(scope.start, scope.end)))


def session_units(conn: Connection, scope: Scope) -> list[Unit]:
    """One unit per session of an activity held, worth its hours."""
    query = session_query(scope).order_by(sessions.c.date, sessions.c.session_id)
    return [Unit(f"session:{r.session_id}", r.date, r.hours, office=r.office)
            for r in conn.execute(query)]


def _missions(conn: Connection, scope: Scope):
    conditions = [missions.c.programme == scope.programme, missions.c.recorded_at <= scope.as_of]
    if scope.filters.get("office"):
        conditions.append(missions.c.office == scope.filters["office"])
    query = (select(missions, *_person_columns(scope))
             .outerjoin(people, people.c.person_id == missions.c.volunteer_id)
             .where(*conditions, *_person_filters(scope)).order_by(missions.c.mission_id))
    return [r for r in conn.execute(query) if _keeps_person(scope, r)]


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives the instants back without their zone; they were stored in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=dt.timezone.utc)
    return moment


def _span(row, scope: Scope) -> tuple[dt.date, dt.date] | None:
    """The days of the period a mission was under way, as known at `as_of`."""
    started_at, ended_at = _aware(row.started_at), _aware(row.ended_at)
    if started_at is None or started_at > scope.as_of or row.started_on is None:
        return None
    ended = row.ended_on if ended_at is not None and ended_at <= scope.as_of else None
    first = max(row.started_on, scope.start)
    last = min(ended or scope.end, scope.end, scope.as_of.date())
    return (first, last) if first <= last else None


def mission_units(conn: Connection, scope: Scope, months: bool = False) -> list[Unit]:
    """One unit per mission under way during the period (the volunteer counted once), or
    worth its months within the period (`months`)."""
    units = []
    for row in _missions(conn, scope):
        span = _span(row, scope)
        if span is None:
            continue
        value = ((span[1] - span[0]).days + 1) / DAYS_PER_MONTH if months else 1.0
        units.append(Unit(f"mission:{row.mission_id}", span[0], value, row.volunteer_id,
                          row.volunteer_id, row.sex, row.birth_date, row.region, row.office))
    return units


def completed_mission_units(conn: Connection, scope: Scope) -> list[Unit]:
    units = []
    for row in _missions(conn, scope):
        if row.completed and _aware(row.ended_at) <= scope.as_of \
                and scope.start <= row.ended_on <= scope.end:
            units.append(Unit(f"mission:{row.mission_id}", row.ended_on, 1.0, None,
                              row.volunteer_id, row.sex, row.birth_date, row.region,
                              row.office))
    return units


def accompaniment_units(conn: Connection, scope: Scope, by_organisation: bool = False
                        ) -> list[Unit]:
    """One unit per project followed during the period (opened by its end, not closed
    before its start); by organisation, each organisation once."""
    conditions = [accompaniments.c.programme == scope.programme,
                  accompaniments.c.recorded_at <= scope.as_of,
                  accompaniments.c.opened_on <= scope.end,
                  or_(accompaniments.c.closed_on.is_(None),
                      accompaniments.c.closed_on >= scope.start)]
    if scope.filters.get("office"):
        conditions.append(accompaniments.c.office == scope.filters["office"])
    if by_organisation:
        conditions.append(accompaniments.c.organisation_id.is_not(None))
    query = select(accompaniments).where(*conditions).order_by(
        accompaniments.c.opened_on, accompaniments.c.accompaniment_id)
    return [Unit(f"accompaniment:{r.accompaniment_id}", max(r.opened_on, scope.start), 1.0,
                 r.organisation_id if by_organisation else None, office=r.office)
            for r in conn.execute(query)]
