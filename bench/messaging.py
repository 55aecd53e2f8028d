"""Messaging benchmark: relay publishing and consumer applying (not a test).

    .venv/bin/python -m bench.messaging

Prints medians of BENCH_RUNS runs:
- relay publish rate with pipelined confirms, against a raw baseline measured in the same
  run: kombu Producer.publish with transport_options confirm_publish=True, one message at
  a time (a round trip each); target ratio >= 2x;
- consumer apply rate into a projection table on PostgreSQL; target >= 2,000 events/s.
It creates and drops its own database, exchanges and queues.
"""
from __future__ import annotations

import json
import statistics
import time
import uuid
from dataclasses import dataclass

from kombu import Connection, Producer
from sqlalchemy import Column, Integer, MetaData, String, Table, delete, text

from shared.db import make_engine
from shared.eventstore import DomainEvent, EventRegistry, EventStore
from shared.eventstore.schema import consumer_positions
from shared.eventstore.schema import metadata as shared_metadata
from shared.messaging.consumer import Consumer
from shared.messaging.envelope import CONTENT_TYPE, routing_key, to_cloudevent
from shared.messaging.feed import LocalFeed
from shared.messaging.relay import Relay
from shared.messaging.topology import Topology, open_connection

from .common import AMQP_URL, RUNS, fresh_database, report

SERVICE = "stakeholders"
EVENTS = 5000            # per relay / consumer run
BASELINE_EVENTS = 1000   # the one-at-a-time baseline is slow; fewer messages suffice

projection = MetaData()
bench_applied = Table("bench_applied", projection,
                      Column("event_id", String(64), primary_key=True),
                      Column("position", Integer, nullable=False))


@dataclass(frozen=True)
class Ticked(DomainEvent):
    type = "counter.ticked"
    n: int = 0


def apply(conn, event) -> None:
    conn.execute(bench_applied.insert().values(event_id=event.id, position=event.position))


def fill(store: EventStore, count: int, per_stream: int = 50) -> None:
    for start in range(0, count, per_stream):
        store.append(f"counter-{uuid.uuid4().hex[:12]}", "counter", 0,
                     [Ticked(n=i) for i in range(min(per_stream, count - start))])


def purge(queue: str) -> None:
    with open_connection(AMQP_URL) as conn:
        conn.channel().queue_purge(queue)


def relay_rate(relay: Relay, queue: str) -> float:
    relay.save_cursor(0)
    purge(queue)
    start = time.perf_counter()
    published = relay.run_once()
    elapsed = time.perf_counter() - start
    assert published == EVENTS, published
    return published / elapsed


def baseline_rate(store: EventStore, topology: Topology, queue: str) -> float:
    purge(queue)
    events = store.read_after(0, BASELINE_EVENTS)
    with Connection(AMQP_URL, transport_options={"confirm_publish": True}) as conn:
        producer = Producer(conn.channel(), exchange=topology.events_exchange(),
                            auto_declare=False)
        start = time.perf_counter()
        for stored in events:
            producer.publish(json.dumps(to_cloudevent(stored, SERVICE)),
                             routing_key=routing_key(SERVICE, stored.type),
                             content_type=CONTENT_TYPE, content_encoding="utf-8",
                             delivery_mode=2, mandatory=True)
        elapsed = time.perf_counter() - start
    return len(events) / elapsed


def consumer_rate(store, relay, engine, topology) -> float:
    consumer = Consumer("bench", engine, apply, [f"{SERVICE}.#"],
                        {SERVICE: LocalFeed(store, SERVICE)}, AMQP_URL, topology)
    with engine.begin() as conn:  # start from scratch: nothing applied
        conn.execute(delete(bench_applied))
        conn.execute(delete(consumer_positions))
    consumer.drain(timeout=1, idle=0.1)        # declares its queue
    purge(consumer.queue_name)
    relay.save_cursor(0)
    relay.run_once()                            # EVENTS messages wait in its queue
    try:
        start = time.perf_counter()
        while consumer.position(SERVICE) < EVENTS and time.perf_counter() - start < 60:
            consumer.drain(timeout=30, idle=0.05)
        elapsed = time.perf_counter() - start
    finally:
        consumer.close()
    with engine.connect() as conn:
        applied = conn.execute(text("SELECT count(*) FROM bench_applied")).scalar_one()
    assert applied == EVENTS, applied
    return EVENTS / elapsed


def main() -> None:
    suffix = uuid.uuid4().hex[:8]
    topology = Topology(exchange=f"argan.bench-{suffix}", queue_prefix=f"bench-{suffix}.",
                        queue_type="quorum")
    with fresh_database("messaging") as url:
        engine = make_engine(url)
        shared_metadata.create_all(engine)
        projection.create_all(engine)
        store = EventStore(engine, EventRegistry(Ticked))
        fill(store, EVENTS)
        relay = Relay(store, SERVICE, AMQP_URL, topology, batch_size=500)
        reader = topology.queue_name("reader")
        with open_connection(AMQP_URL) as conn:
            topology.declare_consumer(conn.channel(), "reader", [f"{SERVICE}.#"])
        try:
            pipelined, baseline = [], []
            for _ in range(RUNS):
                pipelined.append(relay_rate(relay, reader))
                baseline.append(baseline_rate(store, topology, reader))
            relay.close()
            report("relay publish, pipelined confirms (msg/s)",
                   statistics.median(pipelined), "msg/s",
                   baseline=statistics.median(baseline), target=">= 2x")
            with open_connection(AMQP_URL) as conn:
                conn.channel().queue_delete(reader)
            applied = [consumer_rate(store, relay, engine, topology) for _ in range(RUNS)]
            report("consumer apply into a projection (PostgreSQL)",
                   statistics.median(applied), "events/s", target=">= 2,000/s")
        finally:
            relay.close()
            with open_connection(AMQP_URL) as conn:
                topology.delete(conn.channel(), [("reader", "events"), ("bench", "events")])
            engine.dispose()


if __name__ == "__main__":
    main()
