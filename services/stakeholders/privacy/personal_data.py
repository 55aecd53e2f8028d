"""The right of access: stakeholders' own part, and the whole document gathered from every
service.

Each part is `{"service", "status", "sections": [{"title", "rows": [{column: value}]}]}`
(shared/privacy/access.py). Titles, columns and values are in French whatever the admin's
language: the document is written for the person (DOMAIN.md), so values are text as read
(dates as dd/mm/yyyy), not codes.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import force_locale, format_date, format_datetime, gettext
from sqlalchemy import Connection, Text, cast, select

from shared.eventstore import NotFound
from shared.web.wiring import store as _store

from .. import labels
from ..consent import labels as consent_labels
from ..domain import PERSON_FIELDS
from ..imports.tables import imports
from ..organisations import labels as organisation_labels
from ..organisations.projections import affiliations, interactions, organisations
from ..projections import people
from ..queries import describe
from ..segments.projections import segments
from ..segments.queries import matching
from ..staff.queries import emails_by_id

SERVICE_NAMES = {"stakeholders": "Acteurs (fiche, consentements, interactions)",
                 "activities": "Activités", "missions": "Missions",
                 "reporting": "Indicateurs et rapports"}


def person_exists(conn: Connection, person_id: str) -> bool:
    return conn.execute(select(people.c.id).where(people.c.id == person_id)).first() is not None


def gather_own(conn: Connection, person_id: str) -> list[dict[str, Any]]:
    """Everything stakeholders holds about the person, as sections (empty ones included:
    the route drops them)."""
    with force_locale("fr"):
        return [_record(conn, person_id), _consents(conn, person_id),
                _affiliations(conn, person_id), _interactions(conn, person_id),
                _segments(conn, person_id), _imports(conn, person_id),
                _history(conn, person_id)]


def document(conn: Connection, person_id: str, others: list[dict[str, Any]],
             now: dt.datetime | None = None) -> dict[str, Any]:
    """The whole right-of-access document: stakeholders' part first, then the others' (as
    the client answered them: sections, or `unreachable` with why)."""
    if not person_exists(conn, person_id):
        raise NotFound("person", person_id)
    own = [s for s in gather_own(conn, person_id) if s["rows"]]
    row = conn.execute(select(people.c.given_name, people.c.family_name)
                       .where(people.c.id == person_id)).first()
    parts = [{"service": "stakeholders", "status": "ok", "sections": own}, *others]
    for part in parts:
        part["title"] = SERVICE_NAMES.get(part["service"], part["service"])
    return {"person_id": person_id, "name": f"{row.given_name} {row.family_name.upper()}",
            "generated_at": (now or dt.datetime.now(dt.timezone.utc)).isoformat(),
            "services": parts}


# -- sections --------------------------------------------------------------------------

def _section(title: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"title": title, "rows": rows}


def text(value) -> str:
    """A value as the person reads it (French dates, lists joined, nothing for None)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return format_datetime(_utc(value), "dd/MM/yyyy HH:mm")
    if isinstance(value, dt.date):
        return format_date(value, "dd/MM/yyyy")
    if isinstance(value, (list, tuple)):
        return ", ".join(text(v) for v in value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(value)


def _record(conn, person_id):
    row = conn.execute(select(people).where(people.c.id == person_id)).mappings().first()
    if row is None:
        return _section("Fiche de la personne", [])
    rows = [{"Donnée": str(labels.FIELDS[name]),
             "Valeur": _shown(name, row[name], row["residence_country"])}
            for name in PERSON_FIELDS if row[name] not in (None, "", [], ())]
    rows.append({"Donnée": "Enregistrée le", "Valeur": text(row["registered_at"])})
    rows.append({"Donnée": "Dernière modification", "Valeur": text(row["updated_at"])})
    if row["archived"]:
        rows.append({"Donnée": "Archivée", "Valeur": row["archived_reason"] or "oui"})
    if row["merged_into"]:
        rows.append({"Donnée": "Fusionnée dans la fiche", "Valeur": row["merged_into"]})
    return _section("Fiche de la personne", rows)


def _shown(name, value, country) -> str:
    if name in ("languages", "roles") and isinstance(value, list):
        table = labels.LANGUAGE if name == "languages" else labels.ROLE
        return ", ".join(str(table.get(v, v)) for v in value)
    if name in ("nationality", "residence_country"):
        return labels.country_name(value)
    shown = labels.show(name, value, country)
    return ", ".join(shown) if isinstance(shown, (list, tuple)) else str(shown)


def _consents(conn, person_id):
    from ..consent.projections import people_consents
    c = people_consents.c
    found = conn.execute(select(people_consents).where(c.person_id == person_id)
                         .order_by(c.purpose)).mappings().all()
    emails = emails_by_id(conn, [r["recorded_by"] for r in found])
    return _section("Consentements", [
        {"Finalité": consent_labels.purpose(r["purpose"]),
         "État": "donné" if r["status"] == "given" else "retiré", "Depuis": text(r["since"]),
         "Recueilli par": consent_labels.method(r["method"]), "Note": r["note"] or "",
         "Enregistré par": emails.get(r["recorded_by"]) or r["recorded_by"] or ""}
        for r in found])


def _affiliations(conn, person_id):
    a, o = affiliations.c, organisations.c
    found = conn.execute(select(a.role, a.start, a.end, o.name)
                         .select_from(affiliations.outerjoin(organisations,
                                                             o.id == a.organisation_id))
                         .where(a.person_id == person_id).order_by(a.start)).all()
    return _section("Rattachements à des organisations", [
        {"Organisation": r.name or "", "Rôle": r.role, "Depuis": text(r.start),
         "Jusqu'au": text(r.end)} for r in found])


def _interactions(conn, person_id):
    i = interactions.c
    found = conn.execute(select(interactions).where(
        i.subject_type == "person", i.subject_id == person_id, i.removed.is_(False))
        .order_by(i.date, i.recorded_at)).mappings().all()
    emails = emails_by_id(conn, [r["author_id"] for r in found])
    return _section("Interactions et notes", [
        {"Date": text(r["date"]),
         "Type": str(organisation_labels.INTERACTION.get(r["kind"], r["kind"])),
         "Résumé": r["summary"], "Notes": r["notes"] or "",
         "Auteur": emails.get(r["author_id"]) or r["author_id"] or ""} for r in found])


def _segments(conn, person_id):
    rows = []
    for segment in conn.execute(select(segments).where(segments.c.deleted.is_(False))
                                .order_by(segments.c.name)).mappings():
        inside = conn.execute(select(people.c.id).where(
            people.c.id == person_id, matching(segment["criteria"] or {}))).first()
        if inside:
            rows.append({"Segment": segment["name"], "Description": segment["description"] or "",
                         "Finalité": consent_labels.purpose(segment["purpose"])})
    return _section("Segments dont la personne fait partie", rows)


def _imports(conn, person_id):
    """The imports that created the person, with the spreadsheet row kept for them."""
    found = conn.execute(select(imports).where(
        cast(imports.c.report, Text).like(f'%"{person_id}"%')).order_by(imports.c.created_at)
    ).mappings().all()
    emails = emails_by_id(conn, [r["created_by"] for r in found])
    rows = []
    for record in found:
        lines = {e["line"] for e in (record["report"] or {}).get("imported", ())
                 if e.get("id") == person_id}
        for entry in (record["rows"] or {}).get("rows", ()):
            if entry.get("line") in lines:
                data = "; ".join(f"{k} : {text(v)}" for k, v in (entry.get("data") or {}).items()
                                 if v not in (None, ""))
                rows.append({"Fichier": record["filename"], "Importé le":
                             text(record["created_at"]), "Par": emails.get(
                                 record["created_by"]) or record["created_by"] or "",
                             "Ligne": str(entry["line"]), "Données importées": data})
    return _section("Imports de fichiers", rows)


def _history(conn, person_id):
    stored = _store().load(person_id, conn=conn)
    if not stored:
        return _section("Historique de la fiche", [])
    emails = emails_by_id(conn, [(s.metadata or {}).get("actor") for s in stored])
    rows = []
    for entry in reversed(describe(stored, emails)):  # oldest first
        actor = entry["actor_email"] or entry["actor"] or gettext("the system")
        rows.append({"Date": text(entry["at"]), "Par": actor, "Événement": entry["summary"],
                     "Détails": " ; ".join(entry["changes"])})
    return _section("Historique de la fiche", rows)


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value

