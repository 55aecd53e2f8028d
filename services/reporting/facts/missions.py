"""Missions' events as facts (contract: /missions events), without notes or reasons."""
from __future__ import annotations

from sqlalchemy import Connection, insert, update

from shared.messaging.envelope import ReceivedEvent

from .domain import parse_date
from .tables import accompaniments, coachings, follow_ups, incidents, missions

MISSION_FIELDS = ("volunteer_id", "host_id", "direction", "scheme", "programme", "office",
                  "planned_start", "planned_end", "weekly_hours")
DATES = ("planned_start", "planned_end")


def _mission_values(data: dict) -> dict:
    values = {k: data[k] for k in MISSION_FIELDS if k in data}
    for name in DATES:
        if name in values:
            values[name] = parse_date(values[name])
    return values


def _set_mission(conn: Connection, event: ReceivedEvent, **values) -> None:
    conn.execute(update(missions).where(missions.c.mission_id == event.stream_id)
                 .values(**values))


def drafted(conn: Connection, event: ReceivedEvent) -> None:
    conn.execute(insert(missions).values(mission_id=event.stream_id, status="draft",
                                         completed=False, recorded_at=event.time,
                                         **_mission_values(event.data)))


def corrected(conn: Connection, event: ReceivedEvent) -> None:
    values = _mission_values(event.data)
    if values:
        _set_mission(conn, event, **values)


def _status(status: str):
    def handler(conn: Connection, event: ReceivedEvent) -> None:
        _set_mission(conn, event, status=status)
    return handler


def started(conn, event):
    _set_mission(conn, event, status="under_way", started_on=parse_date(event.data["started_on"]),
                 started_at=event.time)


def completed(conn, event):
    _set_mission(conn, event, status="completed", completed=True, ended_at=event.time,
                 ended_on=parse_date(event.data["completed_on"]))


def interrupted(conn, event):
    _set_mission(conn, event, status="interrupted", ended_at=event.time,
                 ended_on=parse_date(event.data["interrupted_on"]))


def extended(conn, event):
    _set_mission(conn, event, planned_end=parse_date(event.data["planned_end"]))


def follow_up_recorded(conn, event):
    d = event.data
    conn.execute(insert(follow_ups).values(
        follow_up_id=d["follow_up_id"], mission_id=event.stream_id, kind=d.get("kind") or "",
        date=parse_date(d["date"]), wellbeing=d.get("wellbeing"), recorded_at=event.time))


def incident_reported(conn, event):
    d = event.data
    conn.execute(insert(incidents).values(
        incident_id=d["incident_id"], mission_id=event.stream_id, kind=d.get("kind"),
        severity=d.get("severity"), reported_on=parse_date(d.get("reported_on")),
        recorded_at=event.time))


def incident_resolved(conn, event):
    conn.execute(update(incidents).where(incidents.c.incident_id == event.data["incident_id"])
                 .values(resolved_on=parse_date(event.data.get("resolved_on"))))


def volunteer_transferred(conn, event):
    _set_mission(conn, event, volunteer_id=event.data["to_person_id"])


# -- accompaniments ----------------------------------------------------------------------

def _set_accompaniment(conn, event, **values):
    conn.execute(update(accompaniments)
                 .where(accompaniments.c.accompaniment_id == event.stream_id).values(**values))


def opened(conn, event):
    d = event.data
    conn.execute(insert(accompaniments).values(
        accompaniment_id=event.stream_id, organisation_id=d.get("organisation_id"),
        programme=d.get("programme"), office=d.get("office"), stage="idea",
        opened_on=event.time.date(), budget_requested=d.get("budget_requested"),
        recorded_at=event.time))


def stage_changed(conn, event):
    stage = event.data["stage"]
    values = {"stage": stage}
    if stage == "closed":
        values["closed_on"] = parse_date(event.data.get("on")) or event.time.date()
    _set_accompaniment(conn, event, **values)


def decided(conn, event):
    _set_accompaniment(conn, event, selected=bool(event.data.get("selected")),
                       budget_granted=event.data.get("budget_granted"))


def coaching_recorded(conn, event):
    d = event.data
    conn.execute(insert(coachings).values(
        coaching_id=d["coaching_id"], accompaniment_id=event.stream_id,
        date=parse_date(d["date"]), hours=float(d.get("hours") or 0),
        activity_id=d.get("activity_id"), recorded_at=event.time))


HANDLERS = {
    "mission.drafted": drafted,
    "mission.corrected": corrected,
    "mission.proposed": _status("proposed"),
    "mission.agreed": _status("agreed"),
    "mission.started": started,
    "mission.completed": completed,
    "mission.interrupted": interrupted,
    "mission.cancelled": _status("cancelled"),
    "mission.extended": extended,
    "mission.follow_up_recorded": follow_up_recorded,
    "mission.incident_reported": incident_reported,
    "mission.incident_resolved": incident_resolved,
    "mission.volunteer_transferred": volunteer_transferred,
    "accompaniment.opened": opened,
    "accompaniment.stage_changed": stage_changed,
    "accompaniment.decided": decided,
    "accompaniment.coaching_recorded": coaching_recorded,
}
