"""The event store on SQLAlchemy 2, for PostgreSQL and SQLite.

Global positions are gap-free and in commit order, and a reader following them never
sees position n+1 before position n:
- on SQLite, appends hold the database write lock from their start: each takes the
  next positions and commits before the next append begins;
- on PostgreSQL, appends take no lock (concurrent writers share their commits); their
  events wait under temporary negative positions until a reader numbers the committed
  ones, under a transaction-scoped lock, after the last position (schema.APPEND_FUNCTIONS).
  An append therefore returns its events without positions (None).
"""
from __future__ import annotations

import datetime as dt
import json
import threading
import uuid
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any, Iterator, Sequence

import psycopg
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Connection, Engine, create_engine, func, insert, select

from ..db import is_postgres, write_transaction
from .events import DomainEvent, EventRegistry
from . import wire
from .pipeline import BATCH, HeldBack, hold_back_writes, is_conflict, with_queries
from .schema import events as events_table
from .schema import personal_keys
from .shredding import ERASED, SEALED, PersonalData, destroy_key, key_row, stored_key

SEQUENCE_LOCK_KEY = 0x61726761  # "arga": the advisory lock serialising the numbering
LISTEN_LOCK_KEY = 0x6172676C    # "argl": held by a relay waiting for NOTIFY (see schema)
NOTIFY_CHANNEL = "argan_events"
_APPEND = "SELECT argan_append(%s, %s, %s, %s, %s::json, %s::json, %s)"
# A new stream's events need no version check: its version 1 cannot be taken twice
# (uq_events_stream_version refuses a racing writer, or a stream that exists already), so
# they go in a plain INSERT, without argan_append's PL/pgSQL and JSON unpacking (about a
# third of the server's time for an append). Read first by the main query, the INSERT
# runs before the statement's other WITH queries (see pipeline.one_statement); the NOTIFY
# is argan_append's (schema.APPEND_FUNCTIONS).
_NEW_STREAM = ("WITH argan_appended AS (INSERT INTO events (position, id, stream_id, "
               "stream_type, version, type, schema_version, data, metadata, recorded_at) "
               "VALUES {rows} RETURNING 1) "
               "SELECT CASE WHEN pg_try_advisory_xact_lock_shared(%s) THEN NULL "
               f"ELSE pg_notify('{NOTIFY_CHANNEL}', '') END "
               "FROM (SELECT count(*) FROM argan_appended) AS appended")
_NEW_STREAM_ROW = "(-nextval('events_pending_seq'), %s, %s, %s, %s, %s, %s, %s::json, %s::json, %s)"
_SEQUENCE = "SELECT argan_sequence(%s)"
_KEY_INSERT = ("INSERT INTO personal_keys (subject_id, key, created_at, erased_at) "
               "VALUES (%s, %s, %s, %s)")
NEW_KEYS = "argan.new_keys"  # in a write transaction's info: keys to remember once committed


