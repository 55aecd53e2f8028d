"""The erasure register and the services' confirmations.

`erasures`: one row per stakeholders `person.erased`, written in its append transaction
(listed in stakeholders.events.PROJECTORS). It names no one: the person's id, when, by
whom and why (the reason must not name them, see domain.PersonErased).
`erasure_confirmations`: one row per service that confirmed (its `privacy.person_erased`,
received by stakeholders' consumer, see `apply_confirmation`).
"""
from __future__ import annotations

from typing import Sequence

from sqlalchemy import Column, DateTime, MetaData, String, Table, Text, insert, select

from shared.eventstore import StoredEvent
from shared.privacy.erasure import CONFIRMED, ERASED

metadata = MetaData()

# The services that hold a part of the person and confirm their erasure.
CONFIRMING = ("activities", "missions", "reporting")

erasures = Table(
    "erasures", metadata,
    Column("erasure_id", String(36), primary_key=True),   # the person.erased event's id
    Column("person_id", String(36), nullable=False, unique=True),
    Column("recorded_at", DateTime(timezone=True), nullable=False, index=True),
    Column("actor", String(64)),
    Column("reason", Text, nullable=False),
)

erasure_confirmations = Table(
    "erasure_confirmations", metadata,
    Column("person_id", String(36), primary_key=True),
    Column("service", String(32), primary_key=True),
    Column("erasure_id", String(36)),                     # the person.erased honoured
    Column("event_id", String(36), nullable=False),       # the service's confirmation
    Column("confirmed_at", DateTime(timezone=True), nullable=False),
)


def register_erasures(conn, stored_events: Sequence[StoredEvent]) -> None:
    for stored in stored_events:
        if stored.type != ERASED or stored.stream_type != "person":
            continue
        conn.execute(insert(erasures).values(
            erasure_id=stored.id, person_id=stored.stream_id, recorded_at=stored.recorded_at,
            actor=(stored.metadata or {}).get("actor"), reason=stored.data.get("reason") or ""))


def apply_confirmation(conn, event) -> bool:
    """A service's `privacy.person_erased` (a ReceivedEvent) to the confirmations, once
    per person and service (a replay or a second confirmation changes nothing)."""
    if event.type != CONFIRMED or event.source not in CONFIRMING:
        return False
    person_id = event.data.get("person_id") or ""
    if not person_id:
        return False
    c = erasure_confirmations.c
    known = conn.execute(select(c.event_id).where(c.person_id == person_id,
                                                  c.service == event.source)).first()
    if known is None:
        conn.execute(insert(erasure_confirmations).values(
            person_id=person_id, service=event.source, erasure_id=event.data.get("erasure_id"),
            event_id=event.id, confirmed_at=event.time))
    return True
