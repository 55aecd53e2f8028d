"""Erasure of a person, as every service other than stakeholders honours it.

Stakeholders records `person.erased` (stream: the person). Each other service, in its
consumer's tracking transaction, then:

1. destroys the person's key in its own store (`EventStore.erase_subject`): the personal
   fields of its own events about them read back as placeholders;
2. scrubs its read tables and replicas (names, contact points, notes) while keeping the
   facts (attendance, missions) under the person's id, anonymised;
3. records `PersonDataErased` with `confirm_erasure`, which its relay publishes as
   `<service>.privacy.person_erased`: stakeholders shows it as that service's confirmation.
   `confirm_erasure` also forgets the person in the service's dead letters and, on SQLite,
   empties the write-ahead log once the transaction has committed (`scrub_after_erasure`,
   which stakeholders' own erasure calls too). The consumer drops the dead-letter queue's
   messages about them (shared.messaging.consumer).

All three commit with the consumer's position, or none does; a replayed erasure finds the
confirmation already recorded and records nothing twice.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, ClassVar, Sequence

from sqlalchemy import Connection, or_, update

from shared.db import after_commit, escape_like, truncate_wal
from shared.eventstore import DomainEvent, EventRegistry, EventStore, Metadata
from shared.eventstore.schema import dead_letters, delivery_attempts

ERASED = "person.erased"                 # stakeholders' event: a person is erased
ERASED_BINDING = "stakeholders.person.erased"
CONFIRMED = "privacy.person_erased"      # every other service's confirmation
STREAM_TYPE = "erasure"
FORGOTTEN = "[effacé: erreur retirée avec la personne]"  # a dead letter's error, once forgotten


@dataclass(frozen=True)
class PersonDataErased(DomainEvent):
    """This service holds nothing readable about `person_id` any more."""
    type: ClassVar[str] = CONFIRMED
    person_id: str = ""
    erasure_id: str = ""  # the id of stakeholders' person.erased event honoured


registry = EventRegistry(PersonDataErased)


def erasure_stream(person_id: str) -> str:
    return f"erasure-{person_id}"


def is_erasure(event) -> bool:
    """True for stakeholders' `person.erased` (a ReceivedEvent)."""
    return event.source == "stakeholders" and event.type == ERASED


def confirm_erasure(conn: Connection, store: EventStore, event,
                    projectors: Sequence[Callable] = ()) -> bool:
    """Record, in the consumer's transaction `conn`, that this service honoured the
    erasure `event` (stakeholders' person.erased); False if it already had. `projectors`
    are the service's (UnitOfWork's: called with `conn` and the list of stored events)."""
    stream = erasure_stream(event.stream_id)
    scrub_after_erasure(conn, event.stream_id)
    if store.load(stream, conn=conn):
        return False
    meta = Metadata(actor=event.actor, correlation_id=event.correlation_id,
                    causation_id=event.id)
    stored = store.append(stream, STREAM_TYPE, 0,
                          [PersonDataErased(person_id=event.stream_id, erasure_id=event.id)],
                          meta, conn=conn)
    for project in projectors:  # as UnitOfWork calls them: (conn, the stored events)
        project(conn, stored)
    return True


def forget_in_dead_letters(conn: Connection, person_id: str, known: Sequence[str] = ()) -> int:
    """Remove the error texts of the dead letters (and of the tries counted) that name
    the person: their id, or one of the `known` values (names, e-mail... when the caller
    still has them). The letter itself stays (source, position, event id: it can still be
    retried from the feed, whose event reads as erased). Returns how many were scrubbed.

    Since the consumer keeps the event's values out of the errors it records, a letter
    names the person only through an error that quoted an id; older letters may quote
    more, hence `known`."""
    needles = [person_id, *(v for v in known if v and len(v) >= 3)]
    scrubbed = 0
    for table in (dead_letters, delivery_attempts):
        match = or_(*(table.c.error.like(f"%{escape_like(n)}%", escape="\\")
                      for n in needles))
        scrubbed += conn.execute(update(table).where(table.c.error.is_not(None))
                                 .where(match).values(error=FORGOTTEN)).rowcount
    return scrubbed


def scrub_after_erasure(conn: Connection, person_id: str, known: Sequence[str] = ()) -> None:
    """What a service does, in the transaction `conn` (of shared.db.write_transaction)
    that erases `person_id`, so that no copy of theirs lingers outside its tables: the
    dead letters forget them, and on SQLite the write-ahead log (which keeps the images
    of the pages just overwritten) is emptied into the file once committed."""
    forget_in_dead_letters(conn, person_id, known)
    after_commit(conn, truncate_wal)
