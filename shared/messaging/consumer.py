"""A consumer: applies another service's events to local tables, exactly once in effect.

For every event, in ONE write transaction of the consumer's database: read the source's
applied position; an event at or below it is a duplicate (acknowledged, skipped); an event
beyond the next one means messages were lost, so the missing ones are read from the
source's feed and applied first; then the event is applied and the position stored.
Several buffered messages share one transaction; if that fails they are retried one by
one, so that a poison message is isolated.

A failing event is requeued (with every message behind it, to keep the order) and, once it
has failed `max_attempts` times, dead-lettered: published to the consumer's dead-letter
queue with its error, recorded in `dead_letters`, its position counted as done.
Errors of the database connection or the broker are not the event's fault: they are not
counted; the consumer backs off and reconnects, unacknowledged messages come back.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

from kombu import Consumer as KombuConsumer
from kombu import Producer
from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import InterfaceError, OperationalError

from shared.db import write_transaction
from shared.eventstore.schema import consumer_positions, dead_letters

from .envelope import CONTENT_TYPE, ReceivedEvent, from_cloudevent
from .topology import Topology, open_connection

log = logging.getLogger(__name__)

Apply = Callable[[Connection, ReceivedEvent], None]
FEED_PAGE = 500
MAX_ERROR_LENGTH = 2000


class ApplyError(Exception):
    """`apply` raised on `event`: the event's fault, counted towards dead-lettering."""

    def __init__(self, event: ReceivedEvent, cause: BaseException):
        super().__init__(f"{event.source} #{event.position} {event.type} ({event.id}): {cause!r}")
        self.event = event
        self.cause = cause


class GapError(RuntimeError):
    """The feed could not provide the events missing before a message."""


@dataclass
class _Item:
    """One event to process: from a message or from a feed (the event keeps its body)."""
    event: ReceivedEvent | None
    message: Any = None
    error: str | None = None     # why the message could not even be parsed


class _Tx:
    """The positions read and moved within one write transaction."""

    def __init__(self, consumer: "Consumer", conn: Connection):
        self.consumer = consumer
        self.conn = conn
        self._positions: dict[str, int] = {}
        self._moved: set[str] = set()
        self.event_ids: list[str] = []

    def applied(self, source: str) -> int:
        if source not in self._positions:
            # FOR UPDATE: competing instances of one consumer take turns per source.
            query = (select(consumer_positions.c.position)
                     .where(consumer_positions.c.consumer == self.consumer.name)
                     .where(consumer_positions.c.source == source).with_for_update())
            self._positions[source] = self.conn.execute(query).scalar() or 0
        return self._positions[source]

    def advance(self, event: ReceivedEvent) -> None:
        self._positions[event.source] = event.position
        self._moved.add(event.source)
        self.event_ids.append(event.id)

    def save(self) -> None:
        now = dt.datetime.now(dt.timezone.utc)
        table = consumer_positions
        for source in self._moved:
            values = {"position": self._positions[source], "updated_at": now}
            done = self.conn.execute(update(table).where(table.c.consumer == self.consumer.name)
                                     .where(table.c.source == source).values(**values)).rowcount
            if not done:
                self.conn.execute(insert(table).values(consumer=self.consumer.name,
                                                       source=source, **values))


