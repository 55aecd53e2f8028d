"""Stakeholders' worker, on a real RabbitMQ: another service's confirmation of an erasure,
published by that service's relay as `activities.privacy.person_erased`, reaches the
register through stakeholders' new consumer; a confirmation whose message was lost is
read from the service's feed when the next one shows the gap."""
from __future__ import annotations

import pytest
from kombu import Connection

from services.stakeholders.app import create_worker
from shared.messaging.feed import LocalFeed
from shared.messaging.topology import Topology
from shared.messaging.wiring import relay_for
from shared.messaging.worker import Worker
from shared.settings import Settings
from tests.stakeholders.privacy_helpers import OtherService, erase
from tests.stakeholders.test_privacy_erasures_app import person
from tests.system.test_people_reach_activities import wait_for


@pytest.fixture
def broker(stakeholders_app, amqp_url, unique_name, tmp_path):
    exchange = unique_name("argan.events")
    common = dict(amqp_url=amqp_url, exchange=exchange, queue_prefix=exchange + ".",
                  queue_type="quorum")
    settings = stakeholders_app.extensions["argan"]["settings"].but(**common)
    others = {name: OtherService(name, tmp_path) for name in ("activities", "missions",
                                                               "reporting")}
    feeds = {name: LocalFeed(o.store, name) for name, o in others.items()}
    worker = create_worker(settings, store=stakeholders_app.extensions["argan"]["store"],
                           feeds=feeds)
    relays = {name: relay_for(Settings(service=name, database_url="sqlite://",
                                       secret_key=settings.secret_key, service_token="t",
                                       **common), other.store)
              for name, other in others.items()}
    running = []

    def start(*names):
        running.append(Worker(relays=[relays[n] for n in names]))
        running[-1].start()

    worker.start()
    try:
        yield others, relays, start
    finally:
        for one in running:
            one.stop()
        worker.stop()
        with Connection(amqp_url) as conn:
            Topology.from_settings(settings).delete(conn.default_channel,
                                                    [("stakeholders", "events")])
        for other in others.values():
            other.dispose()


def test_a_confirmation_published_by_a_service_reaches_the_register(
        stakeholders_app, api, broker):
    others, _, start = broker
    start("activities")
    someone = person(api)
    erased = erase(stakeholders_app, someone, "Demande écrite")
    others["activities"].confirm(erased)  # the relay publishes it

    def confirmed(service):
        item = api.get(f"/privacy/erasures/{someone}").get_json()
        return {c["service"]: c["confirmed_at"] for c in item["confirmations"]}[service]
    assert wait_for(lambda: confirmed("activities"), "activities' confirmation", timeout=30)
    assert confirmed("missions") is None


def confirmed_by(api, person_id):
    item = api.get(f"/privacy/erasures/{person_id}").get_json()
    return {c["service"] for c in item["confirmations"] if c["confirmed_at"]}


def test_a_lost_confirmation_is_read_from_the_service_feed(stakeholders_app, api, broker):
    others, relays, start = broker
    first, second = person(api), person(api, given="Yacine", email="yacine@exemple.ma")
    others["missions"].confirm(erase(stakeholders_app, first, "Demande écrite"))
    relays["missions"].save_cursor(1)  # its message never left missions
    others["missions"].confirm(erase(stakeholders_app, second, "Demande écrite"))
    start("missions")
    assert wait_for(lambda: "missions" in confirmed_by(api, second), "the second", timeout=30)
    assert confirmed_by(api, first) == {"missions"}  # from the feed, before the second