@dataclass(frozen=True)
class StoredEvent:
    position: int | None  # None until numbered (PostgreSQL appends, see above)
    id: str
    stream_id: str
    stream_type: str
    version: int
    type: str
    schema_version: int
    data: dict[str, Any]
    metadata: dict[str, Any]
    recorded_at: dt.datetime
    # The domain event as the aggregate decided it, on the events an append returns (so
    # that projectors need not decode `data` again); None on events read back.
    event: DomainEvent | None = field(default=None, compare=False, repr=False)


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
        self._lock = threading.Lock()
        self._autocommit: Engine | None = None
        self._postgres = is_postgres(engine)
        self.personal = PersonalData()
        if self._postgres:
            hold_back_writes(engine)

    # -- writing ---------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction; listeners are woken once it has committed. On PostgreSQL
        its appends and projection rows travel with its COMMIT (see pipeline.py)."""
        if not self._postgres:
            with write_transaction(self.engine) as conn:
                new_keys = conn.info[NEW_KEYS] = {}
                try:
                    yield conn
                finally:
                    conn.info.pop(NEW_KEYS, None)
        else:
            # No SQLAlchemy BEGIN: the held-back writes carry their own BEGIN and COMMIT;
            # a statement a projector runs begins a transaction there (autobegin), which
            # the held-back COMMIT ends. On an error, the pool's reset rolls back.
            with self.engine.connect() as conn:
                new_keys = conn.info[NEW_KEYS] = {}
                held = conn.info[BATCH] = HeldBack(conn.connection.driver_connection,
                                                   self._conflict)
                try:
                    yield conn
                    held.send(commit=True)
                    if conn.in_transaction():
                        conn.commit()  # already committed: psycopg sends nothing
                finally:
                    conn.info.pop(BATCH, None)
                    conn.info.pop(NEW_KEYS, None)
        self.personal.keep(new_keys)
        self.committed()

    def _autocommit_engine(self) -> Engine:
        # A pool of its own whose connections stay in autocommit: switching a pooled
        # connection in and out of autocommit costs a round trip each time. Nothing to
        # roll back when one is returned (no transaction outlives its statement).
        with self._lock:
            if self._autocommit is None:
                self._autocommit = create_engine(self.engine.url, isolation_level="AUTOCOMMIT",
                                                 pool_size=self.engine.pool.size(),
                                                 pool_reset_on_return=None)
            return self._autocommit

    def dispose(self) -> None:
        if self._autocommit is not None:
            self._autocommit.dispose()

    def append(self, stream_id: str, stream_type: str, expected_version: int,
               new_events: Sequence[DomainEvent], metadata: Metadata | dict | None = None,
               *, conn: Connection | None = None) -> list[StoredEvent]:
        """Append after `expected_version`, in `conn`'s transaction or in one of its own."""
        meta = metadata.as_dict() if isinstance(metadata, Metadata) else dict(metadata or {})
        now = dt.datetime.now(dt.timezone.utc)
        rows = [{"id": str(uuid.uuid4()), "type": e.type, "schema_version": e.schema_version,
                 "data": e.to_data()} for e in new_events]
        if not rows:
            return []
        if not self._postgres:
            with nullcontext(conn) if conn is not None else self.transaction() as own:
                sealed = self._sealed(rows, new_events, stream_id, expected_version, own, None, [])
                return self._append_sqlite(own, new_events, sealed, stream_id, stream_type,
                                           expected_version, rows, meta, now)
        held = conn.info.get(BATCH) if conn is not None else None
        new_keys: list[dict] = []  # of an append alone: sent in the same message
        sealed = self._sealed(rows, new_events, stream_id, expected_version, conn, held,
                              new_keys)
        args = (stream_id, stream_type, expected_version, sealed, meta, now)
        if held is not None:  # sent with the transaction's next round trip
            held.add_append(*self._append_sql(*args), stream_id, expected_version)
        elif conn is not None:
            self._append_postgres(conn.connection.driver_connection, *args)
        else:
            self._append_alone(new_keys, *args)
        return self._stored(None, new_events, stream_id, stream_type, expected_version, rows,
                            meta, now)

    # -- personal data (crypto-shredding, see shredding.py) --------------------------

    def _sealed(self, rows, new_events, stream_id, expected_version, conn, held, new_keys):
        """The rows as stored: each event's personal fields sealed in its subject's key
        (a new key goes in `new_keys` for an append alone)."""
        if not any(type(e).personal_data for e in new_events):
            return rows
        uncommitted = conn.info.get(NEW_KEYS) if conn is not None else None
        found: dict[str, object] = {}

        def key_of(subject: str):
            key = found.get(subject) or (uncommitted or {}).get(subject) \
                or self.personal.known(subject)
            if key is None and not (expected_version == 0 and subject == stream_id):
                key = self._stored_key(conn, subject)  # a new stream's own subject has none
            if key is None:
                key = AESGCM.generate_key(bit_length=256)
                self._store_key(conn, held, new_keys, key_row(subject, key))
            found[subject] = key
            return key

        sealed = [{**row, "data": self.personal.seal(event, row["data"], stream_id, key_of)}
                  for row, event in zip(rows, new_events)]
        if uncommitted is not None:
            uncommitted.update(found)  # remembered once the transaction commits
        return sealed

    def _stored_key(self, conn, subject: str):
        if conn is not None:
            return stored_key(conn, subject)
        with self.engine.connect() as own:
            return stored_key(own, subject)

    @staticmethod
    def _store_key(conn, held, new_keys: list, row: dict) -> None:
        """A new key, in the append's transaction (held back, on `conn`, or in the message
        of an append alone): never committed after its events, never without them."""
        if held is not None:
            held.add(_KEY_INSERT, tuple(row.values()))
        elif conn is not None:
            conn.execute(insert(personal_keys), row)
        else:
            new_keys.append(row)

    def erase_subject(self, subject_id: str, conn: Connection | None = None) -> bool:
        """Destroy the key of a person: their personal fields in every event of this store
        read back as placeholders from now on. True if a key was destroyed."""
        with nullcontext(conn) if conn is not None else write_transaction(self.engine) as own:
            destroyed = destroy_key(own, subject_id)
            uncommitted = own.info.get(NEW_KEYS) if conn is not None else None
            if uncommitted is not None:
                # In a transaction of ours: its later appends already seal nothing, and the
                # process forgets the key only once it commits (a rolled-back erasure must
                # not make the person's next corrections be stored as placeholders).
                uncommitted[subject_id] = ERASED
                return destroyed
        self.personal.forget(subject_id)
        return destroyed

    @staticmethod
    def _stored(last, new_events, stream_id, stream_type, expected_version, rows, meta, now):
        return [StoredEvent(position=None if last is None else last + i, stream_id=stream_id,
                            stream_type=stream_type, version=expected_version + i,
                            metadata=meta, recorded_at=now, event=event, **row)
                for i, (row, event) in enumerate(zip(rows, new_events), start=1)]

    @staticmethod
    def _append_sql(stream_id, stream_type, expected_version, rows, meta, now) -> tuple:
        """The append as one statement: a plain INSERT for a new stream, else argan_append,
        which checks the stream's version first."""
        metadata = json.dumps(meta)
        if expected_version:
            return _APPEND, (LISTEN_LOCK_KEY, stream_id, stream_type, expected_version,
                             json.dumps(rows), metadata, now)
        sql = _NEW_STREAM.format(rows=", ".join([_NEW_STREAM_ROW] * len(rows)))
        params = tuple(v for version, row in enumerate(rows, start=1) for v in (
            row["id"], stream_id, stream_type, version, row["type"], row["schema_version"],
            json.dumps(row["data"]), metadata, now))
        return sql, params + (LISTEN_LOCK_KEY,)

    def _append_alone(self, new_keys: list[dict], *args) -> None:
        """On PostgreSQL an append on its own is one autocommitted statement: one round
        trip, with the new personal keys in the same implicit transaction."""
        raw = self._autocommit_engine().raw_connection()
        try:
            sql, params = self._append_statement(new_keys, *args)
            self._run_append(raw.driver_connection, sql, params, args[0], args[2],
                             autocommit=True)
        finally:
            raw.close()
        self.personal.keep({row["subject_id"]: row["key"] for row in new_keys})
        self.committed()

    def _append_statement(self, new_keys, *args) -> tuple[str, tuple]:
        # One statement (the keys inserted by a WITH query, then the append): atomic.
        sql, params = self._append_sql(*args)
        if not new_keys:
            return sql, params
        keys = "new_keys AS (" + _KEY_INSERT + ", (%s, %s, %s, %s)" * (len(new_keys) - 1) + ")"
        return (with_queries([keys], sql),
                tuple(v for row in new_keys for v in row.values()) + params)

    def _append_postgres(self, driver, stream_id, stream_type, expected_version, rows, meta,
                         now) -> None:
        # Same connection, so the same transaction (psycopg begins it if need be).
        self._run_append(driver, *self._append_sql(stream_id, stream_type, expected_version,
                                                   rows, meta, now),
                         stream_id, expected_version, autocommit=False)

    def _run_append(self, driver, sql, params, stream_id, expected_version, *,
                    autocommit: bool) -> None:
        # Straight to the driver: SQLAlchemy's statement handling would cost as much as the
        # round trip itself; in autocommit, straight to libpq (wire.py), cheaper still.
        try:
            if autocommit:
                try:
                    wire.execute(driver, sql, params)
                    return
                except wire.Unsupported:
                    pass
            driver.execute(sql, params, prepare=True)
        except (psycopg.errors.RaiseException, psycopg.errors.UniqueViolation) as exc:
            if not is_conflict(exc):  # else the version check failed, or a racing writer won
                raise
            raise self._conflict(stream_id, expected_version) from None

    def _conflict(self, stream_id: str, expected_version: int) -> ConcurrencyError:
        # The transaction is aborted; what others committed is read on another connection.
        changes = self.load(stream_id, after_version=expected_version)
        return ConcurrencyError(stream_id, expected_version, expected_version + len(changes),
                                changes)

    def _append_sqlite(self, conn, new_events, sealed, stream_id, stream_type,
                       expected_version, rows, meta, now):
        # The transaction began IMMEDIATE: it holds the database write lock already.
        actual = self._stream_version(conn, stream_id)
        if actual != expected_version:
            raise ConcurrencyError(stream_id, expected_version, actual,
                                   self.load(stream_id, after_version=expected_version, conn=conn))
        last = conn.execute(select(func.coalesce(func.max(events_table.c.position), 0))).scalar_one()
        stored = self._stored(last, new_events, stream_id, stream_type, expected_version, rows,
                              meta, now)
        conn.execute(insert(events_table), [{**vars(s), "data": row["data"]}
                                            for s, row in zip(stored, sealed)])
        return stored

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
        return self._read(stream_query(stream_id, after_version), conn)

    def number_pending(self) -> int:
        """Give positions to the committed events still waiting for one (PostgreSQL);
        every reader following positions calls it first. Returns how many were numbered."""
        if not is_postgres(self.engine):
            return 0
        raw = self._autocommit_engine().raw_connection()
        try:
            return raw.driver_connection.execute(_SEQUENCE, (SEQUENCE_LOCK_KEY,)).fetchone()[0]
        finally:
            raw.close()

    def read_after(self, position: int, limit: int = 500, *,
                   conn: Connection | None = None) -> list[StoredEvent]:
        self.number_pending()
        query = (select(events_table).where(events_table.c.position > position)
                 .order_by(events_table.c.position).limit(limit))
        return self._read(query, conn)

    def last_position(self, conn: Connection | None = None) -> int:
        self.number_pending()
        query = (select(func.coalesce(func.max(events_table.c.position), 0))
                 .where(events_table.c.position > 0))
        if conn is not None:
            return conn.execute(query).scalar_one()
        with self.engine.connect() as own:
            return own.execute(query).scalar_one()

    def _read(self, query, conn: Connection | None) -> list[StoredEvent]:
        if conn is not None:
            return read_events(conn, query, self.registry)
        with self.engine.connect() as own:
            return read_events(own, query, self.registry)


