"""The `people` read table, updated in the same transaction as the events are appended."""
from __future__ import annotations

import unicodedata
from typing import Sequence

from sqlalchemy import (JSON, Boolean, Column, Date, DateTime, Integer, MetaData, String, Table,
                        Text, insert, select, update)

from shared.eventstore import StoredEvent

from .domain import LIST_FIELDS, PERSON_FIELDS, registry

metadata = MetaData()

people = Table(
    "people", metadata,
    Column("id", String(36), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("given_name", String(200), nullable=False),
    Column("family_name", String(200), nullable=False),
    Column("sex", String(16), nullable=False),
    Column("birth_date", Date),
    Column("nationality", String(2)),
    Column("residence_country", String(2)),
    Column("residence_region", String(200)),
    Column("residence_province", String(200)),
    Column("residence_town", String(200)),
    Column("email", String(200)),
    Column("phone", String(40)),
    Column("whatsapp", String(40)),
    Column("languages", JSON, nullable=False),
    Column("roles", JSON, nullable=False),
    Column("programmes", JSON, nullable=False),
    Column("tags", JSON, nullable=False),
    Column("roles_text", Text, nullable=False),   # " volunteer partner_staff " for filtering
    Column("search", Text, nullable=False),       # lowercase, accents stripped: names + email
    Column("sort_name", String(400), nullable=False),
    Column("archived", Boolean, nullable=False),
    Column("archived_reason", Text),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

def normalise(text: str | None) -> str:
    """Lowercase, accents stripped, spaces collapsed: 'Aïcha  Ézzahra' -> 'aicha ezzahra'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.lower().split())


def _derived(row: dict) -> dict:
    return {
        "search": normalise(" ".join(filter(None, (row.get("given_name"), row.get("family_name"),
                                                   row.get("email"))))),
        "sort_name": normalise(f"{row.get('family_name') or ''} {row.get('given_name') or ''}"),
        "roles_text": " " + " ".join(row.get("roles") or ()) + " ",
    }


def _columns(data: dict) -> dict:
    out = {}
    for name in PERSON_FIELDS:
        if name in data:
            value = data[name]
            out[name] = list(value or ()) if name in LIST_FIELDS else value
    return out


def project_people(conn, stored_events: Sequence[StoredEvent]) -> None:
    for stored in stored_events:
        if stored.stream_type != "person":
            continue
        event = registry.to_event(stored.type, stored.data)
        if stored.type == "person.registered":
            row = _columns(event.to_data())
            row["birth_date"] = event.birth_date
            conn.execute(insert(people).values(
                id=stored.stream_id, version=stored.version, archived=False,
                registered_at=stored.recorded_at, updated_at=stored.recorded_at,
                **row, **_derived(row)))
            continue
        values = {"version": stored.version, "updated_at": stored.recorded_at}
        if stored.type == "person.corrected":
            changes = _columns(event.to_data())
            if "birth_date" in changes:
                changes["birth_date"] = event.birth_date
            current = conn.execute(select(people.c.given_name, people.c.family_name,
                                          people.c.email, people.c.roles)
                                   .where(people.c.id == stored.stream_id)).mappings().one()
            values.update(changes, **_derived({**current, **changes}))
        elif stored.type == "person.archived":
            values.update(archived=True, archived_reason=event.reason)
        conn.execute(update(people).where(people.c.id == stored.stream_id).values(**values))
