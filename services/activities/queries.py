"""The read side: lists from the projection, an activity's page from its folded stream,
names and organisations from the replica of stakeholders."""
from __future__ import annotations

from typing import Any, Sequence

from flask_babel import format_date, format_time, gettext
from sqlalchemy import Engine, and_, func, select, true

from shared.db import escape_like
from shared.access.tables import staff_members
from shared.eventstore import NotFound
from shared.messaging.people_replica import full_name, search_people

from . import labels
from .domain import Activity, normalise, registry
from .policies import affiliations, organisations, people, programmes
from .projections import activities

SUMMARY_COLUMNS = ("id", "version", "title", "kind", "programme", "office", "status",
                   "capacity", "registered", "waitlisted", "first_date", "last_date")


def list_activities(engine: Engine, *, q: str | None = None, programme: str | None = None,
                    kind: str | None = None, office: str | None = None,
                    status: str | None = None, start=None, end=None, sort: str = "date",
                    page: int = 1, per_page: int = 20) -> dict[str, Any]:
    a = activities.c
    conditions = [a.search.like(f"%{escape_like(word)}%", escape="\\")
                  for word in normalise(q).split()]
    for column, value in ((a.programme, programme), (a.kind, kind), (a.office, office),
                          (a.status, status)):
        if value:
            conditions.append(column == value)
    if start:  # the activity has a session in the period
        conditions.append(a.last_date >= start)
    if end:
        conditions.append(a.first_date <= end)
    where = and_(true(), *conditions)
    order = {"title": (a.title, a.id), "recent": (a.planned_at.desc(), a.id)}.get(
        sort, (a.first_date.desc().nulls_first(), a.title, a.id))
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(activities).where(where)).scalar_one()
        rows = conn.execute(select(*[a[n] for n in SUMMARY_COLUMNS]).where(where)
                            .order_by(*order).limit(per_page)
                            .offset((page - 1) * per_page)).mappings().all()
    return {"items": [dict(r) for r in rows], "total": total, "page": page,
            "per_page": per_page}


def programmes_in_use(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(activities.c.programme).distinct()
                                 .where(activities.c.programme.is_not(None))
                                 .order_by(activities.c.programme)).scalars())


def load(store, activity_id: str) -> tuple[Activity, list]:
    stored = store.load(activity_id)
    if not stored or stored[0].stream_type != "activity":
        raise NotFound("activity", activity_id)
    activity = Activity.rebuild(activity_id, (registry.to_event(s.type, s.data) for s in stored))
    return activity, stored


def get_activity(engine: Engine, store, activity_id: str) -> dict[str, Any]:
    """Everything the activity's page and the API show."""
    activity, _ = load(store, activity_id)
    d = activity.details
    every = list(activity.registrations.values())
    names = people_by_id(engine, [r.person_id for r in every])
    waitlist = [r.id for r in activity.waitlist()]
    registrations = [{
        "id": r.id, "person_id": r.person_id, "status": r.status,
        "name": names.get(r.person_id, {}).get("name") or gettext("(unknown person)"),
        "organisation": names.get(r.person_id, {}).get("organisation"),
        "waitlist_position": waitlist.index(r.id) + 1 if r.id in waitlist else None,
        "cancel_reason": r.cancel_reason, "hours_attended": activity.hours_attended(r.person_id),
        "walk_in": r.walk_in,
    } for r in sorted(every, key=lambda r: (r.cancelled, r.waitlisted, r.order))]
    sessions = [{
        "id": s.id, "date": s.date, "start": s.start.strftime("%H:%M"),
        "end": s.end.strftime("%H:%M"), "place": s.place or d.get("venue"),
        "online_link": s.online_link or (None if s.place else d.get("online_link")),
        "half_days": list(s.half_days), "hours": s.hours,
        "attendance": [{"person_id": who, "half_day": half_day, "status": status}
                       for (who, half_day), status in activity.attendance.get(s.id, {}).items()],
    } for s in sorted(activity.sessions.values(), key=lambda s: (s.date, s.start))]
    partners = organisation_names(engine, d.get("partners") or ())
    return {"id": activity.id, "version": activity.version, **d,
            "partners": list(d.get("partners") or ()),
            "partner_names": [partners.get(p, p) for p in d.get("partners") or ()],
            "facilitators": list(d.get("facilitators") or ()),
            "status": activity.status, "cancel_reason": activity.cancel_reason,
            "registered": len(activity.registered()), "waitlisted": len(waitlist),
            "hours_delivered": activity.hours_delivered(), "sessions": sessions,
            "registrations": registrations,
            "first_date": sessions[0]["date"] if sessions else None,
            "last_date": sessions[-1]["date"] if sessions else None}


