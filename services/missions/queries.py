"""The read side: lists from the projection, a mission's page from its folded stream, names
and host approvals from the replica of stakeholders."""
from __future__ import annotations

from typing import Any, Sequence

from flask_babel import format_date, format_time, gettext
from sqlalchemy import Engine, and_, func, select, true

from shared.db import escape_like
from shared.access.tables import staff_members
from shared.eventstore import NotFound
from shared.messaging.people_replica import full_name, search_people

from . import labels
from .domain import ENGAGED, Host, Mission, Period, normalise, registry
from .policies import organisations, people, programmes
from .projections import missions

SUMMARY_COLUMNS = ("id", "version", "volunteer_id", "host_id", "direction", "scheme",
                   "programme", "office", "referent", "status", "planned_start", "planned_end",
                   "started_on", "ended_on")
# what only programme staff read (MISSIONS_FOLLOW_UP): case notes and incidents
CASE_NOTE_EVENTS = ("mission.follow_up_recorded", "mission.incident_reported",
                    "mission.incident_resolved")


# -- what the rules are told ---------------------------------------------------------------

def host(engine: Engine, host_id: str | None) -> Host | None:
    if not host_id:
        return None
    o = organisations.c
    with engine.connect() as conn:
        row = conn.execute(select(organisations).where(o.organisation_id == host_id)
                           ).mappings().first()
    if row is None:
        return None
    return Host(id=host_id, name=row["name"], archived=row["archived"],
                approval_number=row["approval_number"], approval_start=row["approval_start"],
                approval_end=row["approval_end"], capacity=row["capacity"])


def active_person(engine: Engine, person_id: str) -> bool:
    with engine.connect() as conn:
        row = conn.execute(select(people.c.archived, people.c.merged_into)
                           .where(people.c.person_id == person_id)).first()
    return bool(row) and not row.archived and not row.merged_into


def _periods(engine: Engine, *conditions) -> list[Period]:
    m = missions.c
    with engine.connect() as conn:
        rows = conn.execute(select(m.id, m.period_start, m.period_end).where(*conditions)).all()
    return [Period(i, s, e) for i, s, e in rows]


def volunteer_missions(engine: Engine, person_id: str) -> list[Period]:
    return _periods(engine, missions.c.volunteer_id == person_id,
                    missions.c.status != "cancelled")


def host_placements(engine: Engine, host_id: str) -> list[Period]:
    return _periods(engine, missions.c.host_id == host_id, missions.c.status.in_(ENGAGED))


# -- lists ---------------------------------------------------------------------------------

def list_missions(engine: Engine, *, q: str | None = None, status: str | None = None,
                  direction: str | None = None, scheme: str | None = None,
                  programme: str | None = None, office: str | None = None,
                  host_id: str | None = None, volunteer_id: str | None = None,
                  referent: str | None = None, sort: str = "start", page: int = 1,
                  per_page: int = 20) -> dict[str, Any]:
    m = missions.c
    conditions = []
    for column, value in ((m.status, status), (m.direction, direction), (m.scheme, scheme),
                          (m.programme, programme), (m.office, office), (m.host_id, host_id),
                          (m.volunteer_id, volunteer_id), (m.referent, referent)):
        if value:
            conditions.append(column == value)
    words = normalise(q).split()
    if words:  # the volunteer's or the host's name
        names = [people.c.search.like(f"%{escape_like(w)}%", escape="\\") for w in words]
        hosts = [organisations.c.search.like(f"%{escape_like(w)}%", escape="\\") for w in words]
        conditions.append(m.volunteer_id.in_(select(people.c.person_id).where(*names))
                          | m.host_id.in_(select(organisations.c.organisation_id).where(*hosts)))
    where = and_(true(), *conditions)
    order = {"recent": (m.drafted_at.desc(), m.id)}.get(sort, (m.period_start.desc(), m.id))
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(missions).where(where)).scalar_one()
        rows = conn.execute(select(*[m[n] for n in SUMMARY_COLUMNS]).where(where)
                            .order_by(*order).limit(per_page)
                            .offset((page - 1) * per_page)).mappings().all()
    items = [dict(r) for r in rows]
    _named(engine, items)
    return {"items": items, "total": total, "page": page, "per_page": per_page}


def _named(engine: Engine, items: list[dict]) -> None:
    persons = people_by_id(engine, [i["volunteer_id"] for i in items])
    hosts = organisation_names(engine, [i["host_id"] for i in items])
    for item in items:
        item["volunteer_name"] = (persons.get(item["volunteer_id"]) or {}).get("name") \
            or gettext("(unknown person)")
        item["host_name"] = hosts.get(item["host_id"]) or gettext("(unknown organisation)")


# -- one mission ---------------------------------------------------------------------------

