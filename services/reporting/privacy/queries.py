"""Reporting's part of the right of access: what it holds under the person's id (its
attributes for the statistics, the facts counted, the submitted reports that list them).
After the erasure it holds nothing under that id: its counts are anonymous."""
from __future__ import annotations

from sqlalchemy import Connection, Text, cast, select

from ..facts.tables import activities, attendance, missions
from ..programmes.projections import submitted_reports
from ..projections import people

SEX = {"female": "femme", "male": "homme", "other": "autre", "unknown": "inconnu"}


def _day(value) -> str | None:
    return value.isoformat() if value else None


def attributes(conn: Connection, person_id: str) -> list[dict]:
    row = conn.execute(select(people).where(people.c.person_id == person_id)).first()
    if row is None:
        return []
    return [{"Sexe": SEX.get(row.sex, row.sex), "Date de naissance": _day(row.birth_date),
             "Pays de résidence": row.country, "Région de résidence": row.region,
             "Rôles": ", ".join(row.roles or []), "Archivée": "oui" if row.archived else "non"}]


def marks(conn: Connection, person_id: str) -> list[dict]:
    query = (select(attendance, activities.c.programme, activities.c.kind)
             .outerjoin(activities, activities.c.activity_id == attendance.c.activity_id)
             .where(attendance.c.person_id == person_id)
             .order_by(attendance.c.date, attendance.c.session_id, attendance.c.half_day,
                       attendance.c.version))
    return [{"Date": _day(r.date), "Activité": r.activity_id, "Séance": r.session_id,
             "Programme": r.programme, "Type d’activité": r.kind, "Demi-journée": r.half_day,
             "Statut": r.status, "Heures": r.hours, "Enregistré le": r.recorded_at.isoformat()}
            for r in conn.execute(query)]


def missions_of(conn: Connection, person_id: str) -> list[dict]:
    query = (select(missions).where(missions.c.volunteer_id == person_id)
             .order_by(missions.c.planned_start, missions.c.mission_id))
    return [{"Mission": r.mission_id, "Programme": r.programme, "Bureau": r.office,
             "Dispositif": r.scheme, "Statut": r.status, "Début prévu": _day(r.planned_start),
             "Fin prévue": _day(r.planned_end), "Commencée le": _day(r.started_on),
             "Terminée le": _day(r.ended_on), "Heures par semaine": r.weekly_hours}
            for r in conn.execute(query)]


def reports(conn: Connection, person_id: str) -> list[dict]:
    query = (select(submitted_reports)
             .where(cast(submitted_reports.c.snapshot, Text).contains(person_id, autoescape=True))
             .order_by(submitted_reports.c.submitted_at))
    return [{"Rapport": r.report_id, "Programme": r.programme,
             "Période": f"{_day(r.period_from)} – {_day(r.period_to)}",
             "Soumis le": r.submitted_at.isoformat()} for r in conn.execute(query)]


def gather(conn: Connection, person_id: str) -> list[dict]:
    """The sections of shared.privacy.access, in French."""
    return [
        {"title": "Statistiques : attributs retenus", "rows": attributes(conn, person_id)},
        {"title": "Statistiques : présences comptées", "rows": marks(conn, person_id)},
        {"title": "Statistiques : missions comptées", "rows": missions_of(conn, person_id)},
        {"title": "Rapports aux bailleurs qui vous comptent", "rows": reports(conn, person_id)},
    ]
