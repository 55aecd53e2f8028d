"""The broker topology: one topic exchange for every service's events, and per consumer
a durable queue, a dead-letter route and its dead-letter queue.

    <exchange>              topic, durable: relays publish here (`stakeholders.person.registered`)
    <exchange>.unrouted     fanout: the exchange's alternate exchange, so an event nobody
                            subscribes to yet is kept (bounded) instead of returned as unroutable
    <exchange>.dlx          direct: dead letters, routed by the name of the queue they left
    <prefix><consumer>.<purpose>        the consumer's queue, bound to its routing patterns
    <prefix><consumer>.<purpose>.dead   its dead-letter queue

Quorum queues get `x-delivery-limit` as a backstop: the consumer dead-letters a failing
message itself (with its error) after a few attempts, the broker only steps in if the
consumer keeps crashing before it can. The broker's own dead-lettering is at-least-once
(`x-dead-letter-strategy`, which needs `x-overflow: reject-publish`): a message leaves the
queue only once the dead-letter queue has confirmed it, instead of RabbitMQ's default
at-most-once, which drops it if the dead-letter queue is away.

Every declaration is idempotent: each worker declares what it uses at start, with the same
arguments every time (RabbitMQ refuses a redeclaration with other arguments: change them
with a policy, or a new queue name, never in place). The same declarations work on kombu's `memory://`
transport (embedded mode), which ignores the arguments.
"""
from __future__ import annotations

import logging
import random
import socket
from dataclasses import dataclass
from typing import Iterable

from kombu import Connection, Exchange, Queue, binding

# Redeliveries before the broker dead-letters on its own. Generous, because a message also
# comes back when one ahead of it failed (it is requeued behind it to keep the order).
DEFAULT_DELIVERY_LIMIT = 50
UNROUTED_MAX_LENGTH = 100_000


# A dead broker must be noticed within seconds, not at the next TCP keepalive (hours):
# AMQP heartbeats (missing for two intervals: the connection is dead), and bounds on every
# socket operation, so that no read, write or handshake can block for ever.
HEARTBEAT = 4.0            # seconds; negotiated down from the broker's 60
CONNECT_TIMEOUT = 5.0      # TCP connect and AMQP handshake
SOCKET_TIMEOUT = 5.0       # any other blocking read or write (e.g. waiting for close-ok)

log = logging.getLogger(__name__)


def is_memory(url: str) -> bool:
    return url.startswith("memory://")


def open_connection(url: str, **kwargs) -> Connection:
    """A kombu connection (not yet connected). AMQP ones carry heartbeats and bounded
    timeouts; `memory://` polls often, so that embedded consumers wake quickly."""
    options = dict(kwargs.pop("transport_options", {}) or {})
    if is_memory(url):
        options.setdefault("polling_interval", 0.01)
    else:
        kwargs.setdefault("heartbeat", HEARTBEAT)
        kwargs.setdefault("connect_timeout", CONNECT_TIMEOUT)
        options.setdefault("read_timeout", SOCKET_TIMEOUT)
        options.setdefault("write_timeout", SOCKET_TIMEOUT)
    kwargs["transport_options"] = options
    return Connection(url, **kwargs)


def check_health(connection: Connection) -> None:
    """Read what the broker sent (heartbeats included), send ours when due, and raise if
    nothing came for two heartbeat intervals: a hung broker or a half-open connection
    then fails like a closed one instead of looking idle."""
    if connection.transport.driver_type != "amqp":
        return
    try:
        connection.drain_events(timeout=0.001)
    except socket.timeout:
        pass
    connection.heartbeat_check()


def abandon(connection: Connection | None, owner: str) -> None:
    """Drop a connection without the closing handshake: a broken or hung broker would never
    answer it. Unacknowledged messages go back to the queue when the broker notices."""
    if connection is None:
        return
    try:
        connection.collect()
    except Exception:  # already broken: nothing more to release
        log.debug("%s: error abandoning a connection", owner, exc_info=True)


class Backoff:
    """Reconnection delays: doubling from `first` up to `cap`, each with up to half of it
    as jitter, so that workers neither hammer a broker nor idle long after it is back."""

    def __init__(self, first: float = 0.5, cap: float = 5.0):
        self.first = first
        self.cap = cap
        self._next = first

    def reset(self) -> None:
        self._next = self.first

    def next(self) -> float:
        delay = self._next
        self._next = min(self._next * 2, self.cap)
        return delay * random.uniform(0.5, 1.0)


