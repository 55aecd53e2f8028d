"""The dashboard of a programme: its indicators against targets, the activities done
against the action plan, the missions under way and their overdue follow-ups, and
participation per month."""
from __future__ import annotations

import datetime as dt
from functools import partial

from sqlalchemy import Connection, extract, func, select

from ..facts.tables import follow_ups, missions, presence_sums
from ..measures.sums import summed
from ..measures.units import Scope, activity_query
from ..facts.tables import activities
from ..programmes.projections import action_plan
from .build import indicator_rows

FOLLOW_UP_EVERY = dt.timedelta(days=31)  # a monthly meeting is due


def planned_against_done(conn: Connection, code: str, start: dt.date, end: dt.date,
                         as_of: dt.datetime, office: str | None) -> list[dict]:
    """Per year, quarter, office and kind: activities planned and activities held."""
    lines = conn.execute(select(action_plan).where(action_plan.c.programme == code,
                                                   *([action_plan.c.office == office]
                                                     if office else []))).all()
    rows: dict[tuple, dict] = {}
    for line in lines:
        first = dt.date(line.year, 3 * line.quarter - 2, 1)
        if first > end or dt.date(line.year, 3 * line.quarter, 28) < start:
            continue
        key = (line.year, line.quarter, line.office, line.kind)
        rows.setdefault(key, {"year": line.year, "quarter": line.quarter, "office": line.office,
                              "kind": line.kind, "planned": 0, "done": 0})["planned"] += line.number
    for year, quarter, unit_office, kind, done in conn.execute(_held_per_quarter(
            Scope(code, start, end, as_of, {"office": office} if office else {}))):
        key = (int(year), int(quarter), unit_office, kind)
        rows.setdefault(key, {"year": key[0], "quarter": key[1], "office": unit_office,
                              "kind": kind, "planned": 0, "done": 0})["done"] += done
    return [rows[k] for k in sorted(rows, key=lambda k: tuple(str(x) for x in k))]


def _held_per_quarter(scope: Scope):
    """The activities held (as `activity_units` counts them, dated by their last session)
    counted per year, quarter, office and kind in the database."""
    held = activity_query(scope)[0].add_columns(activities.c.kind).subquery()
    year, quarter = extract("year", held.c.last), extract("quarter", held.c.last)
    return (select(year, quarter, held.c.office, held.c.kind, func.count())
            .group_by(year, quarter, held.c.office, held.c.kind))


def missions_under_way(conn: Connection, code: str, today: dt.date,
                       office: str | None) -> dict:
    """Missions under way now, and those whose last follow-up is more than a month old."""
    last = (select(follow_ups.c.mission_id, func.max(follow_ups.c.date).label("last"))
            .group_by(follow_ups.c.mission_id).subquery())
    query = (select(missions.c.mission_id, missions.c.started_on, missions.c.office,
                    last.c.last)
             .outerjoin(last, last.c.mission_id == missions.c.mission_id)
             .where(missions.c.programme == code, missions.c.status == "under_way",
                    *([missions.c.office == office] if office else []))
             .order_by(missions.c.started_on))
    rows = conn.execute(query).all()
    overdue = [{"mission_id": r.mission_id, "office": r.office,
                "last_follow_up": (r.last or r.started_on).isoformat()}
               for r in rows if (r.last or r.started_on) + FOLLOW_UP_EVERY < today]
    return {"under_way": len(rows), "overdue": overdue}


def participation_per_month(conn: Connection, code: str, start: dt.date, end: dt.date,
                            office: str | None) -> list[tuple[str, float]]:
    """Participations (a person at a session) per month, as known now: the presence sums."""
    month = func.to_char(presence_sums.c.date, "YYYY-MM")
    query = (select(month, func.sum(presence_sums.c.units))
             .where(presence_sums.c.programme == code,
                    presence_sums.c.date.between(start, end),
                    *([presence_sums.c.office == office] if office else []))
             .group_by(month).order_by(month))
    return [(m, int(n)) for m, n in conn.execute(query)]


def dashboard(conn: Connection, programme: dict, start: dt.date, end: dt.date,
              office: str | None, now: dt.datetime) -> dict:
    code = programme["code"]
    return {"indicators": indicator_rows(conn, programme, start, end, now, office,
                                         partial(summed, current=True)),
            "plan": planned_against_done(conn, code, start, end, now, office),
            "missions": missions_under_way(conn, code, now.date(), office),
            "participation": participation_per_month(conn, code, start, end, office)}
