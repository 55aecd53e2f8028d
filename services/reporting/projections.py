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


def _person_merged_into(conn: Connection, event: ReceivedEvent) -> None:
    """A person merged into another is counted as the survivor only: out, like archived."""
    conn.execute(update(people).where(people.c.person_id == event.stream_id)
                 .values(archived=True))


def _person_unmerged(conn: Connection, event: ReceivedEvent) -> None:
    """Un-merged: counted again (merging is refused for archived people, so it was active)."""
    conn.execute(update(people).where(people.c.person_id == event.stream_id)
                 .values(archived=False))


def _person_absorbed(conn: Connection, event: ReceivedEvent, key: str = "changes") -> None:
    """The survivor of a merge takes the field values chosen (or, undone, its own back)."""
    values = domain.person_attributes(
        {k: v for k, v in (event.data.get(key) or {}).items() if k in domain.KEPT_FIELDS})
    if values:
        conn.execute(update(people).where(people.c.person_id == event.stream_id).values(**values))


def _person_absorption_undone(conn: Connection, event: ReceivedEvent) -> None:
    _person_absorbed(conn, event, "restored")


_HANDLERS = {
    "stakeholders.person.registered": _person_registered,
    "stakeholders.person.corrected": _person_corrected,
    "stakeholders.person.archived": _person_archived,
    "stakeholders.person.merged_into": _person_merged_into,
    "stakeholders.person.unmerged": _person_unmerged,
    "stakeholders.person.absorbed": _person_absorbed,
    "stakeholders.person.absorption_undone": _person_absorption_undone,
}