@dataclass(frozen=True)
class Topology:
    exchange: str = "argan.events"
    queue_prefix: str = ""
    queue_type: str = "quorum"          # "quorum" or "classic"
    delivery_limit: int = DEFAULT_DELIVERY_LIMIT

    @classmethod
    def from_settings(cls, settings) -> "Topology":
        return cls(exchange=settings.exchange, queue_prefix=settings.queue_prefix,
                   queue_type=settings.queue_type)

    # -- names -----------------------------------------------------------------------

    @property
    def unrouted_exchange_name(self) -> str:
        return f"{self.exchange}.unrouted"

    @property
    def dead_letter_exchange_name(self) -> str:
        return f"{self.exchange}.dlx"

    @property
    def unrouted_queue_name(self) -> str:
        return f"{self.queue_prefix}{self.exchange}.unrouted"

    def queue_name(self, consumer: str, purpose: str = "events") -> str:
        return f"{self.queue_prefix}{consumer}.{purpose}"

    def dead_letter_queue_name(self, consumer: str, purpose: str = "events") -> str:
        return f"{self.queue_name(consumer, purpose)}.dead"

    # -- entities ----------------------------------------------------------------------

    def events_exchange(self) -> Exchange:
        return Exchange(self.exchange, type="topic", durable=True,
                        arguments={"alternate-exchange": self.unrouted_exchange_name})

    def unrouted_exchange(self) -> Exchange:
        return Exchange(self.unrouted_exchange_name, type="fanout", durable=True)

    def dead_letter_exchange(self) -> Exchange:
        return Exchange(self.dead_letter_exchange_name, type="direct", durable=True)

    def unrouted_queue(self) -> Queue:
        return Queue(self.unrouted_queue_name, exchange=self.unrouted_exchange(),
                     routing_key="#", durable=True,
                     queue_arguments={**self._type_arguments(),
                                      "x-max-length": UNROUTED_MAX_LENGTH,
                                      "x-overflow": "drop-head"})

    def consumer_queue(self, consumer: str, bindings: Iterable[str],
                       purpose: str = "events") -> Queue:
        name = self.queue_name(consumer, purpose)
        arguments = {
            **self._type_arguments(),
            "x-dead-letter-exchange": self.dead_letter_exchange_name,
            "x-dead-letter-routing-key": name,
        }
        if self.queue_type == "quorum":
            arguments.update({"x-delivery-limit": self.delivery_limit,
                              "x-dead-letter-strategy": "at-least-once",
                              "x-overflow": "reject-publish"})
        exchange = self.events_exchange()
        return Queue(name, durable=True, queue_arguments=arguments,
                     bindings=[binding(exchange, routing_key=pattern) for pattern in bindings])

    def dead_letter_queue(self, consumer: str, purpose: str = "events") -> Queue:
        return Queue(self.dead_letter_queue_name(consumer, purpose),
                     exchange=self.dead_letter_exchange(),
                     routing_key=self.queue_name(consumer, purpose), durable=True,
                     queue_arguments=self._type_arguments())

    def _type_arguments(self) -> dict:
        return {"x-queue-type": self.queue_type}

    # -- declaring ----------------------------------------------------------------------

    def declare_exchanges(self, channel) -> None:
        """What a relay needs: the events exchange and where unrouted events go."""
        self.unrouted_exchange()(channel).declare()
        self.unrouted_queue()(channel).declare()
        self.events_exchange()(channel).declare()

    def declare_consumer(self, channel, consumer: str, bindings: Iterable[str],
                         purpose: str = "events") -> Queue:
        """Everything a consumer needs; returns its queue bound to `channel`."""
        self.declare_exchanges(channel)
        self.dead_letter_exchange()(channel).declare()
        self.dead_letter_queue(consumer, purpose)(channel).declare()
        queue = self.consumer_queue(consumer, bindings, purpose)(channel)
        queue.declare()
        return queue

    def delete(self, channel, consumers: Iterable[tuple[str, str]] = ()) -> None:
        """Remove what `declare_*` made (tests and benchmarks clean up with this).
        `consumers` are (consumer, purpose) pairs."""
        for consumer, purpose in consumers:
            for name in (self.queue_name(consumer, purpose),
                         self.dead_letter_queue_name(consumer, purpose)):
                Queue(name)(channel).delete()
        Queue(self.unrouted_queue_name)(channel).delete()
        for name in (self.exchange, self.unrouted_exchange_name, self.dead_letter_exchange_name):
            Exchange(name)(channel).delete()
