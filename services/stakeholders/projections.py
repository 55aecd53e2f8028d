"""The `people` read table, updated in the same transaction as the events are appended."""
from __future__ import annotations

import unicodedata
from typing import Sequence

from sqlalchemy import (JSON, Boolean, Column, Date, DateTime, Integer, MetaData, String, Table,
                        Text, bindparam, false, select)

from shared.eventstore import StoredEvent, insert_row, update_row
from shared.eventstore.shredding import ERASED_TEXT

from .domain import LIST_FIELDS, PERSON_FIELDS, registry
from .duplicates.domain import decode
from .search import name_key, name_keys_text, phone_key

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
    # search and duplicates (0003_search_duplicates): see search.py
    Column("given_key", String(200), nullable=False, server_default=""),
    Column("family_key", String(200), nullable=False, server_default=""),
    Column("name_keys", Text, nullable=False, server_default=" "),  # " k1 k2 " word keys
    Column("phone_key", String(40)),
    Column("whatsapp_key", String(40)),
    Column("merged_into", String(36)),  # the survivor, while this person is merged into it
    # erasure (0013_person_erasure): the row stays, scrubbed (see ERASED_ROW)
    Column("erased", Boolean, nullable=False, server_default=false()),
    Column("erased_at", DateTime(timezone=True)),
)

# What an erased person's row keeps: no name, contact point, birth date, town or free text;
# the facts that anonymous counts need (sex, country, region, roles, programmes, tags: codes,
# which the events carry in clear) stay.
ERASED_ROW = {
    "given_name": ERASED_TEXT, "family_name": "", "birth_date": None, "residence_town": None,
    "email": None, "phone": None, "whatsapp": None, "archived_reason": None,
    "search": "", "sort_name": "", "given_key": "", "family_key": "", "name_keys": " ",
    "phone_key": None, "whatsapp_key": None, "archived": True, "erased": True,
}

def normalise(text: str | None) -> str:
    """Lowercase, accents stripped, spaces collapsed: 'Aïcha  Ézzahra' -> 'aicha ezzahra'."""
    if text and text.isascii():  # nothing to decompose (most names, every email)
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.lower().split())


def _derived(row: dict) -> dict:
    country = row.get("residence_country")
    return {
        # numbers recorded before E.164 (events are never rewritten) are read in the
        # residence country; new ones already are E.164
        "phone": phone_key(row.get("phone"), country) or row.get("phone"),
        "whatsapp": phone_key(row.get("whatsapp"), country) or row.get("whatsapp"),
        "search": normalise(" ".join(filter(None, (row.get("given_name"), row.get("family_name"),
                                                   row.get("email"))))),
        "sort_name": normalise(f"{row.get('family_name') or ''} {row.get('given_name') or ''}"),
        "roles_text": " " + " ".join(row.get("roles") or ()) + " ",
        "given_key": name_key(row.get("given_name")),
        "family_key": name_key(row.get("family_name")),
        "name_keys": name_keys_text(row.get("given_name"), row.get("family_name")),
        "phone_key": phone_key(row.get("phone"), country),
        "whatsapp_key": phone_key(row.get("whatsapp"), country),
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
        event = registry.event_of(stored)
        if stored.type == "person.registered":
            # data of an event just appended is its to_data(); read back, decode it again
            row = _columns(stored.data if stored.event is not None else event.to_data())
            row["birth_date"] = event.birth_date
            insert_row(conn, people, {
                "id": stored.stream_id, "version": stored.version, "archived": False,
                "registered_at": stored.recorded_at, "updated_at": stored.recorded_at,
                **row, **_derived(row)})
            continue
        values = {"version": stored.version, "updated_at": stored.recorded_at}
        if stored.type in ("person.corrected", "person.absorbed", "person.absorption_undone"):
            if stored.type == "person.corrected":
                changes = _columns(event.to_data())
                if "birth_date" in changes:
                    changes["birth_date"] = event.birth_date
            else:
                changes = _columns(decode(event.changes if stored.type == "person.absorbed"
                                          else event.restored))
            current = conn.execute(_CURRENT, {"id": stored.stream_id}).mappings().one()
            values.update(changes, **_derived({**current, **changes}))
        elif stored.type == "person.archived":
            values.update(archived=True, archived_reason=event.reason)
        elif stored.type == "person.erased":
            values.update(ERASED_ROW, erased_at=stored.recorded_at)
        elif stored.type == "person.merged_into":
            values.update(merged_into=event.survivor_id)
        elif stored.type == "person.unmerged":
            values.update(merged_into=None)
        update_row(conn, people, {"id": stored.stream_id}, values)


# What _derived needs of the row before a correction (built once: see pipeline.py).
_CURRENT = (select(people.c.given_name, people.c.family_name, people.c.email, people.c.roles,
                   people.c.phone, people.c.whatsapp, people.c.residence_country)
           .where(people.c.id == bindparam("id")))