def load(store, mission_id: str) -> tuple[Mission, list]:
    stored = store.load(mission_id)
    if not stored or stored[0].stream_type != "mission":
        raise NotFound("mission", mission_id)
    mission = Mission.rebuild(mission_id, (registry.to_event(s.type, s.data) for s in stored))
    return mission, stored


def get_mission(engine: Engine, store, mission_id: str) -> dict[str, Any]:
    """Everything the mission's page and the API show to any reader (no case notes)."""
    mission, _ = load(store, mission_id)
    return mission_view(engine, mission)


def mission_view(engine: Engine, mission: Mission) -> dict[str, Any]:
    d = mission.details
    item = {"id": mission.id, "version": mission.version, **d, "status": mission.status,
            "started_on": mission.started_on, "ended_on": mission.ended_on,
            "end_reason": mission.end_reason,
            "extensions": [{"planned_end": end, "reason": reason}
                           for end, reason in mission.extensions],
            "trainings": [{"training": t.training, "start": t.start, "end": t.end,
                           "provider": t.provider} for t in mission.trainings.values()],
            "missing_trainings": mission.missing_trainings(), "review": mission.review}
    _named(engine, [item])
    item["referent_name"] = _staff_names(engine, [d.get("referent")]).get(d.get("referent"))
    return item


def _staff_names(engine: Engine, ids) -> dict[str, str]:
    ids = [i for i in ids if i]
    if not ids:
        return {}
    with engine.connect() as conn:
        return {i: n or e for i, n, e in conn.execute(
            select(staff_members.c.account_id, staff_members.c.name, staff_members.c.email)
            .where(staff_members.c.account_id.in_(ids))).all()}


def history(engine: Engine, store, mission_id: str, case_notes: bool) -> list[dict[str, Any]]:
    """Every change, newest first: when, by whom, what (translated); follow-up meetings and
    incidents only for those who may read case notes."""
    _, stored = load(store, mission_id)
    if not case_notes:
        stored = [s for s in stored if s.type not in CASE_NOTE_EVENTS]
    actors = {s.metadata.get("actor") for s in stored if s.metadata.get("actor")}
    with engine.connect() as conn:
        emails = dict(conn.execute(select(staff_members.c.account_id, staff_members.c.email)
                                   .where(staff_members.c.account_id.in_(actors))).all())
    persons = people_by_id(engine, [s.data[k] for s in stored for k in
                                    ("volunteer_id", "from_person_id", "to_person_id")
                                    if s.data.get(k)])
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


# -- the replica ---------------------------------------------------------------------------

def people_by_id(engine: Engine, person_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    with engine.connect() as conn:
        rows = conn.execute(select(people).where(people.c.person_id.in_(ids))).mappings().all()
    return {r["person_id"]: {"id": r["person_id"], "name": full_name(r), "archived": r["archived"],
                             "merged_into": r["merged_into"]} for r in rows}


def organisation_names(engine: Engine, ids: Sequence[str]) -> dict[str, str]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    with engine.connect() as conn:
        return dict(conn.execute(select(organisations.c.organisation_id, organisations.c.name)
                                 .where(organisations.c.organisation_id.in_(ids))).all())


def find_people(engine: Engine, q: str | None, page: int = 1, per_page: int = 20) -> dict:
    """Active people of the replica whose names contain every word typed."""
    with engine.connect() as conn:
        rows, total = search_people(conn, people, q, page, per_page)
    return {"items": [{"id": r["person_id"], "name": full_name(r)} for r in rows],
            "total": total, "page": page, "per_page": per_page}


def hosts(engine: Engine, limit: int = 1000) -> list[dict[str, Any]]:
    """The organisations a mission may be placed with (active host structures first), with
    their approval as stakeholders said it."""
    o = organisations.c
    with engine.connect() as conn:
        rows = conn.execute(select(organisations).where(o.archived.is_(False))
                            .order_by((o.kind != "host_structure"), o.name).limit(limit)
                            ).mappings().all()
    return [{"id": r["organisation_id"], "name": r["name"], "kind": r["kind"],
             "approval_number": r["approval_number"], "approval_start": r["approval_start"],
             "approval_end": r["approval_end"], "capacity": r["capacity"]} for r in rows]


def referents(engine: Engine) -> list[dict[str, str]]:
    """The staff accounts a mission may name as its referent."""
    with engine.connect() as conn:
        rows = conn.execute(select(staff_members.c.account_id, staff_members.c.name,
                                   staff_members.c.email)
                            .order_by(staff_members.c.name)).all()
    return [{"id": i, "name": n or e} for i, n, e in rows]




def known_programmes(engine: Engine) -> dict[str, dict[str, Any]]:
    """The programmes reporting has defined (the replica), by code: the forms' pick-list."""
    with engine.connect() as conn:
        rows = conn.execute(select(programmes).order_by(programmes.c.code)).mappings().all()
    return {row["code"]: dict(row) for row in rows}
