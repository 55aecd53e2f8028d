"""The read tables of organisations, affiliations and interactions, updated in the same
transaction as the events are appended (listed in stakeholders.events.PROJECTORS)."""
from __future__ import annotations

from typing import Sequence

from sqlalchemy import (JSON, Boolean, Column, Date, DateTime, Index, Integer, MetaData,
                        String, Table, Text, delete, insert, select, update)

from shared.eventstore import StoredEvent

from ..projections import normalise
from .domain import LIST_FIELDS, ORGANISATION_FIELDS, registry

metadata = MetaData()

organisations = Table(
    "organisations", metadata,
    Column("id", String(36), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("name", String(200), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("siret", String(14)),
    Column("rna", String(10)),
    Column("ice", String(15)),
    Column("country", String(2)),
    Column("region", String(200)),
    Column("province", String(200)),
    Column("town", String(200)),
    Column("email", String(200)),
    Column("phone", String(40)),
    Column("website", String(200)),
    Column("approval_number", String(200)),
    Column("approval_start", Date),
    Column("approval_end", Date),
    Column("capacity", Integer),
    Column("programmes", JSON, nullable=False),
    Column("tags", JSON, nullable=False),
    Column("programmes_text", Text, nullable=False),  # " MTD2 GC " for filtering
    Column("search", Text, nullable=False),           # lowercase, accents stripped
    Column("sort_name", String(200), nullable=False),
    Column("archived", Boolean, nullable=False),
    Column("archived_reason", Text),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
Index("ix_organisations_sort_name", organisations.c.sort_name)

affiliations = Table(
    "affiliations", metadata,
    Column("id", String(36), primary_key=True),
    Column("organisation_id", String(36), nullable=False, index=True),
    Column("person_id", String(36), nullable=False, index=True),
    Column("role", String(100), nullable=False),
    Column("start", Date, nullable=False),
    Column("end", Date),
    Column("added_at", DateTime(timezone=True), nullable=False),
)

interactions = Table(
    "interactions", metadata,
    Column("id", String(36), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("subject_type", String(16), nullable=False),
    Column("subject_id", String(36), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("date", Date, nullable=False),
    Column("author_id", String(64)),
    Column("summary", String(500), nullable=False),
    Column("notes", Text),
    Column("removed", Boolean, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)
Index("ix_interactions_subject", interactions.c.subject_id, interactions.c.date)

DATES = ("approval_start", "approval_end")


def _derived(row: dict) -> dict:
    return {"search": normalise(" ".join(filter(None, (
                row.get("name"), row.get("town"), row.get("email"), row.get("siret"),
                row.get("rna"), row.get("ice"))))),
            "sort_name": normalise(row.get("name"))[:200],
            "programmes_text": " " + " ".join(row.get("programmes") or ()) + " "}


def _columns(event, names) -> dict:
    out = {}
    for name in names:
        value = getattr(event, name)
        out[name] = list(value or ()) if name in LIST_FIELDS else value
    return out


def project_organisations(conn, stored_events: Sequence[StoredEvent]) -> None:
    for stored in stored_events:
        if stored.stream_type == "organisation":
            _organisation(conn, stored)
        elif stored.stream_type == "interaction":
            _interaction(conn, stored)


def _organisation(conn, stored: StoredEvent) -> None:
    event = registry.to_event(stored.type, stored.data)
    oid = stored.stream_id
    values = {"version": stored.version, "updated_at": stored.recorded_at}
    if stored.type == "organisation.registered":
        row = _columns(event, ORGANISATION_FIELDS)
        conn.execute(insert(organisations).values(
            id=oid, version=stored.version, archived=False, registered_at=stored.recorded_at,
            updated_at=stored.recorded_at, **row, **_derived(row)))
        return
    if stored.type == "organisation.corrected":
        changes = _columns(event, event.changed)
        current = conn.execute(select(*[organisations.c[n] for n in (
            "name", "town", "email", "siret", "rna", "ice", "programmes")])
            .where(organisations.c.id == oid)).mappings().one()
        values.update(changes, **_derived({**current, **changes}))
    elif stored.type == "organisation.archived":
        values.update(archived=True, archived_reason=event.reason)
    elif stored.type == "organisation.affiliation_added":
        conn.execute(insert(affiliations).values(
            id=event.affiliation_id, organisation_id=oid, person_id=event.person_id,
            role=event.role, start=event.start, end=event.end, added_at=stored.recorded_at))
    elif stored.type == "organisation.affiliation_ended":
        conn.execute(update(affiliations).where(affiliations.c.id == event.affiliation_id)
                     .values(end=event.end))
    elif stored.type == "organisation.affiliation_removed":
        conn.execute(delete(affiliations).where(affiliations.c.id == event.affiliation_id))
    elif stored.type == "organisation.affiliation_moved":
        conn.execute(update(affiliations).where(affiliations.c.id == event.affiliation_id)
                     .values(person_id=event.person_id))
    conn.execute(update(organisations).where(organisations.c.id == oid).values(**values))


def _interaction(conn, stored: StoredEvent) -> None:
    event = registry.to_event(stored.type, stored.data)
    if stored.type == "interaction.recorded":
        conn.execute(insert(interactions).values(
            id=stored.stream_id, version=stored.version, subject_type=event.subject_type,
            subject_id=event.subject_id, kind=event.kind, date=event.date,
            author_id=event.author_id, summary=event.summary, notes=event.notes,
            removed=False, recorded_at=stored.recorded_at))
    elif stored.type == "interaction.removed":
        conn.execute(update(interactions).where(interactions.c.id == stored.stream_id)
                     .values(removed=True, version=stored.version))
    elif stored.type == "interaction.moved":
        conn.execute(update(interactions).where(interactions.c.id == stored.stream_id)
                     .values(subject_id=event.subject_id, version=stored.version))
