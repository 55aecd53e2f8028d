"""A consumer: applies another service's events to local tables, exactly once in effect.

For every event, in ONE write transaction of the consumer's database: read the source's
applied position; an event at or below it is a duplicate (acknowledged, skipped); an event
beyond the next one means messages were lost, so the missing ones are read from the
source's feed and applied first; then the event is applied and the position stored.
Several buffered messages share one transaction; if that fails they are retried one by
one, so that a poison message is isolated.

Only the source's own events are applied: a message must carry the signature of the
service it claims to come from (see signing) and the routing key of that service. One that
does not is checked against the source's feed: the feed's event is applied if it has the
same id at that position, else the message is dead-lettered without moving the position.

A failing event is requeued (with every message behind it, to keep the order) and, once it
has failed `max_attempts` times, dead-lettered: published to the consumer's dead-letter
queue with its error, recorded in `dead_letters`, its position counted as done. A message
claiming a position the feed cannot reach (beyond the source's log) fails the same way, but
is dead-lettered without moving the position. Tries are counted in `delivery_attempts`, so
that an event that kills the process is dead-lettered too: each transaction first notes
the positions it is about to apply (committed, the "in-flight" row, removed by the
transaction itself); events redelivered by the broker, or within the positions a previous
process left in flight, are then applied one by one, each try counted before it starts. Errors of the database connection, the feed or the broker are not the event's fault:
they are not counted; the consumer backs off and reconnects (catching up from the feeds
meanwhile), unacknowledged messages come back.
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
from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError

from shared.db import write_transaction
from shared.logs import correlated, redact
from shared.privacy.erasure import is_erasure
from shared.eventstore.schema import consumer_positions, dead_letters, delivery_attempts

from . import signing
from .envelope import CONTENT_TYPE, ReceivedEvent, from_cloudevent
from .topology import Backoff, Topology, abandon, check_health, open_connection

log = logging.getLogger(__name__)

Apply = Callable[[Connection, ReceivedEvent], None]
FEED_PAGE = 500
MAX_ERROR_LENGTH = 2000
UNSETTLED = "delivered without settling (did the consumer die applying it?)"
IN_FLIGHT = "~in-flight"  # the delivery_attempts row naming the positions being applied


def error_text(event: ReceivedEvent, cause: BaseException) -> str:
    """The error `cause` raised applying `event`, as logged and dead-lettered: without the
    event's values (personal data, see shared.logs)."""
    return redact(repr(cause), event.data)


class ApplyError(Exception):
    """`apply` raised on `event`: the event's fault, counted towards dead-lettering."""

    def __init__(self, event: ReceivedEvent, cause: BaseException):
        super().__init__(f"{event.source} #{event.position} {event.type} ({event.id}): "
                         f"{error_text(event, cause)}")
        self.event = event
        self.cause = cause


class GapError(Exception):
    """The feed could not provide the events missing before `event`: the message claims a
    position beyond the source's log (counted towards dead-lettering, like ApplyError)."""

    def __init__(self, event: ReceivedEvent, reason: str):
        super().__init__(reason)
        self.event = event
        self.cause = self


@dataclass
class _Item:
    """One event to process: from a message or from a feed (the event keeps its body)."""
    event: ReceivedEvent | None
    message: Any = None
    error: str | None = None     # why the message could not even be parsed
    suspect: str | None = None   # why the message is not trusted as the source's own
    retried: bool = False        # a previous process died while applying it

    @property
    def redelivered(self) -> bool:
        """Whether an earlier delivery of this event did not settle."""
        return self.retried or bool(self.message is not None and (
            self.message.delivery_info or {}).get("redelivered"))