def attendance_grid(activity: dict[str, Any]) -> dict[str, Any]:
    """The activity page's attendance table: a column per session and half-day, a line per
    person on the list (or marked once), the hours attended, present counts per column."""
    columns = [{"session": s, "half_day": h} for s in activity["sessions"] for h in s["half_days"]]
    marks = {(s["id"], m["half_day"], m["person_id"]): m["status"]
             for s in activity["sessions"] for m in s["attendance"]}
    marked = {person for _, _, person in marks}
    rows = [{"registration": r, "cells": [marks.get((c["session"]["id"], c["half_day"],
                                                     r["person_id"])) for c in columns]}
            for r in activity["registrations"]
            if r["status"] == "registered" or r["person_id"] in marked]
    present = [sum(1 for row in rows if row["cells"][i] in ("present", "late"))
               for i in range(len(columns))]
    return {"columns": columns, "rows": rows, "present": present}


def history(engine: Engine, store, activity_id: str) -> list[dict[str, Any]]:
    """Every change, newest first: when, by whom, what (translated)."""
    _, stored = load(store, activity_id)
    actors = {s.metadata.get("actor") for s in stored if s.metadata.get("actor")}
    with engine.connect() as conn:
        emails = dict(conn.execute(select(staff_members.c.account_id, staff_members.c.email)
                                   .where(staff_members.c.account_id.in_(actors))).all())
    persons = people_by_id(engine, [p for s in stored for p in _people_in(s.data)])
    entries = []
    for s in stored:
        actor = s.metadata.get("actor")
        who = emails.get(actor) or (gettext("the system") if not actor else actor)
        entries.append({"version": s.version, "type": s.type, "at": s.recorded_at,
                        "actor": emails.get(actor) or actor,
                        "summary": gettext("%(what)s — %(actor)s, %(date)s at %(time)s",
                                           what=labels.event_line(s.type, s.data, persons),
                                           actor=who, date=format_date(s.recorded_at, "short"),
                                           time=format_time(s.recorded_at, "short"))})
    return list(reversed(entries))


def attendance_history(engine: Engine, store, activity_id: str,
                       session_id: str) -> list[dict[str, Any]]:
    """Every mark recorded for a session, newest first: when, by whom, whose, which
    half-day, from what (None: not recorded before) to what."""
    activity, stored = load(store, activity_id)
    if session_id not in activity.sessions:
        raise NotFound("session", session_id)
    records = [s for s in stored if s.type == "activity.attendance_recorded"
               and s.data.get("session_id") == session_id]
    actors = {s.metadata.get("actor") for s in records if s.metadata.get("actor")}
    with engine.connect() as conn:
        emails = dict(conn.execute(select(staff_members.c.account_id, staff_members.c.email)
                                   .where(staff_members.c.account_id.in_(actors))).all())
    names = people_by_id(engine, [m["person_id"] for s in records for m in s.data["marks"]])
    current: dict[tuple[str, str], str] = {}
    entries = []
    for s in records:
        actor = s.metadata.get("actor")
        for mark in s.data["marks"]:
            key = (mark["person_id"], mark["half_day"])
            entries.append({"at": s.recorded_at, "actor": emails.get(actor) or actor,
                            "person_id": key[0], "half_day": key[1],
                            "name": (names.get(key[0]) or {}).get("name")
                            or gettext("(unknown person)"),
                            "before": current.get(key), "status": mark["status"]})
            current[key] = mark["status"]
    return list(reversed(entries))


