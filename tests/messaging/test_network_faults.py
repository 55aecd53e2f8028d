"""The relay and the consumer against a broker that hangs or vanishes, through a TCP proxy
of the test's own (the shared broker itself is never stopped), and the consumer's checks
that a message is its source's own."""
import json
import threading
import time

import pytest
from amqp.exceptions import NotFound
from kombu import Producer
from sqlalchemy import select

from shared.eventstore.schema import dead_letters
from shared.messaging import signing, topology as topology_module
from shared.messaging.envelope import CONTENT_TYPE, to_cloudevent
from shared.messaging.feed import CachedLastPosition
from shared.messaging.relay import Relay
from shared.messaging.topology import Backoff, open_connection
from shared.messaging.worker import Worker
from shared.testing.tcp_proxy import TcpProxy

from .conftest import SERVICE, append, applied_rows
from .helpers import get_all, wait_until
from .test_relay import declare_reader


@pytest.fixture
def proxy(amqp_url):
    proxy = TcpProxy.to_url(amqp_url)
    yield proxy
    proxy.close()


@pytest.fixture
def quick_heartbeats(monkeypatch):
    """Heartbeats of 1 s: a dead connection is noticed in 2 to 3 s instead of 8 to 12."""
    monkeypatch.setattr(topology_module, "HEARTBEAT", 1.0)
    monkeypatch.setattr(topology_module, "CONNECT_TIMEOUT", 2.0)
    monkeypatch.setattr(topology_module, "SOCKET_TIMEOUT", 2.0)


def consumers_on(amqp_url, queue) -> int:
    with open_connection(amqp_url) as conn:
        conn.ensure_connection(max_retries=3)
        try:
            return conn.channel().queue_declare(queue, passive=True)[2]
        except NotFound:  # not declared yet
            return 0


def test_the_relay_recovers_from_a_hung_broker_within_seconds(
        store, amqp_url, topology, proxy, quick_heartbeats):
    queue = declare_reader(amqp_url, topology)
    relay = Relay(store, SERVICE, proxy.url(amqp_url), topology.topology, max_backoff=2.0)
    stop = threading.Event()
    thread = threading.Thread(target=relay.run, args=(stop,), daemon=True)
    thread.start()
    try:
        append(store, 5)
        assert wait_until(lambda: relay.cursor() == 5, timeout=10)
        proxy.hang()                  # open, silent: the confirms of what follows never come
        append(store, 5)
        time.sleep(4)
        assert relay.cursor() == 5
        proxy.restore()
        healed = time.monotonic()
        assert wait_until(lambda: relay.cursor() == 10, timeout=10)
        assert time.monotonic() - healed < 10
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()      # never blocked in a polite close
    positions = {json.loads(m.body)["position"] for m in get_all(amqp_url, queue, 15, 5)}
    assert positions == set(range(1, 11))


def test_a_slow_broker_is_not_taken_for_a_dead_one(store, amqp_url, topology, proxy,
                                                   quick_heartbeats):
    queue = declare_reader(amqp_url, topology)
    relay = Relay(store, SERVICE, proxy.url(amqp_url), topology.topology, batch_size=20)
    try:
        append(store, 1)
        relay.run_once()                     # connected before the network slows down
        proxy.slow(0.3)                      # every chunk, each way
        append(store, 19)
        assert relay.run_once() == 19
        for _ in range(4):                   # idle for 2.4 s (over two heartbeats of 1 s)
            time.sleep(0.6)
            relay.check_connection()
    finally:
        relay.close()
    assert proxy.accepted == 1               # one connection throughout: no reconnection
    assert len(get_all(amqp_url, queue, 20, 5)) == 20