class _Tx:
    """The positions read and moved within one write transaction."""

    def __init__(self, consumer: "Consumer", conn: Connection):
        self.consumer = consumer
        self.conn = conn
        self._positions: dict[str, int] = {}
        self._moved: set[str] = set()
        self.event_ids: list[str] = []
        self.applied_events: list[ReceivedEvent] = []

    def applied(self, source: str) -> int:
        if source not in self._positions:
            # FOR UPDATE: competing instances of one consumer take turns per source.
            query = (select(consumer_positions.c.position)
                     .where(consumer_positions.c.consumer == self.consumer.name)
                     .where(consumer_positions.c.source == source).with_for_update())
            self._positions[source] = self.conn.execute(query).scalar() or 0
        return self._positions[source]

    def advance(self, event: ReceivedEvent) -> None:
        self.applied_events.append(event)
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
                 purpose: str = "events", max_backoff: float = 5.0,
                 keys: Mapping[str, bytes] | None = None, feed_poll: float = 1.0):
        """`keys`: each source's message key; None trusts every well-formed message (tests
        and benchmarks of the mechanics; the services' wiring always gives them)."""
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
        self.keys = dict(keys) if keys is not None else None
        self.feed_poll = feed_poll
        self._suspects: set[str] = set()   # event ids that may have attempts recorded
        self._trying: set[str] = set()     # event ids whose current try is counted already
        self._left_in_flight: dict | None = None  # source -> [from, to] a dead process left
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
                if self._connection is not None:
                    check_health(self._connection)  # keep the broker's heartbeats going
        if total:
            log.info("consumer %s caught up %d events", self.name, total)
        return total

    # -- consuming --------------------------------------------------------------------------

    def run(self, stop: threading.Event) -> None:
        """Consume until `stop` is set; reconnect (and catch up) after any outage, reading
        the feeds while the broker is away."""
        backoff = Backoff(cap=self.max_backoff)
        try:
            while not stop.is_set():
                try:
                    if self._connection is None:
                        self._connect()
                        self._catch_up_logged()
                    self._consume_some(timeout=1.0)
                    backoff.reset()
                except Exception:
                    delay = backoff.next()
                    log.exception("consumer %s failed; reconnecting in %.1fs", self.name, delay)
                    self.abandon()
                    self._follow_feeds(stop, delay)
        finally:
            self.close()

    def _follow_feeds(self, stop: threading.Event, seconds: float) -> None:
        """Wait `seconds` before reconnecting, applying the feeds meanwhile: events keep
        arriving while the broker is down or hung."""
        deadline = time.monotonic() + seconds
        while not stop.is_set() and (left := deadline - time.monotonic()) > 0:
            self._catch_up_logged()
            stop.wait(min(left, self.feed_poll))

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
        """Close the broker connection (bounded by the socket timeouts); unacknowledged
        messages go back to the queue."""
        connection = self._drop()
        if connection is not None:
            try:
                connection.release()
            except Exception:  # a dead connection may fail to close; it is dropped anyway
                log.debug("consumer %s: error closing a broken connection", self.name,
                          exc_info=True)
                abandon(connection, f"consumer {self.name}")

    def abandon(self) -> None:
        """Drop a failed connection without the closing handshake a hung broker would
        never answer."""
        abandon(self._drop(), f"consumer {self.name}")

    def _drop(self):
        connection, self._connection, self._channel, self._consumer = \
            self._connection, None, None, None
        self._buffer = []
        return connection

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
            abandon(connection, f"consumer {self.name}")
            raise
        self._connection, self._channel, self._consumer = connection, channel, consumer
        self._amqp = connection.transport.driver_type == "amqp"

    def _on_message(self, message) -> None:
        try:
            body = json.loads(message.body)
            event = from_cloudevent(body)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            log.error("consumer %s got an unreadable message: %r", self.name, exc)
            self._buffer.append(_Item(None, message, error=repr(exc)))
            return
        self._buffer.append(_Item(event, message, suspect=self._distrust(message, event)))

    def _distrust(self, message, event: ReceivedEvent) -> str | None:
        """Why `message` may not be `event.source`'s own (None: signed by its key)."""
        routing = (message.delivery_info or {}).get("routing_key")
        if routing and routing != event.routing_key:
            return f"routing key {routing!r} is not the event's {event.routing_key!r}"
        if self.keys is None:
            return None
        body = message.body if isinstance(message.body, bytes) else message.body.encode()
        if not signing.verify(self.keys.get(event.source), body,
                              (message.headers or {}).get(signing.HEADER)):
            return f"not signed with the key of {event.source}"
        return None

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
        settled = self._handle(items)
        # Nothing received may be nothing to do, or a dead broker: heartbeats tell.
        self._connection.heartbeat_check()
        return len(items), settled

    # -- processing ---------------------------------------------------------------------------

    def _handle(self, items: list[_Item]) -> int:
        """Apply `items` in order; returns how many were settled. Stops at an item that
        failed (and requeues it and those after it)."""
        settled = 0
        kept = []
        for item in items:
            if item.event is None:
                self._dead_letter_message(item, item.error, "unknown", 0, "")
                settled += 1
            elif item.suspect and not self._verify_with_feed(item):
                settled += 1
            else:
                kept.append(item)
        items = kept
        if not items:
            return settled
        self._mark_retried(items)
        if len(items) > 1 and not any(self._guarded(item) for item in items):
            try:
                self._apply_in_transaction(items, note=True)
            except (ApplyError, GapError) as exc:
                log.warning("consumer %s: batch of %d failed (%s); retrying one by one",
                            self.name, len(items), exc)
            else:
                self._ack(items)
                return settled + len(items)
        return settled + self._one_by_one(items)

    def _guarded(self, item: _Item) -> bool:
        """Whether `item` is tried alone, its try counted first: a redelivered message (an
        earlier delivery did not settle) or an event that failed here before."""
        return item.redelivered or item.event.id in self._suspects

    def _one_by_one(self, items: list[_Item]) -> int:
        settled = 0
        for index, item in enumerate(items):
            if item.redelivered:
                self._count_try(item)
            try:
                self._apply_in_transaction([item], note=not item.redelivered)
            except (ApplyError, GapError) as exc:
                attempts = self._count_failure(exc)
                log.warning("consumer %s: attempt %d/%d failed: %s", self.name, attempts,
                            self.max_attempts, exc)
                self._requeue(items[index:])
                return settled
            except Exception:
                self._trying.clear()  # not the event's fault (database, feed): not counted
                raise
            self._ack([item])
            settled += 1
        return settled

    def _apply_in_transaction(self, items: list[_Item], note: bool = False) -> None:
        """Apply `items` in one transaction; `note`: first note them in flight (their tries
        are not counted otherwise)."""
        if note:
            self._note_in_flight(items)
        with write_transaction(self.engine) as conn:
            tx = _Tx(self, conn)
            for item in items:
                self._apply_item(tx, item)
            if note:
                conn.execute(delete(delivery_attempts)
                             .where(delivery_attempts.c.consumer == self.name)
                             .where(delivery_attempts.c.event_id == IN_FLIGHT))
            tx.save()
        if tx.applied_events:
            log.info("consumer %s applied %d events", self.name, len(tx.applied_events),
                     extra={"positions": [[e.source, e.position] for e in tx.applied_events],
                            "correlation_ids": sorted({e.correlation_id for e in
                                                       tx.applied_events if e.correlation_id})})
        for event_id in tx.event_ids:  # settled for good: forget their failures
            self._suspects.discard(event_id)
        self._trying.clear()
        for event in tx.applied_events:
            if is_erasure(event):
                self.forget_in_dead_letter_queue(event.stream_id)

    def _apply_item(self, tx: _Tx, item: _Item) -> None:
        event = item.event
        applied = tx.applied(event.source)
        if event.position <= applied:
            self._forget_attempts(tx.conn, event)
            tx.event_ids.append(event.id)
            return  # a duplicate (republished, or redelivered after a lost ack)
        if event.position > applied + 1:
            if self._exhausted(tx.conn, event):
                # A position the feed could not reach: given up, the position stays.
                self._dead_letter(tx.conn, event)
                self._forget_attempts(tx.conn, event)
                tx.event_ids.append(event.id)
                return
            self._fill_gap(tx, event)
        self._apply_event(tx, event)

    def _fill_gap(self, tx: _Tx, message: ReceivedEvent) -> None:
        source, before = message.source, message.position
        feed = self.feeds.get(source)
        if feed is None:
            log.warning("consumer %s: events of %s after #%d missing before #%d and no feed "
                        "to read them from", self.name, source, tx.applied(source), before)
            return
        while (applied := tx.applied(source)) < before - 1:
            events = feed.read_after(applied, min(before - 1 - applied, FEED_PAGE))
            if not events:
                raise GapError(message, f"{source} feed has nothing after #{applied} (a "
                                        f"message claims #{before})")
            log.info("consumer %s: filling a gap of %s from #%d with %d events from the feed",
                     self.name, source, applied + 1, len(events))
            for event in events:
                if event.position != tx.applied(source) + 1:
                    raise GapError(message, f"{source} feed answered #{event.position} after "
                                            f"#{tx.applied(source)}")
                self._apply_event(tx, event)

    def _apply_event(self, tx: _Tx, event: ReceivedEvent) -> None:
        if self._exhausted(tx.conn, event):
            self._dead_letter(tx.conn, event)
        else:
            try:
                with correlated(event.correlation_id):  # logs name the request it came from
                    self.apply(tx.conn, event)
            except (OperationalError, InterfaceError):
                raise  # the database is away: not the event's fault
            except Exception as exc:
                raise ApplyError(event, exc) from exc
        self._forget_attempts(tx.conn, event)
        tx.advance(event)

    # -- verifying -------------------------------------------------------------------------

    def _verify_with_feed(self, item: _Item) -> bool:
        """A message not signed as its source's: keep it only as the feed's own event at
        that position (same id); else dead-letter it. Returns whether it is kept."""
        event = item.event
        feed = self.feeds.get(event.source)
        real = feed.read_after(event.position - 1, 1) if feed is not None else []
        if real and real[0].id == event.id and real[0].position == event.position:
            log.warning("consumer %s: %s #%d (%s) %s; applying the feed's event", self.name,
                        event.source, event.position, event.id, item.suspect)
            item.event, item.suspect = real[0], None
            return True
        found = f"the feed's #{event.position} is {real[0].id}" if real else \
            f"the feed has no #{event.position}"
        self._dead_letter_message(item, f"rejected: {item.suspect}, and {found}",
                                  event.source, event.position, event.id, event.type)
        return False

    # -- counting attempts (durably) ---------------------------------------------------------

    def _exhausted(self, conn: Connection, event: ReceivedEvent) -> bool:
        """Whether `event` has failed `max_attempts` times already (this try not counted)."""
        if event.id not in self._suspects:
            return False
        attempts = self._attempts(conn, event.id)[0]
        if event.id in self._trying:
            attempts -= 1
        return attempts >= self.max_attempts

    def _attempts(self, conn: Connection, event_id: str) -> tuple[int, str | None]:
        row = conn.execute(select(delivery_attempts.c.attempts, delivery_attempts.c.error)
                           .where(delivery_attempts.c.consumer == self.name)
                           .where(delivery_attempts.c.event_id == event_id)).first()
        return (row.attempts, row.error) if row else (0, None)

    def _note_in_flight(self, items: list[_Item]) -> None:
        spans: dict[str, list[int]] = {}
        for item in items:
            span = spans.setdefault(item.event.source, [item.event.position] * 2)
            span[0] = min(span[0], item.event.position)
            span[1] = max(span[1], item.event.position)
        self._bump(IN_FLIGHT, json.dumps(spans), first=0, increment=False)

    def _mark_retried(self, items: list[_Item]) -> None:
        """Mark the items within the positions a previous process left in flight (it died
        applying them, perhaps because of one of them)."""
        if self._left_in_flight is None:  # read once: later notes are this process's own
            with self.engine.connect() as conn:
                noted = self._attempts(conn, IN_FLIGHT)[1]
            self._left_in_flight = json.loads(noted) if noted else {}
        for item in items:
            span = self._left_in_flight.get(item.event.source)
            if span and span[0] <= item.event.position <= span[1]:
                item.retried = True

    def _count_try(self, item: _Item) -> None:
        """Before trying a redelivered event: count this try, committed, so that a crash
        while applying it still counts (the first time, the delivery before counts too)."""
        event = item.event
        self._bump(event.id, None, first=2)
        self._suspects.add(event.id)
        self._trying.add(event.id)

    def _count_failure(self, exc: ApplyError | GapError) -> int:
        """Record a failed try of `exc.event` (counted now unless counted before trying)."""
        event_id = exc.event.id
        error = error_text(exc.event, exc.cause)[:MAX_ERROR_LENGTH]
        counted = event_id in self._trying
        with write_transaction(self.engine) as conn:
            # A try counted for a message whose gap-filling failed on another event: that
            # other event is the one at fault.
            for other in self._trying - {event_id}:
                conn.execute(update(delivery_attempts)
                             .where(delivery_attempts.c.consumer == self.name)
                             .where(delivery_attempts.c.event_id == other)
                             .values(attempts=delivery_attempts.c.attempts - 1))
        self._trying.clear()
        self._suspects.add(event_id)
        return self._bump(event_id, error, first=1, increment=not counted)

    def _bump(self, event_id: str, error: str | None, first: int, increment: bool = True) -> int:
        now = dt.datetime.now(dt.timezone.utc)
        table = delivery_attempts
        for _ in range(2):  # an insert racing another instance's retries as an update
            try:
                with write_transaction(self.engine) as conn:
                    values = {"updated_at": now}
                    if increment:
                        values["attempts"] = table.c.attempts + 1
                    if error is not None:
                        values["error"] = error
                    done = conn.execute(update(table).where(table.c.consumer == self.name)
                                        .where(table.c.event_id == event_id)
                                        .values(**values)).rowcount
                    if not done:
                        conn.execute(insert(table).values(consumer=self.name, event_id=event_id,
                                                          attempts=first, error=error,
                                                          updated_at=now))
                    return self._attempts(conn, event_id)[0]
            except IntegrityError:
                continue
        raise RuntimeError(f"could not count the attempts of {event_id}")

    def _forget_attempts(self, conn: Connection, event: ReceivedEvent) -> None:
        if event.id in self._suspects:
            conn.execute(delete(delivery_attempts)
                         .where(delivery_attempts.c.consumer == self.name)
                         .where(delivery_attempts.c.event_id == event.id))

    # -- dead letters -----------------------------------------------------------------------

    def _dead_letter(self, conn: Connection, event: ReceivedEvent) -> None:
        """Give up on `event`: publish it to the dead-letter queue and record it, within the
        transaction that settles it (a crash in between republishes it)."""
        attempts, error = self._attempts(conn, event.id)
        if event.id in self._trying:
            attempts -= 1
        error = error or UNSETTLED
        log.error("consumer %s: dead-lettering %s #%d %s (%s) after %d attempts: %s",
                  self.name, event.source, event.position, event.type, event.id, attempts, error)
        self._publish_dead_letter(json.dumps(event.body), error, attempts)
        conn.execute(insert(dead_letters).values(
            consumer=self.name, source=event.source, position=event.position, event_id=event.id,
            type=event.type, error=error, recorded_at=dt.datetime.now(dt.timezone.utc)))

    def _dead_letter_message(self, item: _Item, error: str, source: str, position: int,
                             event_id: str, type_: str = "") -> None:
        """Dead-letter a message that is not an event to apply (unreadable, or not the
        source's own) and acknowledge it; no position moves."""
        message = item.message
        log.error("consumer %s: dead-lettering a message (%s #%d %s): %s", self.name, source,
                  position, event_id, error)
        self._publish_dead_letter(message.body, error, 1)
        event_id = event_id or str(message.properties.get("message_id") or "")
        with write_transaction(self.engine) as conn:
            conn.execute(insert(dead_letters).values(
                consumer=self.name, source=source[:64], position=position,
                event_id=event_id[:64], type=type_[:128], error=error[:MAX_ERROR_LENGTH],
                recorded_at=dt.datetime.now(dt.timezone.utc)))
        message.ack()

    def forget_in_dead_letter_queue(self, person_id: str) -> int:
        """Drop the messages of the dead-letter queue that name `person_id` (an erased
        person: the letters in `dead_letters` still say which events to retry from the
        feeds). The others are put back, republished before their original is
        acknowledged: a crash in between duplicates a letter, never loses one. Returns
        how many were dropped; a broker failure is logged, not raised (the erasure is
        committed already, the next erasure or an operator purges the queue)."""
        needle = person_id.encode()
        try:
            with open_connection(self.amqp_url) as connection:
                connection.ensure_connection(max_retries=1)
                channel = connection.channel()
                queue = self.topology.dead_letter_queue(self.name, self.purpose)(channel)
                _name, waiting, _consumers = queue.queue_declare(passive=True)
                producer = Producer(channel, exchange=self.topology.dead_letter_exchange(),
                                    auto_declare=False)
                dropped = 0
                for _ in range(waiting):
                    message = channel.basic_get(queue.name, no_ack=False)
                    if message is None:
                        break
                    body = message.body if isinstance(message.body, bytes) else \
                        message.body.encode()
                    if needle in body:
                        dropped += 1
                    else:
                        producer.publish(body, routing_key=self.queue_name,
                                         content_type=CONTENT_TYPE, content_encoding="utf-8",
                                         delivery_mode=2, retry=False,
                                         headers=dict(message.headers or {}))
                    channel.basic_ack(message.delivery_tag)
        except Exception:
            log.exception("consumer %s: could not clear the dead-letter queue of an erased "
                          "person", self.name)
            return 0
        if dropped:
            log.info("consumer %s: dropped %d dead letters of an erased person", self.name,
                     dropped)
        return dropped

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

