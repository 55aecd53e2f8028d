"""Erasure of a person, as every service other than stakeholders honours it.

Stakeholders records `person.erased` (stream: the person). Each other service, in its
consumer's tracking transaction, then:

1. destroys the person's key in its own store (`EventStore.erase_subject`): the personal
   fields of its own events about them read back as placeholders;
2. scrubs its read tables and replicas (names, contact points, notes) while keeping the
   facts (attendance, missions) under the person's id, anonymised;
3. records `PersonDataErased` with `confirm_erasure`, which its relay publishes as
   `<service>.privacy.person_erased`: stakeholders shows it as that service's confirmation.

All three commit with the consumer's position, or none does; a replayed erasure finds the
confirmation already recorded and records nothing twice.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, ClassVar, Sequence

from sqlalchemy import Connection

from shared.eventstore import DomainEvent, EventRegistry, EventStore, Metadata

ERASED = "person.erased"                 # stakeholders' event: a person is erased
ERASED_BINDING = "stakeholders.person.erased"
CONFIRMED = "privacy.person_erased"      # every other service's confirmation
STREAM_TYPE = "erasure"


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
    erasure `event` (stakeholders' person.erased); False if it already had."""
    stream = erasure_stream(event.stream_id)
    if store.load(stream, conn=conn):
        return False
    meta = Metadata(actor=event.actor, correlation_id=event.correlation_id,
                    causation_id=event.id)
    stored = store.append(stream, STREAM_TYPE, 0,
                          [PersonDataErased(person_id=event.stream_id, erasure_id=event.id)],
                          meta, conn=conn)
    for project in projectors:
        for one in stored:
            project(conn, one)
    return True
