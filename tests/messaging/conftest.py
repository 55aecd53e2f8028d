"""Fixtures of the messaging tests: a source event store, a consumer database with a tiny
projection (one row per applied event, with a counter that would show a double apply),
and a unique broker topology deleted at teardown."""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, func, select, update

from shared.db import make_engine
from shared.eventstore import DomainEvent, EventRegistry, EventStore
from shared.eventstore.schema import metadata as shared_metadata
from shared.messaging.consumer import Consumer
from shared.messaging.feed import LocalFeed
from shared.messaging.relay import Relay
from shared.messaging.topology import Topology, open_connection

SERVICE = "stakeholders"

projection = MetaData()
applied = Table(
    "test_applied", projection,
    Column("event_id", String(64), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("times", Integer, nullable=False),
)


@dataclass(frozen=True)
class Ticked(DomainEvent):
    type = "counter.ticked"
    n: int = 0


registry = EventRegistry(Ticked)
_streams = itertools.count(1)


def append(store: EventStore, count: int, per_stream: int = 10) -> None:
    """Append `count` events, `per_stream` per append (one transaction each)."""
    left = count
    while left > 0:
        size = min(per_stream, left)
        store.append(f"counter-{next(_streams)}", "counter", 0,
                     [Ticked(n=i) for i in range(size)])
        left -= size


def record(conn, event) -> None:
    """The projection: one row per event; applying it twice would make `times` 2."""
    done = conn.execute(update(applied).where(applied.c.event_id == event.id)
                        .values(times=applied.c.times + 1)).rowcount
    if not done:
        conn.execute(applied.insert().values(event_id=event.id, position=event.position,
                                             times=1))


def applied_rows(engine) -> list[tuple[int, int]]:
    """(position, times) of every applied event, by position."""
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(applied.c.position, applied.c.times).order_by(applied.c.position))]


def applied_count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(applied)).scalar_one()


@pytest.fixture
def store(pg_engine):
    return EventStore(pg_engine, registry)


@pytest.fixture
def consumer_engine(make_database):
    engine = make_engine(make_database("consumer"))
    shared_metadata.create_all(engine)
    projection.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def topology(amqp_url, unique_name):
    topo = Topology(exchange=unique_name("argan.events"),
                    queue_prefix=unique_name("q") + ".", queue_type="quorum")
    consumers: list[tuple[str, str]] = []
    yield _Declared(topo, consumers)
    with open_connection(amqp_url) as conn:
        conn.ensure_connection(max_retries=3)
        topo.delete(conn.channel(), consumers)


class _Declared:
    """The topology, remembering the consumers whose queues must be deleted."""

    def __init__(self, topology: Topology, consumers: list):
        self.topology = topology
        self.consumers = consumers

    def consumer(self, name: str, purpose: str = "events") -> None:
        self.consumers.append((name, purpose))


@pytest.fixture
def make_relay(store, amqp_url, topology):
    def make(**kwargs) -> Relay:
        return Relay(store, SERVICE, amqp_url, topology.topology, **kwargs)
    return make


@pytest.fixture
def make_consumer(store, consumer_engine, amqp_url, topology):
    made: list[Consumer] = []

    def make(name: str = "reporting", apply=record, feeds=None, **kwargs) -> Consumer:
        topology.consumer(name)
        consumer = Consumer(name, consumer_engine, apply, [f"{SERVICE}.counter.*"],
                            feeds if feeds is not None else {SERVICE: LocalFeed(store, SERVICE)},
                            amqp_url, topology.topology, **kwargs)
        made.append(consumer)
        return consumer

    yield make
    for consumer in made:
        consumer.close()