def test_the_consumer_follows_the_feed_while_the_broker_is_away_and_comes_back(
        store, amqp_url, make_consumer, consumer_engine, proxy, quick_heartbeats):
    consumer = make_consumer(max_backoff=2.0)
    consumer.amqp_url = proxy.url(amqp_url)
    worker = Worker(consumers=[consumer])
    worker.start()
    try:
        assert wait_until(lambda: consumers_on(amqp_url, consumer.queue_name) == 1, 10)
        proxy.hang()
        append(store, 5)              # no relay: only the feed can bring them
        assert wait_until(lambda: consumer.position(SERVICE) == 5, timeout=10)
        proxy.cut()                   # now refused outright
        append(store, 5)
        assert wait_until(lambda: consumer.position(SERVICE) == 10, timeout=10)
        proxy.restore()
        assert wait_until(lambda: consumers_on(amqp_url, consumer.queue_name) == 1, 10)
    finally:
        assert worker.stop(timeout=10)
    assert applied_rows(consumer_engine) == [(p, 1) for p in range(1, 11)]


def publish(amqp_url, topology, body: dict, key: bytes | None = None):
    raw = json.dumps(body).encode()
    headers = {signing.HEADER: signing.sign(key, raw)} if key else {}
    with open_connection(amqp_url) as conn:
        Producer(conn.channel(), exchange=topology.topology.events_exchange(),
                 auto_declare=False).publish(raw, routing_key=body["type"], headers=headers,
                                             content_type=CONTENT_TYPE, delivery_mode=2)


def test_only_the_sources_own_events_are_applied(store, amqp_url, topology, make_consumer,
                                                 consumer_engine):
    key = b"stakeholders-key"
    consumer = make_consumer(keys={SERVICE: key})
    consumer.drain(timeout=2, idle=0.2)
    append(store, 2)
    first, second = [to_cloudevent(e, SERVICE) for e in store.read_after(0, 2)]
    publish(amqp_url, topology, first)                   # unsigned, but the feed's own #1
    publish(amqp_url, topology, {**second, "data": {"n": 99}})   # unsigned and altered #2
    publish(amqp_url, topology, {**second, "id": "f0f0", "position": 3}, key=b"wrong-key")
    consumer.drain(timeout=10, idle=0.5)
    assert applied_rows(consumer_engine) == [(1, 1), (2, 1)]  # #2 from the feed, as it is
    with consumer_engine.connect() as conn:
        rejected = conn.execute(select(dead_letters.c.event_id, dead_letters.c.error)).all()
    assert [r.event_id for r in rejected] == ["f0f0"]
    assert rejected[0].error == ("rejected: not signed with the key of stakeholders, and the "
                                 "feed has no #3")

    append(store, 1)                                     # the real #3, signed by its relay
    Relay(store, SERVICE, amqp_url, topology.topology, signing_key=key).run_once()
    consumer.drain(timeout=10, idle=0.5)
    assert applied_rows(consumer_engine) == [(1, 1), (2, 1), (3, 1)]


def test_backoff_doubles_up_to_its_cap_with_jitter():
    backoff = Backoff(first=0.5, cap=4.0)
    delays = [backoff.next() for _ in range(8)]
    assert 0.25 <= delays[0] <= 0.5 and all(2.0 <= d <= 4.0 for d in delays[3:])
    assert len(set(delays[3:])) > 1
    backoff.reset()
    assert backoff.next() <= 0.5


def test_the_last_position_is_asked_at_most_once_per_ttl():
    class Feed:
        calls = 0

        def last_position(self):
            Feed.calls += 1
            if Feed.calls == 2:
                raise ConnectionError("down")
            return 7

    now = [0.0]
    feed = CachedLastPosition(Feed(), ttl=5, clock=lambda: now[0])
    assert [feed.last_position() for _ in range(10)] == [7] * 10
    now[0] = 5.0
    with pytest.raises(ConnectionError):
        feed.last_position()
    with pytest.raises(ConnectionError):   # a source down is not asked again at once either
        feed.last_position()
    now[0] = 10.0
    assert feed.last_position() == 7
    assert Feed.calls == 3
