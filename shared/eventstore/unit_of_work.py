"""One command, one transaction: append an aggregate's events and update local read models."""
from __future__ import annotations

from typing import Callable, Sequence, TypeVar

from .aggregate import Aggregate
from .store import ConcurrencyError, Metadata, StoredEvent

A = TypeVar("A", bound=Aggregate)
Projector = Callable[[object, Sequence[StoredEvent]], None]


class NotFound(LookupError):
    def __init__(self, stream_type: str, stream_id: str):
        super().__init__(f"{stream_type} {stream_id} not found")
        self.stream_type = stream_type
        self.stream_id = stream_id


class UnitOfWork:
    """Loads aggregates and saves what they decided, atomically with the projections.

    `store` is an EventStore (or the in-memory fake); `projectors` are functions
    (connection, stored events) run inside the append transaction. The stored events an
    append returns carry the domain events the aggregate decided (`StoredEvent.event`):
    a projector takes them with `registry.event_of(stored)`, which decodes `data` only
    for events read back. Projectors write their rows with `insert_row` / `update_row`
    (held back and sent with the COMMIT on PostgreSQL, see pipeline.py) or with any
    SQLAlchemy statement on `conn` (which first sends what is held back).
    """

    def __init__(self, store, projectors: Sequence[Projector] = (),
                 metadata: Metadata | None = None):
        self.store = store
        self.projectors = list(projectors)
        self.metadata = metadata or Metadata()

    def get(self, cls: type[A], stream_id: str, expected_version: int | None = None) -> A:
        stored = self.store.load(stream_id)
        if not stored or stored[0].stream_type != cls.stream_type:
            raise NotFound(cls.stream_type, stream_id)
        aggregate = cls.rebuild(stream_id, (self.store.registry.to_event(s.type, s.data)
                                            for s in stored))
        if expected_version is not None and aggregate.version != expected_version:
            raise ConcurrencyError(stream_id, expected_version, aggregate.version,
                                   [s for s in stored if s.version > expected_version])
        return aggregate

    def save(self, *aggregates: Aggregate,
             also: Callable[[object], None] | None = None) -> list[StoredEvent]:
        """Append what each aggregate decided, all in one transaction with the projections
        (e.g. a participant's signature and the attendance it makes); `also(conn)` writes,
        in the same transaction, what an event cannot carry (the bytes of an uploaded file)."""
        deciding = [a for a in aggregates if a.pending]
        if not deciding:
            return []
        stored: list[StoredEvent] = []
        with self.store.transaction() as conn:
            for aggregate in deciding:
                stored += self.store.append(aggregate.id, aggregate.stream_type,
                                            aggregate.decided_on, aggregate.pending,
                                            self.metadata, conn=conn)
            for project in self.projectors:
                project(conn, stored)
            if also is not None:
                also(conn)
        for aggregate in deciding:
            aggregate.pending = []
        return stored
