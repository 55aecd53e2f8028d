"""Everything activities holds about a person, in French sections for the right of access:
the replica's row, their registrations, attendance, certificates, self sign-ins,
evaluations, walk-ins, the scans of their sessions, and this service's events naming them.

Read in one connection; the events are opened with their keys (an erased person's
personal fields read as placeholders)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Text, cast, select

from shared.db import escape_like
from shared.eventstore.schema import events
from shared.eventstore.shredding import ERASED, ERASED_TEXT, stored_key
from shared.eventstore.store import fold_stream, read_events

from ..certificates.domain import attended_sessions
from ..domain import Activity
from ..events import registry
from ..evaluations.domain import EvaluationAnswered
from ..policies import affiliations, organisations, people
from ..projections import registrations
from ..self_sign_in.domain import ParticipantSignedIn, SelfSignIn
from ..sheets.tables import signed_sheets

STATUS = {"registered": "inscrit·e", "waitlisted": "en liste d'attente",
          "cancelled": "annulée"}
ATTENDANCE = {"present": "présent·e", "absent": "absent·e", "excused": "excusé·e",
              "late": "en retard"}
HALF_DAY = {"morning": "matin", "afternoon": "après-midi"}
EVALUATION = {"immediate": "à chaud", "follow_up": "de suivi"}
SOURCE = {"participant": "par le lien", "paper": "formulaire papier"}


def gather(conn: Connection, person_id: str) -> list[dict[str, Any]]:
    activity_list = _activities(conn, person_id)
    mine = _events_naming(conn, person_id)
    return [
        _section("Fiche (copie de l'annuaire)", _replica(conn, person_id)),
        _section("Organisations", _organisations(conn, person_id)),
        _section("Inscriptions", _registrations(activity_list, person_id)),
        _section("Présences par demi-journée", _attendance(activity_list, person_id)),
        _section("Attestations de présence", _certificates(activity_list, person_id)),
        _section("Venues sans inscription préalable", _walk_ins(activity_list, person_id)),
        _section("Émargements en ligne", _sign_ins(conn, mine, person_id,
                                                   stored_key(conn, person_id) is ERASED)),
        _section("Évaluations", _evaluations(activity_list, mine, person_id)),
        _section("Feuilles d'émargement numérisées de vos séances (plusieurs personnes y "
                 "figurent)", _scans(conn, activity_list)),
        _section("Événements enregistrés par les activités qui vous nomment",
                 [{"Type": e.type, "Date": e.recorded_at.isoformat(), "Flux": e.stream_type}
                  for e in mine]),
    ]


def _section(title: str, rows: list[dict]) -> dict[str, Any]:
    return {"title": title, "rows": rows}


def _replica(conn, person_id):
    row = conn.execute(select(people).where(people.c.person_id == person_id)).mappings().first()
    if row is None:
        return []
    return [{"Identifiant": person_id, "Prénom": row["given_name"], "Nom": row["family_name"],
             "Archivée": _yes(row["archived"]), "Fusionnée dans": row["merged_into"]}]


def _organisations(conn, person_id):
    rows = conn.execute(select(organisations.c.name, affiliations.c.ended)
                        .join(organisations, organisations.c.organisation_id
                              == affiliations.c.organisation_id)
                        .where(affiliations.c.person_id == person_id)
                        .order_by(organisations.c.name)).all()
    return [{"Organisation": name, "Affiliation terminée": _yes(ended)} for name, ended in rows]


def _activities(conn, person_id) -> list[Activity]:
    """The activities where the person holds a registration, folded, by first date."""
    ids = conn.execute(select(registrations.c.activity_id).distinct()
                       .where(registrations.c.person_id == person_id)).scalars().all()
    folded = [fold_stream(conn, registry, Activity, i) for i in ids]
    return sorted(folded, key=lambda a: (_dates(a)[0] or dt.date.max, a.id))


def _dates(activity: Activity):
    dates = sorted(s.date for s in activity.sessions.values())
    return (dates[0], dates[-1]) if dates else (None, None)


def _registrations(activity_list, person_id):
    rows = []
    for activity in activity_list:
        first, last = _dates(activity)
        for r in activity.registrations.values():
            if r.person_id == person_id:
                rows.append({"Activité": activity.details["title"], "Du": _day(first),
                             "Au": _day(last), "Statut": STATUS.get(r.status, r.status),
                             "Motif d'annulation": r.cancel_reason,
                             "Reprise d'une fiche fusionnée": r.merged_from})
    return rows


def _attendance(activity_list, person_id):
    rows = []
    for activity in activity_list:
        for session in sorted(activity.sessions.values(), key=lambda s: (s.date, s.start)):
            marks = activity.attendance.get(session.id, {})
            for half_day in session.half_days:
                status = marks.get((person_id, half_day))
                if status:
                    rows.append({"Activité": activity.details["title"],
                                 "Date": _day(session.date),
                                 "Demi-journée": HALF_DAY.get(half_day, half_day),
                                 "Statut": ATTENDANCE.get(status, status)})
    return rows


def _certificates(activity_list, person_id):
    """What an attendance certificate of each activity states (they are printed on
    request, from the attendance: none is stored)."""
    rows = []
    for activity in activity_list:
        sessions = attended_sessions(activity, person_id)
        if sessions:
            rows.append({"Activité": activity.details["title"],
                         "Séances suivies": ", ".join(_day(s.date) for s in sessions),
                         "Heures": activity.hours_attended(person_id)})
    return rows


def _walk_ins(activity_list, person_id):
    return [{"Activité": activity.details["title"], "Du": _day(_dates(activity)[0])}
            for activity in activity_list for r in activity.registrations.values()
            if r.person_id == person_id and r.walk_in]


def _events_naming(conn, person_id):
    """This service's events whose data holds the person's id (a sealed box names its
    subject in clear), opened, in the order recorded (positions are given later)."""
    query = (select(events).where(cast(events.c.data, Text).like(
        f"%{escape_like(person_id)}%", escape="\\"))
             .order_by(events.c.recorded_at, events.c.stream_id, events.c.version))
    return read_events(conn, query, registry)


def _sign_ins(conn, mine, person_id, erased: bool):
    rows = []
    for stored in mine:
        if stored.type != ParticipantSignedIn.type or stored.data.get("person_id") != person_id:
            continue
        link = fold_stream(conn, registry, SelfSignIn, stored.stream_id)
        activity = fold_stream(conn, registry, Activity, link.activity_id)
        session = activity.sessions.get(link.session_id)
        rows.append({"Activité": activity.details.get("title"),
                     "Date": _day(session.date if session else None),
                     "Demi-journée": HALF_DAY.get(link.half_day, link.half_day),
                     "Signé le": stored.data.get("signed_at"),
                     # the drawing as a PNG data URL, or none: a ticked box
                     "Signature": ERASED_TEXT if erased
                     else stored.data.get("signature") or "case cochée"})
    return rows


def _evaluations(activity_list, mine, person_id):
    titles = {a.id: a.details["title"] for a in activity_list}
    return [{"Activité": titles.get(e.data.get("activity_id"), e.data.get("activity_id")),
             "Évaluation": EVALUATION.get(e.data.get("kind"), e.data.get("kind")),
             "Satisfaction (1 à 5)": e.data.get("satisfaction"),
             "Commentaires": e.data.get("comments"),
             "Source": SOURCE.get(e.data.get("source"), e.data.get("source")),
             "Répondu le": e.data.get("answered_at")}
            for e in mine
            if e.type == EvaluationAnswered.type and e.data.get("person_id") == person_id]


def _scans(conn, activity_list):
    """The scanned sheets of the sessions of the person's activities: they may show their
    name and signature among others'."""
    titles = {a.id: a.details["title"] for a in activity_list}
    if not titles:
        return []
    rows = conn.execute(select(signed_sheets.c.activity_id, signed_sheets.c.name,
                               signed_sheets.c.uploaded_at)
                        .where(signed_sheets.c.activity_id.in_(titles))
                        .order_by(signed_sheets.c.uploaded_at)).all()
    return [{"Activité": titles[a], "Fichier": name, "Déposé le": at.isoformat()}
            for a, name, at in rows]


def _day(value):
    return value.isoformat() if value else None


def _yes(flag) -> str:
    return "oui" if flag else "non"
