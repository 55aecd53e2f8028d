"""The relay (transactional outbox): tails a service's event log and publishes it.

It reads the log after its saved cursor, in position order, publishes each event as a
CloudEvents structured JSON message and advances the cursor only once the broker has
confirmed every message of the batch. A crash or an outage between publishing and saving
the cursor republishes some events: duplicates are allowed, consumers skip them.

Confirms are pipelined: the whole batch is published, then the relay waits for the acks,
instead of one network round trip per message. Every message is signed with the service's
key (see signing). The connection's health (heartbeats) is checked while waiting for
confirms and while idle, and a failed connection is abandoned, not closed politely: a hung
broker would never answer the close.

One relay per store publishes at a time: on PostgreSQL each takes a session advisory lock
named after the relay (RelayLock) before it reads anything, and a second relay started on
the same store (another host, a rolling deploy) waits for it instead of publishing the same
events again. The lock goes with its connection: a relay whose process or network dies
hands over to the waiting one within a poll interval.
"""
from __future__ import annotations

import hashlib
import json
import logging
import socket
import threading
import time
from typing import Callable, Sequence

from kombu import Producer
from sqlalchemy import Engine, insert, select, update

from shared.db import is_postgres, write_transaction
from shared.eventstore import StoredEvent
from shared.eventstore.schema import relay_cursors
from shared.eventstore.store import LISTEN_LOCK_KEY, NOTIFY_CHANNEL

from . import signing
from .envelope import CONTENT_TYPE, routing_key, to_cloudevent
from .topology import Backoff, Topology, abandon, check_health, open_connection

log = logging.getLogger(__name__)
STOP_CHECK = 0.5  # seconds between checks of the stop event while idle
BUSY_PAUSE = 0.02  # seconds before reading again when appends are under way


RELAY_LOCK_CLASS = 0x61726772  # "argr": the first key of every relay's advisory lock


class PublishError(RuntimeError):
    """The broker refused (nack), returned (unroutable) or did not confirm a batch."""


class LostLock(RuntimeError):
    """The connection holding the relay's lock is gone: another relay may have taken over."""


class RelayLock:
    """The right to publish a store's events: a PostgreSQL session advisory lock on a
    connection of its own, keyed by the relay's name. Elsewhere (SQLite, one process) it
    is always held."""

    def __init__(self, engine: Engine, name: str, poll_interval: float = 1.0):
        self.engine = engine
        self.name = name
        self.poll_interval = poll_interval
        digest = hashlib.sha256(f"argan.relay:{name}".encode()).digest()
        self.key = (RELAY_LOCK_CLASS, int.from_bytes(digest[:4], "big", signed=True))
        self._conn = None
        self.waiting = False   # another relay held the lock at the last try

    def hold(self, stop: threading.Event) -> bool:
        """Return once this relay holds the lock (waiting while another does), False if
        `stop` is set first. Database errors propagate (the caller backs off)."""
        if not is_postgres(self.engine):
            return True
        if self._conn is not None:
            self.check()
            return True
        self._conn = self._connect()
        while not stop.is_set():
            if self._conn.execute("SELECT pg_try_advisory_lock(%s, %s)", self.key
                                  ).fetchone()[0]:
                if self.waiting:
                    log.info("relay %s: took over publishing", self.name)
                self.waiting = False
                return True
            if not self.waiting:
                log.info("relay %s: another relay publishes this store; waiting", self.name)
            self.waiting = True
            stop.wait(self.poll_interval)
        self.release()
        return False

    def check(self) -> None:
        """Raise LostLock unless the connection holding the lock still answers."""
        if not is_postgres(self.engine):
            return
        try:
            self._conn.execute("SELECT 1")
        except Exception as exc:
            self.release()
            raise LostLock(f"relay {self.name}: the lock's connection failed") from exc

    def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()  # the session's locks go with it
            except Exception:
                log.debug("relay %s: closing the lock's connection failed", self.name,
                          exc_info=True)

    def _connect(self):
        import psycopg

        url = self.engine.url.set(drivername="postgresql")
        return psycopg.connect(url.render_as_string(hide_password=False), autocommit=True,
                               connect_timeout=5)


