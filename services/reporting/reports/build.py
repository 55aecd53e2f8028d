"""The funder report of a programme for a period, as of a moment: its indicators against
their targets with their disaggregations, its activities, its missions and accompaniments.
Plain data (JSON-ready): the page, the XLSX, the PDF and a submitted snapshot all show it."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, and_, func, or_, select

from ..facts.tables import accompaniments, activities, missions, sessions
from ..measures.compute import compute
from ..measures.units import Scope, attendance_units
from ..programmes.domain import target_for
from ..programmes.queries import get_programme
from ..queries import _aware  # SQLite gives the instants back without their zone


def parse_as_of(value, now: dt.datetime | None = None) -> dt.datetime:
    """'2026-03-31' is the end of that day (UTC); a datetime as given; nothing is now."""
    now = now or dt.datetime.now(dt.timezone.utc)
    if value in (None, ""):
        return now
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    text = str(value)
    if len(text) == 10:
        day = dt.date.fromisoformat(text)
        return dt.datetime.combine(day, dt.time.max, dt.timezone.utc)
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def indicator_rows(conn: Connection, programme: dict, start: dt.date, end: dt.date,
                   as_of: dt.datetime, office: str | None = None, figures=compute
                   ) -> list[dict]:
    """The indicator table; `figures` is `compute` (with the facts behind each cell) or
    `measures.sums.summed` (the values only, summed in the database)."""
    rows = []
    for indicator in programme["indicators"]:
        filters = dict(indicator["filters"])
        if office:
            filters["office"] = office
        figure = figures(conn, indicator["measure"],
                         Scope(programme["code"], start, end, as_of, filters),
                         indicator["disaggregations"])
        target = target_for(indicator["targets"], start, end)
        rows.append({"code": indicator["code"], "name": indicator["name"],
                     "measure": indicator["measure"], "baseline": indicator["baseline"],
                     "target": target, "value": figure["value"], "facts": figure["facts"],
                     "progress": round(100 * figure["value"] / target, 1) if target else None,
                     "disaggregations": figure["disaggregations"]})
    return rows


def activity_rows(conn: Connection, code: str, start: dt.date, end: dt.date,
                  as_of: dt.datetime, office: str | None = None) -> list[dict]:
    """Activities with a session in the period: dates, hours and attendance (as of)."""
    query = (select(activities.c.activity_id, activities.c.kind, activities.c.office,
                    activities.c.held_at, activities.c.cancelled_at,
                    func.min(sessions.c.date).label("first"),
                    func.max(sessions.c.date).label("last"),
                    func.count().label("sessions"), func.sum(sessions.c.hours).label("hours"))
             .join(sessions, sessions.c.activity_id == activities.c.activity_id)
             .where(activities.c.programme == code, activities.c.recorded_at <= as_of,
                    sessions.c.recorded_at <= as_of,
                    sessions.c.date.between(start, end),
                    *([activities.c.office == office] if office else []))
             .group_by(activities.c.activity_id, activities.c.kind, activities.c.office,
                       activities.c.held_at, activities.c.cancelled_at)
             .order_by("first", activities.c.activity_id))
    present = {}
    for unit in attendance_units(conn, Scope(code, start, end, as_of,
                                             {"office": office} if office else {})):
        present.setdefault(unit.fact.split(":")[1], set()).add(unit.person_id)
    rows = []
    for r in conn.execute(query):
        cancelled_at, held_at = _aware(r.cancelled_at), _aware(r.held_at)
        status = ("cancelled" if cancelled_at and cancelled_at <= as_of else
                  "held" if held_at and held_at <= as_of else "planned")
        ids = set(conn.execute(select(sessions.c.session_id)
                               .where(sessions.c.activity_id == r.activity_id)).scalars())
        people = set().union(*(present.get(s, set()) for s in ids))
        rows.append({"activity_id": r.activity_id, "kind": r.kind, "office": r.office,
                     "status": status, "first_date": r.first.isoformat(),
                     "last_date": r.last.isoformat(), "sessions": r.sessions,
                     "hours": round(r.hours or 0, 2), "participants": len(people)})
    return rows


def mission_summary(conn: Connection, code: str, start: dt.date, end: dt.date,
                    as_of: dt.datetime, office: str | None = None) -> dict:
    scope = Scope(code, start, end, as_of, {"office": office} if office else {})
    under_way = compute(conn, "volunteers_in_mission", scope)
    months = compute(conn, "volunteer_months", scope)
    completed = compute(conn, "missions_completed", scope)
    interrupted = conn.execute(select(func.count()).select_from(missions).where(
        missions.c.programme == code, missions.c.completed.is_(False),
        missions.c.ended_at <= as_of, missions.c.ended_on.between(start, end),
        *([missions.c.office == office] if office else []))).scalar()
    return {"volunteers_in_mission": under_way["value"], "volunteer_months": months["value"],
            "missions_completed": completed["value"], "missions_interrupted": interrupted}


def accompaniment_summary(conn: Connection, code: str, start: dt.date, end: dt.date,
                          as_of: dt.datetime, office: str | None = None) -> dict:
    query = (select(accompaniments.c.stage, func.count().label("n"))
             .where(accompaniments.c.programme == code, accompaniments.c.recorded_at <= as_of,
                    accompaniments.c.opened_on <= end,
                    or_(accompaniments.c.closed_on.is_(None),
                        accompaniments.c.closed_on >= start),
                    *([accompaniments.c.office == office] if office else []))
             .group_by(accompaniments.c.stage))
    stages = {stage: n for stage, n in conn.execute(query)}
    scope = Scope(code, start, end, as_of, {"office": office} if office else {})
    return {"by_stage": stages, "projects": sum(stages.values()),
            "organisations": compute(conn, "organisations_accompanied", scope)["value"]}


def funder_report(conn: Connection, code: str, start: dt.date, end: dt.date,
                  as_of: dt.datetime, office: str | None = None) -> dict:
    programme = get_programme(conn, code)
    return {
        "programme": {"code": code, "name": programme["name"],
                      "funder_id": programme["funder_id"],
                      "starts_on": programme["starts_on"].isoformat(),
                      "ends_on": programme["ends_on"].isoformat()},
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "as_of": as_of.isoformat(), "office": office,
        "indicators": indicator_rows(conn, programme, start, end, as_of, office),
        "activities": activity_rows(conn, code, start, end, as_of, office),
        "missions": mission_summary(conn, code, start, end, as_of, office),
        "accompaniments": accompaniment_summary(conn, code, start, end, as_of, office),
    }


def cells(report: dict) -> dict[tuple[str, str], dict]:
    """Every figure of the indicator table by (indicator, cell): "total" or
    "<dimension>:<category>"."""
    out = {}
    for row in report["indicators"]:
        out[(row["code"], "total")] = {"value": row["value"], "facts": row["facts"]}
        for dimension, categories in row["disaggregations"].items():
            for category, figure in categories.items():
                out[(row["code"], f"{dimension}:{category}")] = figure
    return out


def differences(before: dict, after: dict) -> list[dict]:
    """What changed in the indicator table since `before`, cell by cell, with the facts
    that came in and went out."""
    old, new = cells(before), cells(after)
    changes = []
    for key in sorted(set(old) | set(new)):
        a = old.get(key, {"value": 0, "facts": []})
        b = new.get(key, {"value": 0, "facts": []})
        if a["value"] != b["value"] or set(a["facts"]) != set(b["facts"]):
            changes.append({"indicator": key[0], "cell": key[1], "before": a["value"],
                            "after": b["value"],
                            "added": sorted(set(b["facts"]) - set(a["facts"])),
                            "removed": sorted(set(a["facts"]) - set(b["facts"]))})
    return changes
