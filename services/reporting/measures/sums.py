"""Measures summed in the database: the same values and disaggregations as `compute`, without
the facts behind them (the dashboard shows figures; the report's cells list their facts).

The units are grouped by every attribute a disaggregation can ask for (sex, age band at the
date of the unit, territory, office): a few rows come back, never one per fact. A distinct
measure first keeps each person's first unit in the period (by date, then fact, as
`compute` orders them)."""
from __future__ import annotations

from sqlalchemy import Connection, Date, String, case, extract, func, literal, select, tuple_

from ..facts.domain import AGE_BANDS, UNKNOWN
from .compute import compute
from .units import Scope, activity_query, attendance_query, session_query

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
           disaggregations: tuple[str, ...] | list[str] = ()) -> dict:
    """`compute`'s figures with `facts` None. Measures over few rows (missions,
    accompaniments) and a filter on roles (a JSON list) are computed as `compute` does."""
    if conn.dialect.name != "postgresql" or scope.filters.get("role") \
            or any(d not in DIMENSIONS for d in disaggregations):
        return _without_facts(compute(conn, measure, scope, disaggregations))
    if measure in ATTENDANCE:
        rows = _attendance_groups(conn, scope, ATTENDANCE[measure])
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
