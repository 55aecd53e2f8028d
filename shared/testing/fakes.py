"""In-memory stand-ins for the pure domain and handler tests (never for guarantees)."""
from __future__ import annotations

import datetime as dt
import threading
import uuid
from contextlib import contextmanager

from shared.eventstore import ConcurrencyError, EventRegistry, Metadata, StoredEvent
from shared.eventstore.shredding import placeholders


class InMemoryEventStore:
    """The event store contract, kept in a list; one lock serialises appends."""

    def __init__(self, registry: EventRegistry | None = None):
        self.registry = registry or EventRegistry()
        self._events: list[StoredEvent] = []
        self._lock = threading.RLock()
        self._erased: set[str] = set()  # subjects whose key is destroyed

    @contextmanager
    def transaction(self):
        with self._lock:
            before = len(self._events)
            try:
                yield None
            except BaseException:
                del self._events[before:]
                raise

    def committed(self) -> None:
        pass

    def wait_for_append(self, timeout: float) -> None:
        pass

    def append(self, stream_id, stream_type, expected_version, new_events, metadata=None, *,
               conn=None):
        meta = metadata.as_dict() if isinstance(metadata, Metadata) else dict(metadata or {})
        with self.transaction():
            actual = max((e.version for e in self._events if e.stream_id == stream_id), default=0)
            if actual != expected_version:
                raise ConcurrencyError(stream_id, expected_version, actual,
                                       self.load(stream_id, after_version=expected_version))
            now = dt.datetime.now(dt.timezone.utc)
            stored = [StoredEvent(len(self._events) + i, str(uuid.uuid4()), stream_id, stream_type,
                                  expected_version + i, e.type, e.schema_version, e.to_data(),
                                  meta, now)
                      for i, e in enumerate(new_events, start=1)]
            self._events.extend(stored)
            return stored

    def load(self, stream_id, *, after_version=0, conn=None):
        with self._lock:
            found = [e for e in self._events if e.stream_id == stream_id and e.version > after_version]
        return [self._upcast(e) for e in found]

    def read_after(self, position, limit=500, *, conn=None):
        with self._lock:
            found = self._events[position:position + limit]
        return [self._upcast(e) for e in found]

    def last_position(self, conn=None):
        return len(self._events)

    def insert_raw(self, stored: StoredEvent) -> None:
        """Put an event exactly as given (e.g. an old schema version) for upcasting tests."""
        with self._lock:
            self._events.append(stored)

    def erase_subject(self, subject_id: str, conn=None) -> bool:
        with self._lock:
            known = subject_id not in self._erased
            self._erased.add(subject_id)
        return known

    def _upcast(self, e: StoredEvent) -> StoredEvent:
        version, data = self.registry.upcast(e.type, e.schema_version, self._shredded(e))
        return StoredEvent(e.position, e.id, e.stream_id, e.stream_type, e.version, e.type,
                           version, data, e.metadata, e.recorded_at)

    def _shredded(self, e: StoredEvent) -> dict:
        """The data as the real stores read it back: placeholders once erased."""
        cls = self.registry.class_of(e.type)
        if cls is None or not cls.personal_data:
            return e.data
        subject = e.stream_id if cls.personal_subject is None else e.data.get(cls.personal_subject)
        if subject not in self._erased:
            return e.data
        present = [f for f in cls.personal_data if f in e.data]
        return {**e.data, **placeholders(cls, present)}
