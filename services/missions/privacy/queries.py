"""Everything missions holds about a person, as sections a person can read (in French):
the replica of their record, their missions, the follow-up of each (meetings with their
notes, incidents, trainings, the end-of-mission review) and every event that names them.

Accompaniments and opportunities name no person (an accompaniment is an organisation's or
a youth group's project; opportunities take no applications here): no section for them.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any, Iterable

from sqlalchemy import Connection, Text, cast, or_, select

from shared.db import escape_like
from shared.eventstore.schema import events
from shared.eventstore.store import fold_stream, read_events

from .. import labels
from ..domain import Mission, registry
from ..policies import organisations, people
from ..projections import missions

Row = dict[str, Any]


def gather(conn: Connection, person_id: str) -> list[dict[str, Any]]:
    mission_ids = conn.execute(select(missions.c.id).where(missions.c.volunteer_id == person_id)
                               .order_by(missions.c.planned_start, missions.c.id)
                               ).scalars().all()
    folded = [fold_stream(conn, registry, Mission, i) for i in mission_ids]
    hosts = _host_names(conn, [m.details.get("host_id") for m in folded])
    return [
        {"title": "Fiche de la personne (copie de l’annuaire)", "rows": _record(conn, person_id)},
        {"title": "Missions", "rows": [_mission(m, hosts) for m in folded]},
        {"title": "Rencontres de suivi", "rows": [r for m in folded for r in _meetings(m)]},
        {"title": "Incidents", "rows": [r for m in folded for r in _incidents(m)]},
        {"title": "Formations obligatoires", "rows": [r for m in folded for r in _trainings(m)]},
        {"title": "Bilans de fin de mission", "rows": [_review(m) for m in folded if m.review]},
        {"title": "Événements enregistrés qui la concernent",
         "rows": _events(conn, person_id, mission_ids)},
    ]


def _record(conn: Connection, person_id: str) -> list[Row]:
    row = conn.execute(select(people).where(people.c.person_id == person_id)).mappings().first()
    if row is None:
        return []
    return [{"Identifiant": person_id, "Prénom": row["given_name"],
             "Nom": row["family_name"], "Archivée": _yes(row["archived"]),
             "Fusionnée dans": row["merged_into"]}]


def _mission(m: Mission, hosts: dict[str, str]) -> Row:
    d = m.details
    host = hosts.get(d.get("host_id")) or d.get("host_id")
    return {"Mission": m.id, "Structure d’accueil": host,
            "Sens": labels.show(labels.DIRECTION, d.get("direction")),
            "Dispositif": labels.show(labels.SCHEME, d.get("scheme")),
            "Programme": d.get("programme"),
            "Antenne": labels.show(labels.OFFICE, d.get("office")),
            "Statut": labels.show(labels.STATUS, m.status),
            "Début prévu": _value(d.get("planned_start")),
            "Fin prévue": _value(d.get("planned_end")),
            "Début effectif": _value(m.started_on), "Fin effective": _value(m.ended_on),
            "Heures par semaine": d.get("weekly_hours"),
            "Tuteur ou tutrice": d.get("tutor"), "Description": d.get("description"),
            "Motif de fin": m.end_reason,
            "Prolongations": _value([f"{end.isoformat()} : {reason}"
                                     for end, reason in m.extensions])}


def _meetings(m: Mission) -> Iterable[Row]:
    for f in sorted(m.follow_ups.values(), key=lambda f: f.date):
        yield {"Mission": m.id, "Rencontre": labels.show(labels.FOLLOW_UP, f.kind),
               "Date": _value(f.date), "Participants": _value(f.participants),
               "Bien-être (1 à 5)": f.wellbeing, "Notes": f.notes,
               "Points d’attention": _value(f.issues)}


def _incidents(m: Mission) -> Iterable[Row]:
    for i in sorted(m.incidents.values(), key=lambda i: i.reported_on):
        yield {"Mission": m.id, "Nature": labels.show(labels.INCIDENT, i.kind),
               "Gravité": labels.show(labels.SEVERITY, i.severity),
               "Signalé le": _value(i.reported_on), "Description": i.description,
               "Résolu le": _value(i.resolved_on), "Résolution": i.resolution}


def _trainings(m: Mission) -> Iterable[Row]:
    for t in m.trainings.values():
        yield {"Mission": m.id, "Formation": labels.show(labels.TRAINING, t.training),
               "Début": _value(t.start), "Fin": _value(t.end), "Organisme": t.provider}


def _review(m: Mission) -> Row:
    r = m.review or {}
    return {"Mission": m.id, "Compétences acquises": _value(r.get("skills_gained")),
            "Satisfaction du ou de la volontaire": r.get("volunteer_satisfaction"),
            "Satisfaction de la structure": r.get("host_satisfaction"),
            "Et ensuite": labels.show(labels.NEXT_STEP, r.get("next_step"))
            if r.get("next_step") else None,
            "Commentaires": r.get("comments")}


def _events(conn: Connection, person_id: str, mission_ids: list[str]) -> list[Row]:
    """The events of their missions, and any other naming their id (a merge that moved a
    mission, the erasure's confirmation), with their content as it reads now."""
    e = events.c
    names = cast(e.data, Text).like(f"%{escape_like(person_id)}%", escape="\\")
    query = select(events).where(or_(e.stream_id.in_(mission_ids), names)).order_by(e.position)
    return [{"Enregistré le": s.recorded_at.isoformat(timespec="seconds"),
             "Événement": s.type, "Dossier": s.stream_id, "Version": s.version,
             "Contenu": json.dumps(s.data, ensure_ascii=False, sort_keys=True, default=str)}
            for s in read_events(conn, query, registry)]


def _host_names(conn: Connection, ids: list[str | None]) -> dict[str, str]:
    ids = sorted({i for i in ids if i})
    if not ids:
        return {}
    o = organisations.c
    return dict(conn.execute(select(o.organisation_id, o.name)
                             .where(o.organisation_id.in_(ids))).all())


def _value(value: Any) -> Any:
    """A value as the export shows it: dates in ISO, lists joined."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(str(_value(v)) for v in value) or None
    return value


def _yes(flag: bool) -> str:
    return "oui" if flag else "non"
