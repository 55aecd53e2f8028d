"""Measures summed in the database: the same values and disaggregations as `compute`, without
the facts behind them (the dashboard shows figures; the report's cells list their facts).

The units are grouped by every attribute a disaggregation can ask for (sex, age band at the
date of the unit, territory, office): a few rows come back, never one per fact. A distinct
measure first keeps each person's first unit in the period (by date, then fact, as
`compute` orders them)."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import (Connection, Date, String, and_, case, extract, func, literal, select,
                        true, tuple_)

from ..facts.domain import AGE_BANDS, UNKNOWN
from ..facts.tables import activities, attendance, presence_sums
from ..projections import people
from .compute import compute
from .units import (PRESENT, Scope, _activity_filters, _person_filters, activity_query,
                    attendance_query, session_query)

ATTENDANCE = {"distinct_people_reached": True, "participants_present": False,
              "share_of_women": True}
DIMENSIONS = ("sex", "age_band", "territory", "office")


def age_band_sql(birth_date, day):
    """facts.domain.age_band, in SQL: the age on `day`, its band, 'unknown' without one."""
    before = tuple_(extract("month", day), extract("day", day)) < tuple_(
        extract("month", birth_date), extract("day", birth_date))
    age = extract("year", day) - extract("year", birth_date) - case((before, 1), else_=0)
    return case((birth_date.is_(None), UNKNOWN), (age < 0, UNKNOWN),
                *((age <= limit, label) for limit, label in AGE_BANDS), else_=UNKNOWN)


def _attendance_groups(conn: Connection, scope: Scope, distinct: bool):
    marks = attendance_query(scope).subquery()
    fact = (literal("attendance:") + marks.c.session_id + literal(":")
            + marks.c.person_id).collate("C")
    units = select(marks.c.person_id, marks.c.date, marks.c.office, marks.c.sex,
                   marks.c.birth_date, marks.c.region)
    if distinct:   # each person's first unit: by date, then fact (as Python orders strings)
        units = units.distinct(marks.c.person_id).order_by(marks.c.person_id, marks.c.date,
                                                            fact)
    else:          # a unit per person and session (the half-days are one)
        units = units.distinct(marks.c.session_id, marks.c.person_id)
    units = units.subquery()
    return _grouped(conn, units, age_band_sql(units.c.birth_date, units.c.date),
                    units.c.sex, units.c.region, units.c.office, func.count(),
                    func.count().filter(units.c.sex == "female"))


def _first_units(conn: Connection, scope: Scope, by_office: bool = True):
    """Each person's first unit in the period, found through the (person, date) index: a
    probe per person (skipping from one person id to the next), not a pass over the marks.
    Not `by_office`, the first day is enough (the first fact of that day would only tell
    the office: the date and the person are the same)."""
    ids = select(func.min(attendance.c.person_id).label("id")).cte("ids", recursive=True)
    following = select(func.min(attendance.c.person_id)).where(
        attendance.c.person_id > ids.c.id).scalar_subquery()
    ids = ids.union_all(select(following).where(ids.c.id.is_not(None)))
    newer = attendance.alias("newer")
    newest = (select(func.max(newer.c.version))
              .where(newer.c.session_id == attendance.c.session_id,
                     newer.c.person_id == attendance.c.person_id,
                     newer.c.half_day == attendance.c.half_day,
                     newer.c.recorded_at <= scope.as_of).scalar_subquery())
    fact = (literal("attendance:") + attendance.c.session_id + literal(":")
            + attendance.c.person_id).collate("C")

    def counted(*columns):
        return (select(*columns)
                .join(activities, activities.c.activity_id == attendance.c.activity_id)
                .outerjoin(people, people.c.person_id == attendance.c.person_id)
                .where(attendance.c.person_id == ids.c.id,
                       attendance.c.date.between(scope.start, scope.end),
                       attendance.c.recorded_at <= scope.as_of,
                       attendance.c.status.in_(PRESENT), attendance.c.version == newest,
                       *_activity_filters(scope), *_person_filters(scope)))
    # The first day in index order (a scan stopping at the first mark counted), then the
    # first fact of that day: ordering by both at once would read every mark of the person.
    day = counted(attendance.c.date).order_by(attendance.c.date).limit(1).lateral("day")
    if not by_office:
        person = people.alias("person")
        units = (select(day.c.date, literal(None, String).label("office"), person.c.sex,
                        person.c.birth_date, person.c.region)
                 .select_from(ids.join(day, true())
                              .outerjoin(person, person.c.person_id == ids.c.id)).subquery())
        with _in_index_order(conn):
            return _grouped(conn, units, age_band_sql(units.c.birth_date, units.c.date),
                            units.c.sex, units.c.region, units.c.office, func.count(),
                            func.count().filter(units.c.sex == "female"))
    first = (counted(attendance.c.date, activities.c.office, people.c.sex,
                     people.c.birth_date, people.c.region)
             .where(attendance.c.date == day.c.date)
             .order_by(fact).limit(1).lateral("first"))
    units = select(first).select_from(ids.join(day, true()).join(first, true())).subquery()
    with _in_index_order(conn):
        return _grouped(conn, units, age_band_sql(units.c.birth_date, units.c.date),
                        units.c.sex, units.c.region, units.c.office, func.count(),
                        func.count().filter(units.c.sex == "female"))


@contextmanager
def _in_index_order(conn: Connection):
    """The planner, blind to how soon a probe finds a mark counted, would fetch all of a
    person's marks by bitmap and sort them (1.5 s instead of 50 ms over 200,000 marks),
    and its estimate calls for a JIT compilation longer than the query: both are turned
    off for the query, in a savepoint rolled back after it (which undoes the settings and
    nothing else: the query only reads)."""
    savepoint = conn.begin_nested()
    try:
        conn.exec_driver_sql("SET LOCAL enable_bitmapscan = off; SET LOCAL jit = off")
        yield
    finally:
        savepoint.rollback()


def _presence_sums(conn: Connection, scope: Scope):
    """The present units as known now, from the sums the projectors keep."""
    s = presence_sums.c
    conditions = [s.programme == scope.programme, s.date.between(scope.start, scope.end)]
    for name, column in (("kind", s.kind), ("office", s.office), ("territory", s.territory)):
        if scope.filters.get(name):
            conditions.append(column == scope.filters[name])
    query = (select(s.sex, s.age_band, s.territory, s.office,
                    func.sum(s.units).label("value"),
                    func.sum(s.units).filter(s.sex == "female").label("women"),
                    func.sum(s.units).label("units"))
             .where(*conditions).group_by(s.sex, s.age_band, s.territory, s.office))
    return [row._mapping for row in conn.execute(query)]


def _grouped(conn, units, band, sex, region, office, value, women):
    query = (select(sex.label("sex"), band.label("age_band"), region.label("territory"),
                    office.label("office"), value.label("value"), women.label("women"),
                    func.count().label("units"))
             .select_from(units).group_by(sex, band, region, office))
    return [row._mapping for row in conn.execute(query)]


def _activity_groups(conn: Connection, scope: Scope, measure: str):
    if measure == "activities_held":
        query, last = activity_query(scope)
        units = query.subquery()
        date, value = units.c.last, func.count()
    else:
        units = session_query(scope).subquery()
        date, value = units.c.date, func.sum(units.c.hours)
    none = literal(None, String)
    return _grouped(conn, units, age_band_sql(literal(None, Date), date),
                    none, none, units.c.office, value, literal(0))


def _value(measure: str, rows) -> float:
    if measure == "share_of_women":
        people = sum(r["units"] for r in rows)
        return round(100 * sum(r["women"] for r in rows) / people, 1) if people else 0.0
    return round(float(sum(r["value"] for r in rows)), 2)


def _figures(measure: str, rows, disaggregations) -> dict:
    result = {"value": _value(measure, rows), "facts": None, "disaggregations": {}}
    for dimension in disaggregations:
        cells: dict[str, list] = {}
        for row in rows:
            cells.setdefault(row[dimension] or UNKNOWN, []).append(row)
        result["disaggregations"][dimension] = {
            category: {"value": _value(measure, cell), "facts": None}
            for category, cell in sorted(cells.items())}
    return result


def summed(conn: Connection, measure: str, scope: Scope,
           disaggregations: tuple[str, ...] | list[str] = (), current: bool = False) -> dict:
    """`compute`'s figures with `facts` None. Measures over few rows (missions,
    accompaniments) and a filter on roles (a JSON list) are computed as `compute` does.
    `current`: the scope's moment is now, so the presence sums serve (they are as of now)."""
    if conn.dialect.name != "postgresql" or scope.filters.get("role") \
            or any(d not in DIMENSIONS for d in disaggregations):
        return _without_facts(compute(conn, measure, scope, disaggregations))
    if measure in ATTENDANCE and ATTENDANCE[measure]:
        rows = _first_units(conn, scope, "office" in disaggregations)
    elif measure in ATTENDANCE and current:
        rows = _presence_sums(conn, scope)
    elif measure in ATTENDANCE:
        rows = _attendance_groups(conn, scope, False)
    elif measure in ("activities_held", "training_hours_delivered"):
        rows = _activity_groups(conn, scope, measure)
    else:
        return _without_facts(compute(conn, measure, scope, disaggregations))
    return _figures(measure, rows, disaggregations)


def _without_facts(result: dict) -> dict:
    result["facts"] = None
    for cells in result["disaggregations"].values():
        for figure in cells.values():
            figure["facts"] = None
    return result
