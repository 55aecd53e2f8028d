import json
import threading

import pytest
from kombu import Producer
from sqlalchemy import select, update
from werkzeug.serving import make_server

from shared.eventstore.schema import dead_letters
from shared.messaging.envelope import CONTENT_TYPE, to_cloudevent
from shared.messaging.feed import HttpFeed, feed_blueprint
from shared.messaging.topology import open_connection

from .conftest import SERVICE, applied, append, applied_count, applied_rows, record
from .helpers import get_all


def publish_raw(amqp_url, topology, stored_events):
    """Publish events as the relay would, but choosing which (to simulate a lost one)."""
    with open_connection(amqp_url) as conn:
        producer = Producer(conn.channel(), exchange=topology.topology.events_exchange(),
                            auto_declare=False)
        for stored in stored_events:
            producer.publish(json.dumps(to_cloudevent(stored, SERVICE)),
                             routing_key=f"{SERVICE}.counter.ticked", content_type=CONTENT_TYPE,
                             content_encoding="utf-8", delivery_mode=2)


def test_consumer_applies_a_batch_and_records_the_position(store, make_relay, make_consumer,
                                                           consumer_engine):
    consumer = make_consumer()
    consumer.drain(timeout=2, idle=0.2)  # declares its queue
    append(store, 40)
    assert make_relay().run_once() == 40

    assert consumer.drain(timeout=10, idle=0.5) == 40
    assert applied_rows(consumer_engine) == [(p, 1) for p in range(1, 41)]
    assert consumer.positions() == {SERVICE: 40}


def test_republished_duplicates_after_a_relay_crash_are_applied_once(
        store, make_relay, make_consumer, consumer_engine, monkeypatch):
    consumer = make_consumer()
    consumer.drain(timeout=2, idle=0.2)
    append(store, 12)
    relay = make_relay(batch_size=5)
    save = relay.save_cursor
    crashes = []

    def crash_once(position):
        if not crashes:
            crashes.append(position)
            raise RuntimeError("killed between publishing and saving the cursor")
        save(position)

    monkeypatch.setattr(relay, "save_cursor", crash_once)
    with pytest.raises(RuntimeError, match="killed"):
        relay.run_once()
    assert relay.cursor() == 0
    assert relay.run_once() == 12           # republishes the first batch
    assert relay.cursor() == 12

    assert consumer.drain(timeout=10, idle=0.5) == 17   # 5 duplicates settled (skipped)
    assert applied_rows(consumer_engine) == [(p, 1) for p in range(1, 13)]
    assert consumer.positions() == {SERVICE: 12}


def test_a_failure_mid_message_is_rolled_back_and_redelivered(store, make_relay, make_consumer,
                                                              consumer_engine):
    calls = []

    def flaky(conn, event):
        calls.append(event.position)
        record(conn, event)  # writes, then fails once: nothing of it may remain
        if event.position == 1 and calls.count(1) == 1:
            raise RuntimeError("crashed half-way")

    consumer = make_consumer(apply=flaky)
    consumer.drain(timeout=2, idle=0.2)
    append(store, 1)
    make_relay().run_once()

    assert consumer.drain(timeout=10, idle=0.5) == 1
    assert calls == [1, 1]                  # delivered, failed, redelivered, applied
    assert applied_rows(consumer_engine) == [(1, 1)]
    with consumer_engine.connect() as conn:
        assert conn.execute(select(dead_letters)).all() == []


