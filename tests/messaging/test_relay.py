import json
import threading
import time

import pytest
from cloudevents.core.formats.json import JSONFormat
from kombu import Exchange

from shared.messaging.envelope import CONTENT_TYPE
from shared.messaging.relay import PublishError, Relay
from shared.messaging.topology import Topology, open_connection

from .conftest import SERVICE, append
from .helpers import get_all


def declare_reader(amqp_url, topology, name="reader"):
    """A consumer queue bound to every event of the service, to look at what is published."""
    topology.consumer(name)
    with open_connection(amqp_url) as conn:
        topology.topology.declare_consumer(conn.channel(), name, [f"{SERVICE}.#"])
    return topology.topology.queue_name(name)


def test_relay_publishes_valid_cloudevents_in_order_and_advances_its_cursor(
        store, make_relay, amqp_url, topology):
    queue = declare_reader(amqp_url, topology)
    append(store, 25, per_stream=5)
    relay = make_relay(batch_size=10)

    assert relay.run_once() == 25
    assert relay.cursor() == 25
    assert relay.run_once() == 0

    messages = get_all(amqp_url, queue, 25)
    assert len(messages) == 25
    expected = store.read_after(0, 100)
    for message, stored in zip(messages, expected):
        assert message.properties["content_type"] == CONTENT_TYPE
        assert message.properties["delivery_mode"] == 2
        assert message.delivery_info["routing_key"] == "stakeholders.counter.ticked"
        # The CloudEvents SDK parses and validates the structured envelope.
        event = JSONFormat().read(None, message.body)
        assert event.get_specversion() == "1.0"
        assert event.get_id() == stored.id
        assert event.get_source() == f"/argan/{SERVICE}"
        assert event.get_type() == "stakeholders.counter.ticked"
        assert event.get_subject() == stored.stream_id
        assert event.get_time() == stored.recorded_at
        assert event.get_extension("sequence") == stored.version
        assert event.get_extension("position") == stored.position
        assert event.get_data() == stored.data
    assert [json.loads(m.body)["position"] for m in messages] == list(range(1, 26))


def test_an_unroutable_event_fails_the_batch_and_keeps_the_cursor(store, amqp_url, unique_name):
    class NoAlternate(Topology):
        """An exchange without an alternate exchange: unbound events are returned."""

        def events_exchange(self):
            return Exchange(self.exchange, type="topic", durable=True)

        def declare_exchanges(self, channel):
            self.events_exchange()(channel).declare()

    topo = NoAlternate(exchange=unique_name("argan.bare"))
    append(store, 3)
    relay = Relay(store, SERVICE, amqp_url, topo)
    try:
        with pytest.raises(PublishError, match="unroutable"):
            relay.run_once()
        assert relay.cursor() == 0
    finally:
        relay.close()
        with open_connection(amqp_url) as conn:
            Exchange(topo.exchange)(conn.channel()).delete()


def test_relay_run_is_woken_by_notify(store, make_relay, amqp_url, topology):
    queue = declare_reader(amqp_url, topology)
    relay = make_relay(poll_interval=30)  # only a notification can wake it in time
    stop = threading.Event()
    thread = threading.Thread(target=relay.run, args=(stop,), daemon=True)
    thread.start()
    try:
        time.sleep(0.5)  # let it publish nothing and start listening
        started = time.monotonic()
        append(store, 1)
        messages = get_all(amqp_url, queue, 1, timeout=5)
        assert len(messages) == 1
        assert time.monotonic() - started < 5
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    assert relay.cursor() == 1
