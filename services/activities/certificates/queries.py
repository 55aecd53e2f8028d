"""The read side of certificates: what each one states."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine

from shared.eventstore import NotFound

from .. import labels
from ..domain import Activity
from ..queries import load, people_by_id
from ..sheets.domain import NGO
from .domain import attended_sessions, participants


def certificate(engine: Engine, store, activity_id: str, person_id: str) -> dict[str, Any]:
    """The certificate of one participant; 404 for someone who attended nothing here."""
    activity, _ = load(store, activity_id)
    if person_id not in participants(activity):
        raise NotFound("certificate", person_id)
    return _statement(activity, person_id, people_by_id(engine, [person_id]))


def certificates(engine: Engine, store, activity_id: str) -> list[dict[str, Any]]:
    """Every participant's certificate, in order of registration (none if no one
    attended)."""
    activity, _ = load(store, activity_id)
    who = participants(activity)
    names = people_by_id(engine, who)
    return [_statement(activity, person_id, names) for person_id in who]


def _statement(activity: Activity, person_id: str, names: dict) -> dict[str, Any]:
    d = activity.details
    sessions = attended_sessions(activity, person_id)
    dates = sorted(s.date for s in activity.sessions.values())
    person = names.get(person_id, {})
    return {"ngo": NGO, "office": labels.show(labels.OFFICE, d["office"]),
            "person_id": person_id, "name": person.get("name") or "—",
            "organisation": person.get("organisation"),
            "title": d["title"], "kind": labels.show(labels.KIND, d["kind"]),
            "programme": d.get("programme"), "funder": d.get("funder"),
            "first_date": dates[0], "last_date": dates[-1], "sessions": sessions,
            "hours": activity.hours_attended(person_id),
            "hours_delivered": activity.hours_delivered(), "issued_on": dt.date.today()}
