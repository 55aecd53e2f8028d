"""Measures: an indicator's value, and its disaggregations, from the units it counts.

A distinct measure (people reached, volunteers, organisations) counts each key once, with
the attributes of its first fact in the period (so a person whose age band changes inside
the period is in the band of the day they were first reached); a measure that adds
(participations, hours, months, activities) puts every unit in the band of its own date.
Every figure carries the facts it counts, for the lists the cells link to."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy import Connection

from ..facts.domain import UNKNOWN, age_band
from . import units as u
from .units import Scope, Unit

# measure -> (how its units are read, whether it counts distinct keys)
MEASURES: dict[str, tuple[Callable[[Connection, Scope], list[Unit]], bool]] = {
    "distinct_people_reached": (u.attendance_units, True),
    "participants_present": (u.attendance_units, False),
    "activities_held": (u.activity_units, False),
    "training_hours_delivered": (u.session_units, False),
    "volunteers_in_mission": (u.mission_units, True),
    "volunteer_months": (lambda conn, scope: u.mission_units(conn, scope, months=True), False),
    "missions_completed": (u.completed_mission_units, False),
    "projects_accompanied": (u.accompaniment_units, False),
    "organisations_accompanied": (
        lambda conn, scope: u.accompaniment_units(conn, scope, by_organisation=True), True),
    "share_of_women": (u.attendance_units, True),
}


@dataclass
class Figure:
    value: float
    facts: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"value": self.value, "facts": self.facts}


def dimension_of(unit: Unit, dimension: str) -> str:
    if dimension == "sex":
        return unit.sex or UNKNOWN
    if dimension == "age_band":
        return age_band(unit.birth_date, unit.date)
    if dimension == "territory":
        return unit.territory or UNKNOWN
    if dimension == "office":
        return unit.office or UNKNOWN
    raise ValueError(dimension)


def _groups(units: list[Unit], distinct: bool) -> list[tuple[Unit, list[Unit]]]:
    """(representative, units) per key: its first unit by date; each unit alone otherwise."""
    if not distinct:
        return [(unit, [unit]) for unit in units]
    keyed: dict[str, list[Unit]] = {}
    for unit in sorted(units, key=lambda x: (x.date, x.fact)):
        if unit.key is not None:
            keyed.setdefault(unit.key, []).append(unit)
    return [(group[0], group) for group in keyed.values()]


def _figure(measure: str, groups: list[tuple[Unit, list[Unit]]]) -> Figure:
    facts = sorted(unit.fact for _, group in groups for unit in group)
    if measure == "share_of_women":
        women = sum(1 for first, _ in groups if first.sex == "female")
        value = round(100 * women / len(groups), 1) if groups else 0.0
    elif measure in ("distinct_people_reached", "volunteers_in_mission",
                     "organisations_accompanied"):
        value = float(len(groups))
    else:
        value = round(sum(unit.value for _, group in groups for unit in group), 2)
    return Figure(value, facts)


def compute(conn: Connection, measure: str, scope: Scope,
            disaggregations: tuple[str, ...] | list[str] = ()) -> dict:
    """{"value", "facts", "disaggregations": {dimension: {category: {value, facts}}}}."""
    read, distinct = MEASURES[measure]
    groups = _groups(read(conn, scope), distinct)
    result = _figure(measure, groups).as_dict()
    result["disaggregations"] = {}
    for dimension in disaggregations:
        cells: dict[str, list] = {}
        for first, group in groups:
            cells.setdefault(dimension_of(first, dimension), []).append((first, group))
        result["disaggregations"][dimension] = {
            category: _figure(measure, cell).as_dict() for category, cell in sorted(cells.items())}
    return result