class Relay:
    def __init__(self, store, service: str, amqp_url: str, topology: Topology,
                 name: str = "relay", batch_size: int = 500, poll_interval: float = 1.0,
                 confirm_timeout: float = 30.0, max_backoff: float = 5.0,
                 signing_key: bytes | None = None):
        self.store = store
        self.service = service
        self.amqp_url = amqp_url
        self.topology = topology
        self.name = name
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.confirm_timeout = confirm_timeout
        self.max_backoff = max_backoff
        self.signing_key = signing_key
        self._connection = None
        self._channel = None
        self._producer = None
        self._confirming = False
        self._next_tag = 0
        self._outstanding: set[int] = set()
        self._failures: list[str] = []
        self._running = False
        self.lock = RelayLock(store.engine, name, poll_interval)

    @property
    def engine(self) -> Engine:
        return self.store.engine

    # -- the cursor ------------------------------------------------------------------

    def cursor(self) -> int:
        with self.engine.connect() as conn:
            value = conn.execute(select(relay_cursors.c.position)
                                 .where(relay_cursors.c.name == self.name)).scalar()
        return value or 0

    def save_cursor(self, position: int) -> None:
        with write_transaction(self.engine) as conn:
            done = conn.execute(update(relay_cursors).where(relay_cursors.c.name == self.name)
                                .values(position=position)).rowcount
            if not done:
                conn.execute(insert(relay_cursors).values(name=self.name, position=position))

    # -- publishing --------------------------------------------------------------------

    def run_once(self) -> int:
        """Publish everything pending; returns how many events were published. In `run`,
        every batch is read while this relay's lock is known to be held."""
        published = 0
        position = self.cursor()
        while True:
            batch = self.store.read_after(position, self.batch_size)
            if not batch:
                return published
            if self._running:
                self.lock.check()
            self.publish(batch)
            position = batch[-1].position
            self.save_cursor(position)
            published += len(batch)

    def publish(self, events: Sequence[StoredEvent]) -> None:
        """Publish a batch and return once the broker has confirmed all of it."""
        producer = self._ensure_producer()
        self._outstanding.clear()
        self._failures.clear()
        for stored in events:
            body = json.dumps(to_cloudevent(stored, self.service, _registry(self.store)),
                              separators=(",", ":")).encode()
            headers = {}
            if self.signing_key is not None:
                headers[signing.HEADER] = signing.sign(self.signing_key, body)
            producer.publish(body, routing_key=routing_key(self.service, stored.type),
                             content_type=CONTENT_TYPE, content_encoding="utf-8",
                             delivery_mode=2, mandatory=True, message_id=stored.id,
                             headers=headers, retry=False)
            if self._confirming:
                self._next_tag += 1
                self._outstanding.add(self._next_tag)
        if self._confirming:
            self._wait_for_confirms()

    def _wait_for_confirms(self) -> None:
        deadline = time.monotonic() + self.confirm_timeout
        while self._outstanding and not self._failures:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PublishError(f"{len(self._outstanding)} messages not confirmed in time")
            try:
                self._connection.drain_events(timeout=min(remaining, 1.0))
            except socket.timeout:
                # Nothing came: a slow broker, or a dead one (no heartbeats either).
                self._connection.heartbeat_check()
        if self._failures:
            raise PublishError("; ".join(self._failures))

    # -- broker callbacks (py-amqp channel events) ----------------------------------------

    def _on_ack(self, delivery_tag: int, multiple: bool) -> None:
        self._settle(delivery_tag, multiple)

    def _on_nack(self, delivery_tag: int, multiple: bool) -> None:
        self._settle(delivery_tag, multiple)
        self._failures.append(f"broker nacked delivery {delivery_tag}")

    def _on_return(self, exc, exchange, routing_key_, _message) -> None:
        # A return precedes the ack of the same message: the batch is failed before it ends.
        self._failures.append(f"unroutable {routing_key_!r} on {exchange!r}: {exc}")

    def _settle(self, delivery_tag: int, multiple: bool) -> None:
        if multiple:
            self._outstanding = {t for t in self._outstanding if t > delivery_tag}
        else:
            self._outstanding.discard(delivery_tag)

    # -- connection ---------------------------------------------------------------------

    def _ensure_producer(self):
        if self._producer is not None:
            return self._producer
        connection = open_connection(self.amqp_url)
        try:
            connection.ensure_connection(max_retries=1)
            channel = connection.channel()
            self.topology.declare_exchanges(channel)
            self._confirming = connection.transport.driver_type == "amqp"
            if self._confirming:
                # Our own confirm mode (not kombu's confirm_publish, which waits per message).
                channel.confirm_select()
                channel.events["basic_ack"].add(self._on_ack)
                channel.events["basic_nack"].add(self._on_nack)
                channel.events["basic_return"].add(self._on_return)
            self._next_tag = 0
            producer = Producer(channel, exchange=self.topology.events_exchange(),
                                auto_declare=False)
        except Exception:
            connection.release()
            raise
        self._connection, self._channel, self._producer = connection, channel, producer
        return producer

    def check_connection(self) -> None:
        """Raise if the open connection is dead (heartbeats missed); send ours when due."""
        if self._connection is not None:
            check_health(self._connection)

    def close(self) -> None:
        """Close the broker connection (bounded by the socket timeouts); the next publish
        opens a new one."""
        connection, self._connection, self._channel, self._producer = \
            self._connection, None, None, None
        if connection is not None:
            try:
                connection.release()
            except Exception:  # a dead connection may fail to close; it is dropped anyway
                log.debug("relay %s: error while closing a broken connection", self.name,
                          exc_info=True)
                abandon(connection, f"relay {self.name}")

    def abandon(self) -> None:
        """Drop a failed connection without waiting for the broker."""
        connection, self._connection, self._channel, self._producer = \
            self._connection, None, None, None
        abandon(connection, f"relay {self.name}")

    # -- the loop ------------------------------------------------------------------------

    def run(self, stop: threading.Event) -> None:
        """Publish until `stop` is set: woken by appends, polling as a fallback, backing
        off and reconnecting when the broker (or the database) fails."""
        waiter = _AppendWaiter(self.store, self.poll_interval)
        backoff = Backoff(cap=self.max_backoff)
        self._running = True
        try:
            while not stop.is_set():
                try:
                    if not self.lock.hold(stop):
                        break
                    self.run_once()
                    waiter.wait(stop, self.run_once)
                    self.check_connection()
                    backoff.reset()
                except Exception:
                    delay = backoff.next()
                    log.exception("relay %s of %s failed; retrying in %.1fs",
                                  self.name, self.service, delay)
                    self.abandon()
                    stop.wait(delay)
        finally:
            self._running = False
            waiter.close()
            self.close()
            self.lock.release()


