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
consumer keeps crashing before it can. The same declarations work on kombu's `memory://`
transport (embedded mode), which ignores the arguments.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from kombu import Connection, Exchange, Queue, binding

# Redeliveries before the broker dead-letters on its own. Generous, because a message also
# comes back when one ahead of it failed (it is requeued behind it to keep the order).
DEFAULT_DELIVERY_LIMIT = 50
UNROUTED_MAX_LENGTH = 100_000


def is_memory(url: str) -> bool:
    return url.startswith("memory://")


def open_connection(url: str, **kwargs) -> Connection:
    """A kombu connection (not yet connected). `memory://` polls often, so that embedded
    consumers wake quickly instead of once a second."""
    if is_memory(url):
        options = dict(kwargs.pop("transport_options", {}) or {})
        options.setdefault("polling_interval", 0.01)
        kwargs["transport_options"] = options
    return Connection(url, **kwargs)


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
            arguments["x-delivery-limit"] = self.delivery_limit
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
