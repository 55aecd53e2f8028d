"""Reporting tables, fed by the events of the other services.

Each row remembers the stream version of the last event it took: an event applies only if
it is newer, so that no replay (a rebuild, a republished message) reverts a correction."""
from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, Connection, Date, Integer, MetaData, String,
                        Table, select, text, update)

from shared.messaging.envelope import ReceivedEvent
from shared.privacy.erasure import ERASED_BINDING

from . import domain
from .facts import activities as activity_facts, missions as mission_facts, presence
from .privacy import projections as erasure

metadata = MetaData()

# One row per person known to stakeholders: id and the attributes reports need, no more.
people = Table(
    "reporting_people", metadata,
    Column("person_id", String(64), primary_key=True),
    Column("sex", String(16), nullable=False, default="unknown"),
    Column("birth_year", Integer),
    Column("birth_date", Date),      # for the age band at the date of each fact
    Column("country", String(2)),
    Column("region", String(128)),
    Column("roles", JSON, nullable=False, default=list),
    Column("archived", Boolean, nullable=False, default=False),
    Column("version", Integer, nullable=False, default=0),  # of the person's stream
)

# Which source services reporting follows, and what it listens to on the exchange.
SOURCES = {"stakeholders": ["stakeholders.person.*"],
           "activities": ["activities.activity.*"],
           "missions": ["missions.mission.*", "missions.accompaniment.*"]}
FACT_HANDLERS = {"activities": activity_facts.HANDLERS, "missions": mission_facts.HANDLERS}


def apply_event(conn: Connection, event: ReceivedEvent, newer=None, sums: bool = True
                ) -> None:
    """Project one event; called by the consumer inside its tracking transaction. `newer`
    decides whether a fact event is newer than its stream's versions here (a rebuild's
    replay keeps them in memory); by default one statement against `streams`. `sums`:
    keep the presence sums (a rebuild sums them once at its end)."""
    handler = _HANDLERS.get(event.routing_key)
    if not handler:
        handler = FACT_HANDLERS.get(event.source, {}).get(event.type)
        if not handler or not (newer or _newer)(conn, event):
            return
        event = erasure.mapped(conn, event)  # an erased person's id: their pseudonym
    if sums:
        presence.before(conn, event)
    handler(conn, event)
    if sums:
        presence.after(conn, event)


# One prepared statement (the hot path of every fact event): noted only if newer.
_NOTE_IF_NEWER = text(
    "INSERT INTO rep_streams (source, stream_id, version) SELECT s, i, v FROM "
    "(SELECT CAST(:source AS varchar) s, CAST(:id AS varchar) i, CAST(:version AS integer) v)"
    " e WHERE NOT EXISTS (SELECT 1 FROM rep_streams WHERE source = e.s AND stream_id = e.i "
    "AND version >= e.v) RETURNING version")


def _newer(conn: Connection, event: ReceivedEvent) -> bool:
    """Whether `event` is newer than every version of its stream applied here (and note
    it if so), in one statement: a replayed or republished event changes nothing."""
    return conn.execute(_NOTE_IF_NEWER, {"source": event.source, "id": event.stream_id,
                                         "version": event.version}).first() is not None


def _update(conn: Connection, event: ReceivedEvent, **values) -> None:
    """Change the person's row if `event` is newer than what it holds."""
    conn.execute(update(people).where(people.c.person_id == event.stream_id)
                 .where(people.c.version < event.version)
                 .values(version=event.version, **values))


def _person_registered(conn: Connection, event: ReceivedEvent) -> None:
    row = {"sex": "unknown", "birth_year": None, "birth_date": None, "country": None, "region": None, "roles": [],
           "archived": False, **domain.person_attributes(event.data)}
    exists = conn.execute(select(people.c.person_id)
                          .where(people.c.person_id == event.stream_id)).first()
    if exists:  # a replay: states the person afresh only over an older row
        _update(conn, event, **row)
    elif not erasure.is_erased(conn, event.stream_id):  # erased: replayed after it, or rebuilt
        conn.execute(people.insert().values(person_id=event.stream_id, version=event.version,
                                            **row))


def _person_corrected(conn: Connection, event: ReceivedEvent) -> None:
    _update(conn, event, **domain.person_attributes(domain.changed_fields(event.data)))


def _person_archived(conn: Connection, event: ReceivedEvent) -> None:
    _update(conn, event, archived=True)


def _person_merged_into(conn: Connection, event: ReceivedEvent) -> None:
    """A person merged into another is counted as the survivor only: out, like archived."""
    _update(conn, event, archived=True)


def _person_unmerged(conn: Connection, event: ReceivedEvent) -> None:
    """Un-merged: counted again (merging is refused for archived people, so it was active)."""
    _update(conn, event, archived=False)


def _person_absorbed(conn: Connection, event: ReceivedEvent, key: str = "changes") -> None:
    """The survivor of a merge takes the field values chosen (or, undone, its own back)."""
    _update(conn, event, **domain.person_attributes(
        {k: v for k, v in (event.data.get(key) or {}).items() if k in domain.KEPT_FIELDS}))


def _person_absorption_undone(conn: Connection, event: ReceivedEvent) -> None:
    _person_absorbed(conn, event, "restored")


def _person_erased(conn: Connection, event: ReceivedEvent) -> None:
    erasure.person_erased(conn, event, people)


_HANDLERS = {
    "stakeholders.person.registered": _person_registered,
    "stakeholders.person.corrected": _person_corrected,
    "stakeholders.person.archived": _person_archived,
    "stakeholders.person.merged_into": _person_merged_into,
    "stakeholders.person.unmerged": _person_unmerged,
    "stakeholders.person.absorbed": _person_absorbed,
    "stakeholders.person.absorption_undone": _person_absorption_undone,
    ERASED_BINDING: _person_erased,   # "stakeholders.person.erased"
}