def _registry(store):
    """The store's event classes, which say what of each event may leave the service."""
    return getattr(store, "registry", None)


class _AppendWaiter:
    """Waits for the next append: LISTEN/NOTIFY on PostgreSQL, the store's in-process
    condition elsewhere; never longer than the poll interval.

    On PostgreSQL appends notify only while a relay holds the listening lock (see
    shared.eventstore.schema): the waiter takes it, publishes what committed before
    (`pending`), then waits for NOTIFY, and gives the lock back before publishing again."""

    def __init__(self, store, poll_interval: float):
        self.store = store
        self.poll_interval = poll_interval
        self._listener = None
        self._postgres = is_postgres(store.engine)

    def wait(self, stop: threading.Event, pending: Callable[[], int]) -> None:
        """Return on an append, on `stop` (checked twice a second) or after the interval.
        `pending` publishes what is waiting and says how many; its errors propagate."""
        if stop.is_set():
            return
        if not self._postgres:
            self.store.wait_for_append(min(self.poll_interval, STOP_CHECK))
            return
        listener = self._armed_listener()
        if listener is None:  # appends are under way: they will be read straight away
            stop.wait(BUSY_PAUSE)
            return
        try:
            if pending():
                return
            self._wait_for_notify(listener, stop)
        finally:
            self._disarm()

    def _armed_listener(self):
        """The LISTEN connection holding the listening lock, or None if an append in
        flight holds it shared (or the database is away: then poll)."""
        try:
            listener = self._listen()
            if listener.execute("SELECT pg_try_advisory_lock(%s)", (LISTEN_LOCK_KEY,)
                                ).fetchone()[0]:
                return listener
            return None
        except Exception:
            log.exception("LISTEN %s failed; polling instead", NOTIFY_CHANNEL)
            self.close()
            return None

    def _wait_for_notify(self, listener, stop: threading.Event) -> None:
        deadline = time.monotonic() + self.poll_interval
        try:
            while not stop.is_set() and (remaining := deadline - time.monotonic()) > 0:
                for _ in listener.notifies(timeout=min(remaining, STOP_CHECK), stop_after=1):
                    return
        except Exception:
            log.exception("LISTEN %s failed; polling instead", NOTIFY_CHANNEL)
            self.close()
            stop.wait(min(self.poll_interval, STOP_CHECK))

    def _disarm(self) -> None:
        if self._listener is None:
            return
        try:
            self._listener.execute("SELECT pg_advisory_unlock(%s)", (LISTEN_LOCK_KEY,))
        except Exception:  # a broken connection drops its session locks with it
            log.debug("releasing the listening lock failed", exc_info=True)
            self.close()

    def _listen(self):
        if self._listener is None:
            import psycopg

            url = self.store.engine.url.set(drivername="postgresql")
            self._listener = psycopg.connect(url.render_as_string(hide_password=False),
                                             autocommit=True)
            self._listener.execute(f"LISTEN {NOTIFY_CHANNEL}")
        return self._listener

    def close(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            try:
                listener.close()
            except Exception:
                log.debug("closing the LISTEN connection failed", exc_info=True)
