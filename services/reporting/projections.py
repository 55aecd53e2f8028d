"""Reporting tables, fed by the events of the other services."""
from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, Connection, Integer, MetaData, String, Table,
                        select, update)

from shared.messaging.envelope import ReceivedEvent

from . import domain

metadata = MetaData()

# One row per person known to stakeholders: id and the attributes reports need, no more.
people = Table(
    "reporting_people", metadata,
    Column("person_id", String(64), primary_key=True),
    Column("sex", String(16), nullable=False, default="unknown"),
    Column("birth_year", Integer),
    Column("country", String(2)),
    Column("region", String(128)),
    Column("roles", JSON, nullable=False, default=list),
    Column("archived", Boolean, nullable=False, default=False),
)

# Which source services reporting follows, and what it listens to on the exchange.
SOURCES = {"stakeholders": ["stakeholders.person.*"]}


def apply_event(conn: Connection, event: ReceivedEvent) -> None:
    """Project one event; called by the consumer inside its tracking transaction."""
    handler = _HANDLERS.get(event.routing_key)
    if handler:
        handler(conn, event)


def _person_registered(conn: Connection, event: ReceivedEvent) -> None:
    row = {"sex": "unknown", "birth_year": None, "country": None, "region": None, "roles": [],
           "archived": False, **domain.person_attributes(event.data)}
    exists = conn.execute(select(people.c.person_id)
                          .where(people.c.person_id == event.stream_id)).first()
    if exists:  # a replay after a rebuild: the registration states the person afresh
        conn.execute(update(people).where(people.c.person_id == event.stream_id).values(**row))
    else:
        conn.execute(people.insert().values(person_id=event.stream_id, **row))


def _person_corrected(conn: Connection, event: ReceivedEvent) -> None:
    values = domain.person_attributes(domain.changed_fields(event.data))
    if values:
        conn.execute(update(people).where(people.c.person_id == event.stream_id).values(**values))


def _person_archived(conn: Connection, event: ReceivedEvent) -> None:
    conn.execute(update(people).where(people.c.person_id == event.stream_id)
                 .values(archived=True))


_HANDLERS = {
    "stakeholders.person.registered": _person_registered,
    "stakeholders.person.corrected": _person_corrected,
    "stakeholders.person.archived": _person_archived,
}
