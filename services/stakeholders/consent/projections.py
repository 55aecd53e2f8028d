"""`people_consents`: the current consent per person and purpose, updated in the append
transaction (one row per purpose ever asked; no row = never asked)."""
from __future__ import annotations

import datetime as dt
from typing import Sequence

from sqlalchemy import (Column, Date, DateTime, Integer, MetaData, String, Table, Text, insert,
                        update)

from shared.eventstore import StoredEvent

from .domain import GIVEN, WITHDRAWN

metadata = MetaData()

people_consents = Table(
    "people_consents", metadata,
    Column("person_id", String(36), primary_key=True),
    Column("purpose", String(40), primary_key=True),
    Column("status", String(16), nullable=False),     # given | withdrawn
    Column("since", Date, nullable=False),
    Column("method", String(20), nullable=False),
    Column("note", Text),
    Column("recorded_by", String(64)),
    Column("version", Integer, nullable=False),       # the person's stream version
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

_STATUS = {"person.consent_given": (GIVEN, "given_at"),
           "person.consent_withdrawn": (WITHDRAWN, "withdrawn_at")}


def project_consents(conn, stored_events: Sequence[StoredEvent]) -> None:
    for stored in stored_events:
        if stored.stream_type != "person" or stored.type not in _STATUS:
            continue
        status, date_field = _STATUS[stored.type]
        data = stored.data
        values = {"status": status, "since": _date(data[date_field]), "method": data["method"],
                  "note": data.get("note"), "recorded_by": (stored.metadata or {}).get("actor"),
                  "version": stored.version, "recorded_at": stored.recorded_at}
        key = ((people_consents.c.person_id == stored.stream_id)
               & (people_consents.c.purpose == data["purpose"]))
        if conn.execute(update(people_consents).where(key).values(**values)).rowcount == 0:
            conn.execute(insert(people_consents).values(
                person_id=stored.stream_id, purpose=data["purpose"], **values))


def _date(value):
    return dt.date.fromisoformat(value) if isinstance(value, str) else value
