import subprocess
import threading
import time

from shared.db import make_engine
from shared.eventstore import EventStore
from shared.eventstore.schema import metadata as shared_metadata
from shared.messaging.consumer import Consumer
from shared.messaging.feed import LocalFeed
from shared.messaging.relay import Relay
from shared.messaging.topology import Topology, open_connection
from shared.messaging.worker import Worker

from .conftest import SERVICE, append, applied_rows, projection, record, registry
from .helpers import wait_until


def rabbitmqctl(*args):
    subprocess.run(["rabbitmqctl", *args], check=True, capture_output=True, timeout=60)


def append_for(store, seconds, stop_event, counts):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not stop_event.is_set():
        append(store, 2, per_stream=2)
        counts.append(2)
        time.sleep(0.02)


def test_everything_arrives_once_across_a_broker_restart(store, make_relay, make_consumer,
                                                          consumer_engine):
    relay = make_relay(batch_size=50)
    consumer = make_consumer()
    consumer.drain(timeout=2, idle=0.2)  # the queue exists before the first publish
    consumer.close()
    worker = Worker([relay], [consumer])
    worker.start()
    writer_stop, counts = threading.Event(), []
    writer = threading.Thread(target=append_for, args=(store, 8, writer_stop, counts))
    writer.start()
    try:
        time.sleep(1.5)
        rabbitmqctl("stop_app")
        time.sleep(2)
    finally:
        rabbitmqctl("start_app")
    try:
        rabbitmqctl("await_startup")
        writer.join(30)
        total = sum(counts)
        assert total == store.last_position()
        # The consumer may have it all from the feed already: the relay must catch up too.
        assert wait_until(lambda: consumer.position(SERVICE) == total
                          and relay.cursor() == total, timeout=60, interval=0.5)
    finally:
        writer_stop.set()
        writer.join(5)
        assert worker.stop(timeout=15)
    assert applied_rows(consumer_engine) == [(p, 1) for p in range(1, total + 1)]
    assert relay.cursor() == total


def test_embedded_mode_on_sqlite_and_memory_transport(tmp_path, unique_name):
    source_engine = make_engine(f"sqlite:///{tmp_path / 'stakeholders.db'}")
    target_engine = make_engine(f"sqlite:///{tmp_path / 'reporting.db'}")
    for engine in (source_engine, target_engine):
        shared_metadata.create_all(engine)
    projection.create_all(target_engine)
    store = EventStore(source_engine, registry)
    topology = Topology(exchange=unique_name("argan.events"), queue_prefix=unique_name("e") + ".",
                        queue_type="classic")
    relay = Relay(store, SERVICE, "memory://", topology)
    consumer = Consumer("reporting", target_engine, record, [f"{SERVICE}.#"],
                        {SERVICE: LocalFeed(store, SERVICE)}, "memory://", topology)
    append(store, 30)                        # before the worker: caught up from the feed
    worker = Worker([relay], [consumer])
    worker.start()
    try:
        writers = [threading.Thread(target=append, args=(store, 50, 5)) for _ in range(4)]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join(30)
        assert store.last_position() == 230
        assert wait_until(lambda: consumer.position(SERVICE) == 230, timeout=30)
        assert wait_until(lambda: relay.cursor() == 230, timeout=10)
    finally:
        assert worker.stop(timeout=10)
        with open_connection("memory://") as conn:
            topology.delete(conn.channel(), [("reporting", "events")])
    assert applied_rows(target_engine) == [(p, 1) for p in range(1, 231)]
    source_engine.dispose()
    target_engine.dispose()
