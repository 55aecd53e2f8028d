"""Each service's own broker account: its relay and consumer work with it, and it cannot
publish another service's events (RabbitMQ topic permissions)."""
import secrets
import subprocess
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from amqp.exceptions import AccessRefused

from shared.messaging.permissions import service_permissions
from shared.messaging.relay import Relay

from .conftest import SERVICE, append, applied_rows


def rabbitmqctl(*args):
    subprocess.run(["rabbitmqctl", *args], check=True, capture_output=True, timeout=60)


def _with_credentials(url: str, user: str, password: str) -> str:
    parts = urlsplit(url)
    netloc = f"{quote(user)}:{quote(password)}@{parts.hostname}:{parts.port or 5672}"
    return urlunsplit(parts._replace(netloc=netloc))


@pytest.fixture
def account(topology, unique_name, amqp_url):
    """make(service) -> the AMQP URL of a new broker user with that service's permissions
    on this test's topology; every user is deleted afterwards."""
    users = []

    def make(service: str) -> str:
        user = unique_name(f"argan-{service}").replace(".", "-")
        password = secrets.token_hex(16)
        rabbitmqctl("add_user", user, password)
        users.append(user)
        for command in service_permissions(topology.topology, service).rabbitmqctl(user):
            rabbitmqctl(*command)
        return _with_credentials(amqp_url, user, password)

    yield make
    for user in users:
        rabbitmqctl("delete_user", user)


def test_each_service_publishes_only_its_own_events_with_its_account(
        store, topology, make_consumer, consumer_engine, account):
    people_url, reports_url = account(SERVICE), account("reporting")
    consumer = make_consumer("reporting")
    consumer.amqp_url = reports_url
    consumer.drain(timeout=2, idle=0.2)          # declares and binds its queue
    append(store, 5)
    relay = Relay(store, SERVICE, people_url, topology.topology)
    try:
        assert relay.run_once() == 5
    finally:
        relay.close()
    consumer.drain(timeout=10, idle=0.5)
    assert applied_rows(consumer_engine) == [(p, 1) for p in range(1, 6)]

    # Stakeholders' events published with reporting's account, or another service's events
    # with stakeholders' account: refused by the broker.
    for service, url in ((SERVICE, reports_url), ("activities", people_url)):
        impostor = Relay(store, service, url, topology.topology)
        try:
            with pytest.raises(AccessRefused):
                impostor.publish(store.read_after(0, 1))
        finally:
            impostor.abandon()
