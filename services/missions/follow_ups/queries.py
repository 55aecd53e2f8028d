"""The read side of the follow-up: a mission's schedule, meetings and incidents (case
notes: for programme staff only), and the follow-ups due this week and overdue."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine, or_, select

from .. import queries
from ..domain import Mission
from ..projections import missions
from .domain import schedule


def meetings(mission: Mission) -> list:
    """The schedule of a mission that started (from its actual start to its planned end)."""
    if mission.started_on is None:
        return []
    return schedule(mission.started_on, mission.details["planned_end"],
                    mission.follow_ups.values())


def follow_up_of(mission: Mission, on: dt.date) -> dict[str, Any]:
    """The mission's follow-up as of `on`: schedule with each meeting's state, the meetings
    held with their notes, the incidents."""
    return {
        "on": on,
        "schedule": [{"kind": m.kind, "due_on": m.due_on, "done_on": m.done_on,
                      "state": m.state(on) if mission.status == "under_way" or m.done_on
                      else "not_due"} for m in meetings(mission)],
        "follow_ups": [{"id": f.id, "kind": f.kind, "date": f.date,
                        "participants": list(f.participants), "wellbeing": f.wellbeing,
                        "notes": f.notes, "issues": list(f.issues)}
                       for f in sorted(mission.follow_ups.values(), key=lambda f: f.date)],
        "incidents": [{"id": i.id, "kind": i.kind, "severity": i.severity,
                       "reported_on": i.reported_on, "description": i.description,
                       "resolved_on": i.resolved_on, "resolution": i.resolution,
                       "open": i.open}
                      for i in sorted(mission.incidents.values(), key=lambda i: i.reported_on)],
        "open_serious_incidents": len(mission.open_serious_incidents()),
    }


def mission_follow_up(engine: Engine, store, mission_id: str, on: dt.date) -> dict[str, Any]:
    mission, _ = queries.load(store, mission_id)
    return {"id": mission.id, "version": mission.version, "status": mission.status,
            **follow_up_of(mission, on)}


def due(engine: Engine, store, *, on: dt.date, referent: str | None = None) -> dict[str, Any]:
    """The meetings due in `on`'s week (Monday to Sunday) and those overdue, of the missions
    under way (of one referent, if given), and the open serious incidents."""
    m = missions.c
    conditions = [or_(m.status == "under_way", m.open_serious_incidents > 0)]
    if referent:
        conditions.append(m.referent == referent)
    with engine.connect() as conn:
        ids = conn.execute(select(m.id).where(*conditions).order_by(m.id)).scalars().all()
    meetings_due, incidents = [], []
    for mission_id in ids:
        mission, _ = queries.load(store, mission_id)
        head = {"mission_id": mission.id, "volunteer_id": mission.details["volunteer_id"],
                "host_id": mission.details["host_id"], "referent": mission.details["referent"]}
        if mission.status == "under_way":
            for meeting in meetings(mission):
                state = meeting.state(on)
                if state in ("overdue", "due_this_week"):
                    meetings_due.append({**head, "kind": meeting.kind, "due_on": meeting.due_on,
                                         "state": state, "days_late": max(
                                             (on - meeting.due_on).days, 0)})
        for incident in mission.open_serious_incidents():
            incidents.append({**head, "incident_id": incident.id, "kind": incident.kind,
                              "reported_on": incident.reported_on})
    everyone = meetings_due + incidents
    persons = queries.people_by_id(engine, [i["volunteer_id"] for i in everyone])
    hosts = queries.organisation_names(engine, [i["host_id"] for i in everyone])
    for item in everyone:
        item["volunteer_name"] = (persons.get(item["volunteer_id"]) or {}).get("name") or "—"
        item["host_name"] = hosts.get(item["host_id"]) or "—"
    monday = on - dt.timedelta(days=on.weekday())
    meetings_due.sort(key=lambda i: (i["due_on"], i["volunteer_name"]))
    return {"on": on, "week_start": monday, "week_end": monday + dt.timedelta(days=6),
            "referent": referent,
            "overdue": [i for i in meetings_due if i["state"] == "overdue"],
            "due_this_week": [i for i in meetings_due if i["state"] == "due_this_week"],
            "serious_incidents": sorted(incidents, key=lambda i: i["reported_on"])}