def test_a_poison_message_is_dead_lettered_and_the_consumer_goes_on(
        store, make_relay, make_consumer, consumer_engine, amqp_url):
    def poisoned(conn, event):
        if event.position == 3:
            raise ValueError("cannot digest event 3")
        record(conn, event)

    consumer = make_consumer(apply=poisoned, max_attempts=3)
    consumer.drain(timeout=2, idle=0.2)
    append(store, 8)
    make_relay().run_once()

    consumer.drain(timeout=15, idle=0.5)
    assert applied_rows(consumer_engine) == [(p, 1) for p in (1, 2, 4, 5, 6, 7, 8)]
    assert consumer.positions() == {SERVICE: 8}
    poison = store.read_after(2, 1)[0]
    with consumer_engine.connect() as conn:
        rows = conn.execute(select(dead_letters.c.consumer, dead_letters.c.source,
                                   dead_letters.c.position, dead_letters.c.event_id,
                                   dead_letters.c.error)).all()
    assert len(rows) == 1
    assert rows[0][:4] == ("reporting", SERVICE, 3, poison.id)
    assert "cannot digest event 3" in rows[0].error
    dead = get_all(amqp_url, consumer.dead_letter_queue_name, 1, timeout=5)
    assert len(dead) == 1
    assert json.loads(dead[0].body)["id"] == poison.id
    assert "cannot digest event 3" in dead[0].headers["x-error"]
    assert dead[0].headers["x-attempts"] == 3


def test_a_lost_message_is_filled_from_the_feed(store, make_consumer, consumer_engine,
                                                amqp_url, topology):
    consumer = make_consumer()
    consumer.drain(timeout=2, idle=0.2)
    append(store, 6)
    events = store.read_after(0, 10)
    publish_raw(amqp_url, topology, [e for e in events if e.position not in (2, 3)])

    consumer.drain(timeout=10, idle=0.5)
    assert applied_rows(consumer_engine) == [(p, 1) for p in range(1, 7)]
    assert consumer.positions() == {SERVICE: 6}


@pytest.fixture
def http_feed(store):
    """The feed blueprint served by a real HTTP server on a free loopback port."""
    from flask import Flask
    app = Flask("feed-test")
    app.register_blueprint(feed_blueprint(store, SERVICE, "sekret"), url_prefix=f"/{SERVICE}")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield HttpFeed(f"http://127.0.0.1:{server.server_port}/{SERVICE}/api/v1/events", "sekret")
    server.shutdown()
    thread.join(5)


def test_a_gap_is_filled_from_the_http_feed(store, make_consumer, consumer_engine, amqp_url,
                                            topology, http_feed):
    consumer = make_consumer(feeds={SERVICE: http_feed})
    consumer.drain(timeout=2, idle=0.2)
    append(store, 5)
    events = store.read_after(0, 10)
    publish_raw(amqp_url, topology, [events[0], events[4]])  # 2..4 lost

    consumer.drain(timeout=10, idle=0.5)
    assert applied_rows(consumer_engine) == [(p, 1) for p in range(1, 6)]


def test_catch_up_reads_the_feed_until_empty(store, make_consumer, consumer_engine, http_feed):
    append(store, 1200, per_stream=50)      # more than one feed page
    consumer = make_consumer(feeds={SERVICE: http_feed})
    assert consumer.catch_up() == 1200
    assert consumer.catch_up() == 0
    assert applied_count(consumer_engine) == 1200
    assert consumer.positions() == {SERVICE: 1200}
    with consumer_engine.connect() as conn:
        assert conn.execute(select(applied.c.times).where(applied.c.times != 1)).all() == []


def test_an_unreadable_message_is_dead_lettered_and_the_consumer_goes_on(
        store, make_relay, make_consumer, consumer_engine, amqp_url, topology):
    consumer = make_consumer()
    consumer.drain(timeout=2, idle=0.2)
    with open_connection(amqp_url) as conn:
        Producer(conn.channel(), exchange=topology.topology.events_exchange(),
                 auto_declare=False).publish(b"{not json", routing_key=f"{SERVICE}.counter.ticked",
                                             content_type=CONTENT_TYPE, message_id="garbage-1")
    append(store, 3)
    make_relay().run_once()

    consumer.drain(timeout=10, idle=0.5)
    assert applied_rows(consumer_engine) == [(p, 1) for p in range(1, 4)]
    with consumer_engine.connect() as conn:
        rows = conn.execute(select(dead_letters.c.event_id, dead_letters.c.error)).all()
    assert [r.event_id for r in rows] == ["garbage-1"]
    dead = get_all(amqp_url, consumer.dead_letter_queue_name, 1, timeout=5)
    assert [m.body if isinstance(m.body, str) else m.body.decode() for m in dead] \
        == ["{not json"]
    assert dead[0].headers["x-error"] == rows[0].error
