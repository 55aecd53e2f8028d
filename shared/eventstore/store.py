"""The event store on SQLAlchemy 2, for PostgreSQL and SQLite.

Appends are serialised by a transaction-scoped lock (an advisory lock on
PostgreSQL, the database write lock on SQLite) held until commit. Positions are
therefore assigned and committed in the same order, without gaps, and a reader
following positions can never see position n+1 before position n.
"""
from __future__ import annotations

import datetime as dt
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator, Sequence

from sqlalchemy import Connection, Engine, func, insert, select, text
from sqlalchemy.exc import IntegrityError

from ..db import is_postgres, write_transaction
from .events import DomainEvent, EventRegistry
from .schema import events as events_table

APPEND_LOCK_KEY = 0x61726761  # "arga": the advisory lock serialising appends
NOTIFY_CHANNEL = "argan_events"


@dataclass(frozen=True)
class StoredEvent:
    position: int
    id: str
    stream_id: str
    stream_type: str
    version: int
    type: str
    schema_version: int
    data: dict[str, Any]
    metadata: dict[str, Any]
    recorded_at: dt.datetime


class ConcurrencyError(Exception):
    """The stream moved on since the version a decision was made on."""

    def __init__(self, stream_id: str, expected: int, actual: int,
                 changes: Sequence[StoredEvent] = ()):
        super().__init__(f"stream {stream_id} is at version {actual}, not {expected}")
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual
        self.changes = list(changes)


@dataclass
class Metadata:
    actor: str | None = None
    correlation_id: str | None = None
    causation_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "correlation_id": self.correlation_id,
                "causation_id": self.causation_id, **self.extra}


class EventStore:
    def __init__(self, engine: Engine, registry: EventRegistry | None = None):
        self.engine = engine
        self.registry = registry or EventRegistry()
        self._appended = threading.Condition()
        self._last_committed_hint = 0

    # -- writing ---------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction; listeners are woken once it has committed."""
        with write_transaction(self.engine) as conn:
            yield conn
        self.committed()

    def append(self, stream_id: str, stream_type: str, expected_version: int,
               new_events: Sequence[DomainEvent], metadata: Metadata | dict | None = None,
               *, conn: Connection | None = None) -> list[StoredEvent]:
        if conn is None:
            with self.transaction() as own:
                return self.append(stream_id, stream_type, expected_version, new_events,
                                   metadata, conn=own)
        meta = metadata.as_dict() if isinstance(metadata, Metadata) else dict(metadata or {})
        self._lock_appends(conn)
        actual = self._stream_version(conn, stream_id)
        if actual != expected_version:
            raise ConcurrencyError(stream_id, expected_version, actual,
                                   self.load(stream_id, after_version=expected_version, conn=conn))
        position = conn.execute(select(func.coalesce(func.max(events_table.c.position), 0))).scalar_one()
        now = dt.datetime.now(dt.timezone.utc)
        stored = [
            StoredEvent(position=position + i, id=str(uuid.uuid4()), stream_id=stream_id,
                        stream_type=stream_type, version=expected_version + i, type=e.type,
                        schema_version=e.schema_version, data=e.to_data(), metadata=meta,
                        recorded_at=now)
            for i, e in enumerate(new_events, start=1)
        ]
        if not stored:
            return []
        try:
            conn.execute(insert(events_table), [vars(s) for s in stored])
        except IntegrityError as exc:  # only reachable if the lock was bypassed
            raise ConcurrencyError(stream_id, expected_version, expected_version + 1) from exc
        if is_postgres(conn):
            conn.execute(text(f"NOTIFY {NOTIFY_CHANNEL}"))
        return stored

    def _lock_appends(self, conn: Connection) -> None:
        if is_postgres(conn):
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": APPEND_LOCK_KEY})
        # SQLite: the transaction began IMMEDIATE and holds the write lock already.

    @staticmethod
    def _stream_version(conn: Connection, stream_id: str) -> int:
        return conn.execute(
            select(func.coalesce(func.max(events_table.c.version), 0))
            .where(events_table.c.stream_id == stream_id)
        ).scalar_one()

    # -- waking readers ----------------------------------------------------------

    def committed(self) -> None:
        """Wake in-process readers (the relay) after a commit."""
        with self._appended:
            self._appended.notify_all()

    def wait_for_append(self, timeout: float) -> None:
        with self._appended:
            self._appended.wait(timeout)

    # -- reading -----------------------------------------------------------------

    def load(self, stream_id: str, *, after_version: int = 0,
             conn: Connection | None = None) -> list[StoredEvent]:
        query = (select(events_table).where(events_table.c.stream_id == stream_id)
                 .where(events_table.c.version > after_version).order_by(events_table.c.version))
        return self._read(query, conn)

    def read_after(self, position: int, limit: int = 500, *,
                   conn: Connection | None = None) -> list[StoredEvent]:
        query = (select(events_table).where(events_table.c.position > position)
                 .order_by(events_table.c.position).limit(limit))
        return self._read(query, conn)

    def last_position(self, conn: Connection | None = None) -> int:
        query = select(func.coalesce(func.max(events_table.c.position), 0))
        if conn is not None:
            return conn.execute(query).scalar_one()
        with self.engine.connect() as own:
            return own.execute(query).scalar_one()

    def _read(self, query, conn: Connection | None) -> list[StoredEvent]:
        if conn is None:
            with self.engine.connect() as own:
                rows = own.execute(query).mappings().all()
        else:
            rows = conn.execute(query).mappings().all()
        return [self._upcast(row) for row in rows]

    def _upcast(self, row) -> StoredEvent:
        recorded_at = row["recorded_at"]
        if recorded_at.tzinfo is None:  # SQLite drops the zone; we always store UTC
            recorded_at = recorded_at.replace(tzinfo=dt.timezone.utc)
        version, data = self.registry.upcast(row["type"], row["schema_version"], row["data"])
        return StoredEvent(position=row["position"], id=row["id"], stream_id=row["stream_id"],
                           stream_type=row["stream_type"], version=row["version"],
                           type=row["type"], schema_version=version, data=data,
                           metadata=row["metadata"], recorded_at=recorded_at)