def stream_query(stream_id: str, after_version: int = 0):
    return (select(events_table).where(events_table.c.stream_id == stream_id)
            .where(events_table.c.version > after_version).order_by(events_table.c.version))


def read_events(conn: Connection, query, registry: EventRegistry) -> list[StoredEvent]:
    """The events `query` selects, each joined to its subject's key in the same query
    (crypto-shredding): personal fields opened, or placeholders once erased; upcast."""
    subject = events_table.c.data[(SEALED, "s")].as_string()
    query = query.add_columns(personal_keys.c.key.label("personal_key")).outerjoin(
        personal_keys, personal_keys.c.subject_id == subject)
    return [_stored_event(row, registry) for row in conn.execute(query).mappings().all()]


def _stored_event(row, registry: EventRegistry) -> StoredEvent:
    recorded_at = row["recorded_at"]
    if recorded_at.tzinfo is None:  # SQLite drops the zone; we always store UTC
        recorded_at = recorded_at.replace(tzinfo=dt.timezone.utc)
    data = row["data"]
    if SEALED in data:
        key = row["personal_key"]
        data = PersonalData.open(data, key and bytes(key), registry.class_of(row["type"]))
    version, data = registry.upcast(row["type"], row["schema_version"], data)
    position = row["position"] if row["position"] > 0 else None  # not yet numbered
    return StoredEvent(position=position, id=row["id"], stream_id=row["stream_id"],
                       stream_type=row["stream_type"], version=row["version"],
                       type=row["type"], schema_version=version, data=data,
                       metadata=row["metadata"], recorded_at=recorded_at)


def fold_stream(conn: Connection, registry: EventRegistry, aggregate_class, stream_id: str):
    """The aggregate as its stream says, read in `conn`'s transaction with its personal
    fields opened: for projectors that restate a row from the whole stream (no store
    is made for it: this runs for every event a projector handles)."""
    stored = read_events(conn, stream_query(stream_id), registry)
    return aggregate_class.rebuild(stream_id, (registry.to_event(s.type, s.data)
                                               for s in stored))