def _people_in(data: dict) -> list[str]:
    found = [data[k] for k in ("person_id", "from_person_id", "to_person_id") if data.get(k)]
    return found + [m["person_id"] for m in data.get("marks") or ()]


# -- the replica ---------------------------------------------------------------------------

def people_by_id(engine: Engine, person_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """{id: {name, organisation, archived, merged_into}} of the people known here."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    with engine.connect() as conn:
        rows = conn.execute(select(people).where(people.c.person_id.in_(ids))).mappings().all()
        orgs = _organisations_of(conn, ids)
    return {r["person_id"]: {"id": r["person_id"], "name": full_name(r),
                             "organisation": orgs.get(r["person_id"]),
                             "archived": r["archived"], "merged_into": r["merged_into"]}
            for r in rows}


def active_people(engine: Engine, person_ids: Sequence[str]) -> set[str]:
    """Those of `person_ids` that may be registered (known, not archived, not merged)."""
    return {i for i, p in people_by_id(engine, person_ids).items()
            if not p["archived"] and not p["merged_into"]}


def find_people(engine: Engine, q: str | None, page: int = 1, per_page: int = 20) -> dict:
    """Active people of the replica whose names contain every word typed."""
    with engine.connect() as conn:
        rows, total = search_people(conn, people, q, page, per_page)
        orgs = _organisations_of(conn, [r["person_id"] for r in rows])
    return {"items": [{"id": r["person_id"], "name": full_name(r),
                       "organisation": orgs.get(r["person_id"])} for r in rows],
            "total": total, "page": page, "per_page": per_page}


def organisation_names(engine: Engine, ids: Sequence[str]) -> dict[str, str]:
    if not ids:
        return {}
    with engine.connect() as conn:
        return dict(conn.execute(select(organisations.c.organisation_id, organisations.c.name)
                                 .where(organisations.c.organisation_id.in_(list(ids)))).all())


def _organisations_of(conn, person_ids: Sequence[str]) -> dict[str, str]:
    """The organisation a person is currently affiliated with (the first by name)."""
    if not person_ids:
        return {}
    rows = conn.execute(select(affiliations.c.person_id, organisations.c.name)
                        .join(organisations, organisations.c.organisation_id
                              == affiliations.c.organisation_id)
                        .where(affiliations.c.person_id.in_(list(person_ids)))
                        .where(affiliations.c.ended.is_(False))
                        .where(organisations.c.archived.is_(False))
                        .order_by(organisations.c.name)).all()
    found: dict[str, str] = {}
    for person_id, name in rows:
        found.setdefault(person_id, name)
    return found






def all_organisations(engine: Engine, limit: int = 1000) -> list[dict[str, str]]:
    """The organisations a form may name as partners (active, by name)."""
    with engine.connect() as conn:
        rows = conn.execute(select(organisations.c.organisation_id, organisations.c.name)
                            .where(organisations.c.archived.is_(False))
                            .order_by(organisations.c.name).limit(limit)).all()
    return [{"id": i, "name": n} for i, n in rows]


def known_programmes(engine: Engine) -> dict[str, dict[str, Any]]:
    """The programmes reporting has defined (the replica), by code, each with its funder's
    name when the replica of stakeholders knows the organisation (the funder by default)."""
    p, o = programmes.c, organisations.c
    with engine.connect() as conn:
        rows = conn.execute(select(programmes, o.name.label("funder"))
                            .join_from(programmes, organisations,
                                       o.organisation_id == p.funder_id, isouter=True)
                            .order_by(p.code)).mappings().all()
    return {row["code"]: dict(row) for row in rows}
