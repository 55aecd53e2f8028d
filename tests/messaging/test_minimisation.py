"""Minimisation on the bus: what an event carries out of its service (the relay's messages,
the HTTP feed, the in-process feed) is only the personal data some consumer needs, as the
AsyncAPI catalogue documents it."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from flask import Flask
from kombu import Queue

from services.activities.events import registry as activities_registry
from services.missions.app import REGISTRY as missions_registry
from services.reporting.programmes.domain import registry as reporting_registry
from services.stakeholders.domain import PersonRegistered
from services.stakeholders.events import registry as stakeholders_registry
from services.stakeholders.organisations.domain import InteractionRecorded
from services.stakeholders.staff.domain import TokenCreated
from shared.eventstore import EventStore
from shared.messaging.asyncapi import catalogue
from shared.messaging.feed import LocalFeed, feed_blueprint
from shared.messaging.relay import Relay
from shared.messaging.topology import open_connection
from shared.privacy.minimise import declared, minimised, withheld

from .helpers import get_all

REGISTRIES = {"stakeholders": stakeholders_registry, "activities": activities_registry,
              "missions": missions_registry, "reporting": reporting_registry}
SERVICES = set(REGISTRIES)
PERSON = "7d1f6c1e-0000-4000-8000-00000000a001"
NOTE = "Confided a family matter Zorglub"
SUMMARY = "Phone call about Zorglub"


def test_every_event_of_the_four_services_says_which_personal_fields_leave_it():
    for service, registry in REGISTRIES.items():
        for cls in registry.classes():
            assert declared(cls), f"{service} {cls.type}: personal fields without consumers"
            names = {f for f in cls.__dataclass_fields__}
            for path, consumers in (cls.published_personal or {}).items():
                assert path.split(".", 1)[0] in names, (cls.type, path)
                assert consumers and set(consumers) <= SERVICES - {service}, (cls.type, path)


def test_interaction_notes_consent_notes_and_contact_points_stay_in_stakeholders():
    assert withheld(InteractionRecorded) == (("notes",), ("summary",))
    assert {p[0] for p in withheld(PersonRegistered)} == {"email", "phone", "whatsapp"}
    assert withheld(TokenCreated) == ()  # every service checks API tokens locally
    data = {"given_name": "Amina", "email": "a@example.org", "phone": "+212600000000",
            "birth_date": "2001-01-01", "sex": "female"}
    assert minimised(PersonRegistered, data) == {"given_name": "Amina",
                                                 "birth_date": "2001-01-01", "sex": "female"}
    absorbed = stakeholders_registry.class_of("person.absorbed")
    assert minimised(absorbed, {"changes": {"given_name": "A", "email": "a@example.org"},
                                "previous": {"given_name": "B"}, "merge_id": "m"}) == {
        "changes": {"given_name": "A"}, "merge_id": "m"}


def _record(store):
    store.append(PERSON, "person", 0, [PersonRegistered(
        given_name="Zorglub", family_name="Ait Test", sex="female",
        birth_date=dt.date(2001, 5, 1), email="zorglub@example.org", phone="+212612345678")])
    store.append("interaction-1", "interaction", 0, [InteractionRecorded(
        subject_type="person", subject_id=PERSON, kind="call", date=dt.date(2025, 3, 1),
        summary=SUMMARY, notes=NOTE)])


def _assert_minimised(bodies):
    by_type = {b["type"]: b["data"] for b in bodies}
    person = by_type["stakeholders.person.registered"]
    interaction = by_type["stakeholders.interaction.recorded"]
    assert person["given_name"] == "Zorglub" and person["birth_date"] == "2001-05-01"
    assert "email" not in person and "phone" not in person
    assert interaction["subject_id"] == PERSON and "notes" not in interaction \
        and "summary" not in interaction
    text = json.dumps(bodies)
    for secret in ("zorglub@example.org", "612345678", "family matter", SUMMARY):
        assert secret not in text


def test_a_published_interaction_event_carries_no_notes_and_a_person_no_contact_points(
        pg_engine, amqp_url, topology, unique_name):
    store = EventStore(pg_engine, stakeholders_registry)
    _record(store)
    assert store.read_after(1, 1)[0].data["notes"] == NOTE  # kept at home
    queue_name = unique_name("minimised")
    with open_connection(amqp_url) as conn:
        conn.ensure_connection(max_retries=3)
        channel = conn.channel()
        topology.topology.declare_exchanges(channel)
        Queue(queue_name, exchange=topology.topology.events_exchange(),
              routing_key="stakeholders.#", durable=False, auto_delete=False)(channel).declare()
        try:
            relay = Relay(store, "stakeholders", amqp_url, topology.topology)
            assert relay.run_once() == 2
            relay.close()
            messages = get_all(amqp_url, queue_name, 2, timeout=10)
        finally:
            Queue(queue_name)(channel).delete()
    _assert_minimised([json.loads(m.body) for m in messages])


def test_the_event_feeds_carry_what_the_relay_publishes(pg_engine):
    store = EventStore(pg_engine, stakeholders_registry)
    _record(store)
    app = Flask(__name__)
    app.register_blueprint(feed_blueprint(store, "stakeholders", "token"))
    answer = app.test_client().get("/api/v1/events?after=0",
                                   headers={"Authorization": "Bearer token"})
    assert answer.status_code == 200
    _assert_minimised(answer.get_json()["items"])
    local = LocalFeed(store, "stakeholders").read_after(0)
    _assert_minimised([e.body for e in local])


@pytest.mark.parametrize("message, carried, kept", [
    ("stakeholders_interaction_recorded", {}, ["notes", "summary"]),
    ("stakeholders_person_consent_given", {}, ["note"]),
    ("stakeholders_person_registered",
     {"given_name": ["activities", "missions"], "family_name": ["activities", "missions"],
      "birth_date": ["reporting"]}, ["email", "phone", "whatsapp"]),
    ("stakeholders_staff_account_token_created",
     {"token_hash": ["activities", "missions", "reporting"]}, []),
])
def test_the_catalogue_documents_the_personal_data_of_each_message(message, carried, kept):
    doc = catalogue("stakeholders", stakeholders_registry)["components"]["messages"][message]
    assert doc["x-personal-data"]["carried"] == carried
    assert doc["x-personal-data"]["withheld"] == kept
    properties = doc["payload"]["properties"]["data"]["properties"]
    assert not set(kept) & set(properties)
    for field, consumers in carried.items():
        assert properties[field]["x-needed-by"] == consumers
    for field in kept:
        assert field in doc["description"]


def test_follow_up_notes_do_not_reach_reporting():
    follow_up = missions_registry.class_of("mission.follow_up_recorded")
    assert {p[0] for p in withheld(follow_up)} == {"notes", "issues", "participants"}
    assert minimised(follow_up, {"wellbeing": 4, "notes": NOTE, "kind": "arrival"}) == {
        "wellbeing": 4, "kind": "arrival"}  # reporting keeps the mark