class Consumer:
    def __init__(self, name: str, engine: Engine, apply: Apply, bindings: Iterable[str],
                 feeds: Mapping[str, Any], amqp_url: str, topology: Topology,
                 max_attempts: int = 5, prefetch: int = 500, batch_size: int = 200,
                 purpose: str = "events", max_backoff: float = 30.0):
        self.name = name
        self.engine = engine
        self.apply = apply
        self.bindings = list(bindings)
        self.feeds = dict(feeds)
        self.amqp_url = amqp_url
        self.topology = topology
        self.max_attempts = max_attempts
        self.prefetch = prefetch
        self.batch_size = min(batch_size, prefetch)
        self.purpose = purpose
        self.max_backoff = max_backoff
        self._failures: dict[str, int] = {}     # event id -> failed attempts
        self._errors: dict[str, str] = {}       # event id -> last error
        self._buffer: list[_Item] = []
        self._connection = None
        self._channel = None
        self._consumer = None
        self._amqp = False

    @property
    def queue_name(self) -> str:
        return self.topology.queue_name(self.name, self.purpose)

    @property
    def dead_letter_queue_name(self) -> str:
        return self.topology.dead_letter_queue_name(self.name, self.purpose)

    # -- positions ------------------------------------------------------------------------

    def positions(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(consumer_positions.c.source, consumer_positions.c.position)
                                .where(consumer_positions.c.consumer == self.name)).all()
        return {source: position for source, position in rows}

    def position(self, source: str) -> int:
        return self.positions().get(source, 0)

    # -- catching up ----------------------------------------------------------------------

    def catch_up(self) -> int:
        """Apply every source's feed from the stored position until it is empty."""
        total = 0
        for source, feed in self.feeds.items():
            while True:
                events = feed.read_after(self.position(source), FEED_PAGE)
                if not events:
                    break
                # A failing event stops the page; reading again retries it (and counts it).
                total += self._handle([_Item(event) for event in events])
        if total:
            log.info("consumer %s caught up %d events", self.name, total)
        return total

    # -- consuming --------------------------------------------------------------------------

    def run(self, stop: threading.Event) -> None:
        """Consume until `stop` is set; reconnect (and catch up) after any outage."""
        backoff = 0.5
        try:
            while not stop.is_set():
                try:
                    if self._connection is None:
                        self._connect()
                        self._catch_up_logged()
                    self._consume_some(timeout=1.0)
                    backoff = 0.5
                except Exception:
                    log.exception("consumer %s failed; reconnecting in %.1fs", self.name, backoff)
                    self.close()
                    stop.wait(backoff)
                    backoff = min(backoff * 2, self.max_backoff)
        finally:
            self.close()

    def drain(self, timeout: float = 10.0, idle: float = 0.5) -> int:
        """Process what arrives until nothing has come for `idle` seconds (or `timeout`
        passed); returns how many messages were settled (applied, skipped or dead-lettered)."""
        deadline = time.monotonic() + timeout
        last_activity = time.monotonic()
        settled = 0
        if self._connection is None:
            self._connect()
        while (now := time.monotonic()) < deadline and now - last_activity < idle:
            received, done = self._consume_some(timeout=min(idle, deadline - now))
            settled += done
            if received:
                last_activity = time.monotonic()
        return settled

    def close(self) -> None:
        """Drop the broker connection; unacknowledged messages go back to the queue."""
        connection, self._connection, self._channel, self._consumer = \
            self._connection, None, None, None
        self._buffer = []
        if connection is not None:
            try:
                connection.release()
            except Exception:  # a dead connection may fail to close; it is dropped anyway
                log.debug("consumer %s: error closing a broken connection", self.name,
                          exc_info=True)

    def _catch_up_logged(self) -> None:
        try:
            self.catch_up()
        except Exception:  # a feed down must not stop consuming; the next connect retries
            log.exception("consumer %s could not catch up from the feeds", self.name)

    def _connect(self) -> None:
        connection = open_connection(self.amqp_url)
        try:
            connection.ensure_connection(max_retries=1)
            channel = connection.channel()
            queue = self.topology.declare_consumer(channel, self.name, self.bindings,
                                                   self.purpose)
            consumer = KombuConsumer(channel, queues=[queue], on_message=self._on_message,
                                     auto_declare=False)
            consumer.qos(prefetch_count=self.prefetch)
            consumer.consume()
        except Exception:
            connection.release()
            raise
        self._connection, self._channel, self._consumer = connection, channel, consumer
        self._amqp = connection.transport.driver_type == "amqp"

    def _on_message(self, message) -> None:
        try:
            body = json.loads(message.body)
            self._buffer.append(_Item(from_cloudevent(body), message))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            log.error("consumer %s got an unreadable message: %r", self.name, exc)
            self._buffer.append(_Item(None, message, error=repr(exc)))

    def _consume_some(self, timeout: float) -> tuple[int, int]:
        """Wait up to `timeout` for messages, take what is ready (up to a batch) and
        process it. Returns (messages received, messages settled)."""
        try:
            self._connection.drain_events(timeout=timeout)
        except socket.timeout:
            pass
        quick = 0.005 if self._amqp else 0
        while self._buffer and len(self._buffer) < self.batch_size:
            try:
                self._connection.drain_events(timeout=quick)
            except socket.timeout:
                break
        items, self._buffer = self._buffer, []
        return len(items), self._handle(items)

    # -- processing ---------------------------------------------------------------------------

    def _handle(self, items: list[_Item]) -> int:
        """Apply `items` in order; returns how many were settled. Stops at an item that
        failed (and requeues it and those after it)."""
        unreadable = [item for item in items if item.event is None]
        for item in unreadable:
            self._dead_letter_unreadable(item)
        items = [item for item in items if item.event is not None]
        if not items:
            return len(unreadable)
        if len(items) > 1:
            try:
                self._apply_in_transaction(items)
            except ApplyError as exc:
                log.warning("consumer %s: batch of %d failed (%s); retrying one by one",
                            self.name, len(items), exc)
            else:
                self._ack(items)
                return len(unreadable) + len(items)
        return len(unreadable) + self._one_by_one(items)

    def _one_by_one(self, items: list[_Item]) -> int:
        settled = 0
        for index, item in enumerate(items):
            while True:
                try:
                    self._apply_in_transaction([item])
                except ApplyError as exc:
                    attempts = self._count_failure(exc)
                    if attempts >= self.max_attempts:
                        continue  # the failing event is now dead-lettered by the next try
                    log.warning("consumer %s: attempt %d/%d failed: %s", self.name, attempts,
                                self.max_attempts, exc)
                    self._requeue(items[index:])
                    return settled
                self._ack([item])
                settled += 1
                break
        return settled

    def _apply_in_transaction(self, items: list[_Item]) -> None:
        with write_transaction(self.engine) as conn:
            tx = _Tx(self, conn)
            for item in items:
                self._apply_item(tx, item)
            tx.save()
        for event_id in tx.event_ids:  # settled for good: forget their failures
            self._failures.pop(event_id, None)
            self._errors.pop(event_id, None)

    def _apply_item(self, tx: _Tx, item: _Item) -> None:
        event = item.event
        applied = tx.applied(event.source)
        if event.position <= applied:
            return  # a duplicate (republished, or redelivered after a lost ack)
        if event.position > applied + 1:
            self._fill_gap(tx, event.source, event.position)
        self._apply_event(tx, event)

    def _fill_gap(self, tx: _Tx, source: str, before: int) -> None:
        feed = self.feeds.get(source)
        if feed is None:
            log.warning("consumer %s: events of %s after #%d missing before #%d and no feed "
                        "to read them from", self.name, source, tx.applied(source), before)
            return
        while (applied := tx.applied(source)) < before - 1:
            events = feed.read_after(applied, min(before - 1 - applied, FEED_PAGE))
            if not events:
                raise GapError(f"{source} feed has nothing after #{applied} (needed up to "
                               f"#{before - 1})")
            log.info("consumer %s: filling a gap of %s from #%d with %d events from the feed",
                     self.name, source, applied + 1, len(events))
            for event in events:
                if event.position != tx.applied(source) + 1:
                    raise GapError(f"{source} feed answered #{event.position} after "
                                   f"#{tx.applied(source)}")
                self._apply_event(tx, event)

    def _apply_event(self, tx: _Tx, event: ReceivedEvent) -> None:
        if self._failures.get(event.id, 0) >= self.max_attempts:
            self._dead_letter(tx.conn, event)
        else:
            try:
                self.apply(tx.conn, event)
            except (OperationalError, InterfaceError):
                raise  # the database is away: not the event's fault
            except Exception as exc:
                raise ApplyError(event, exc) from exc
        tx.advance(event)

    def _count_failure(self, exc: ApplyError) -> int:
        event_id = exc.event.id
        self._failures[event_id] = self._failures.get(event_id, 0) + 1
        self._errors[event_id] = repr(exc.cause)[:MAX_ERROR_LENGTH]
        return self._failures[event_id]

    # -- dead letters -----------------------------------------------------------------------

    def _dead_letter(self, conn: Connection, event: ReceivedEvent) -> None:
        """Give up on `event`: publish it to the dead-letter queue and record it, within the
        transaction that moves the position past it (a crash in between republishes it)."""
        error = self._errors.get(event.id, "unknown error")
        attempts = self._failures.get(event.id, 0)
        log.error("consumer %s: dead-lettering %s #%d %s (%s) after %d attempts: %s",
                  self.name, event.source, event.position, event.type, event.id, attempts, error)
        payload = json.dumps(event.body)
        self._publish_dead_letter(payload, error, attempts)
        conn.execute(insert(dead_letters).values(
            consumer=self.name, source=event.source, position=event.position, event_id=event.id,
            type=event.type, error=error, recorded_at=dt.datetime.now(dt.timezone.utc)))

    def _dead_letter_unreadable(self, item: _Item) -> None:
        message = item.message
        log.error("consumer %s: dead-lettering an unreadable message: %s", self.name, item.error)
        self._publish_dead_letter(message.body, item.error, 1)
        with write_transaction(self.engine) as conn:
            conn.execute(insert(dead_letters).values(
                consumer=self.name, source="unknown", position=0,
                event_id=str(message.properties.get("message_id") or "")[:64], type="",
                error=item.error, recorded_at=dt.datetime.now(dt.timezone.utc)))
        message.ack()

    def _publish_dead_letter(self, payload, error: str, attempts: int) -> None:
        if self._connection is None:
            self._connect()
        Producer(self._channel, exchange=self.topology.dead_letter_exchange(),
                 auto_declare=False).publish(
            payload, routing_key=self.queue_name, content_type=CONTENT_TYPE,
            content_encoding="utf-8", delivery_mode=2, retry=False,
            headers={"x-error": error, "x-consumer": self.name, "x-attempts": attempts})

    # -- acknowledgements --------------------------------------------------------------------

    def _ack(self, items: list[_Item]) -> None:
        messages = [item.message for item in items if item.message is not None]
        if not messages:
            return
        if self._amqp:
            # Every earlier delivery is settled already (they are handled in order), so one
            # ack of the last covers the batch: one frame instead of one per message.
            messages[-1].ack(multiple=True)
            return
        for message in messages:  # memory:// ignores `multiple`
            message.ack()

    @staticmethod
    def _requeue(items: list[_Item]) -> None:
        # In order: the broker puts them back in front, so the order is kept.
        for item in items:
            if item.message is not None:
                item.message.requeue()

