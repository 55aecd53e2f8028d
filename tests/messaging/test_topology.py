import subprocess

import pytest
from amqp.exceptions import PreconditionFailed
from kombu import Producer, Queue

from shared.messaging.topology import Topology, open_connection

from .helpers import get_all


def test_declares_queue_bindings_unrouted_and_dead_letter_route(amqp_url, topology):
    topo = topology.topology
    topology.consumer("reporting")
    with open_connection(amqp_url) as conn:
        channel = conn.channel()
        topo.declare_consumer(channel, "reporting", ["stakeholders.person.*"])
        producer = Producer(channel, exchange=topo.events_exchange(), auto_declare=False)
        producer.publish(b"matched", routing_key="stakeholders.person.registered")
        producer.publish(b"nobody", routing_key="missions.mission.opened")
        Producer(channel, exchange=topo.dead_letter_exchange(), auto_declare=False).publish(
            b"dead", routing_key=topo.queue_name("reporting"))

    assert [m.body for m in get_all(amqp_url, topo.queue_name("reporting"), 1)] == [b"matched"]
    assert [m.body for m in get_all(amqp_url, topo.unrouted_queue_name, 1)] == [b"nobody"]
    assert [m.body for m in get_all(amqp_url, topo.dead_letter_queue_name("reporting"), 1)] \
        == [b"dead"]


def test_consumer_queue_is_a_durable_quorum_queue_with_a_dead_letter_exchange(amqp_url, topology):
    topo = topology.topology
    topology.consumer("activities", "directory")
    with open_connection(amqp_url) as conn:
        topo.declare_consumer(conn.channel(), "activities", ["stakeholders.#"], "directory")
        # Redeclaring it as a classic queue must clash with what was declared.
        with pytest.raises(PreconditionFailed):
            Queue(topo.queue_name("activities", "directory"), durable=True)(
                conn.channel()).declare()
    listing = subprocess.run(["rabbitmqctl", "list_queues", "-q", "name", "type", "durable",
                              "arguments"], capture_output=True, text=True, timeout=30).stdout
    line = next(l for l in listing.splitlines()
                if l.startswith(topo.queue_name("activities", "directory") + "\t"))
    assert "quorum" in line and "true" in line
    assert topo.dead_letter_exchange_name in line and "x-delivery-limit" in line
    assert "at-least-once" in line and "reject-publish" in line
    # Each worker declares at start: the same declaration again is accepted.
    with open_connection(amqp_url) as conn:
        topo.declare_consumer(conn.channel(), "activities", ["stakeholders.#"], "directory")


def test_names_come_from_settings():
    from shared.settings import Settings
    settings = Settings(service="reporting", database_url="sqlite://", secret_key="s",
                        service_token="t", exchange="x.events", queue_prefix="p.",
                        queue_type="classic")
    topo = Topology.from_settings(settings)
    assert (topo.exchange, topo.queue_type) == ("x.events", "classic")
    assert topo.queue_name("reporting") == "p.reporting.events"
    assert topo.dead_letter_queue_name("reporting") == "p.reporting.events.dead"


def test_memory_transport_declares_and_routes(unique_name):
    topo = Topology(exchange=unique_name("argan.events"), queue_prefix=unique_name("m") + ".")
    with open_connection("memory://") as conn:
        channel = conn.channel()
        queue = topo.declare_consumer(channel, "reporting", ["stakeholders.person.*"])
        Producer(channel, exchange=topo.events_exchange(), auto_declare=False).publish(
            b"hello", routing_key="stakeholders.person.registered")
        message = queue.get(no_ack=True)
        assert message is not None and message.body == b"hello"
        topo.delete(channel, [("reporting", "events")])
