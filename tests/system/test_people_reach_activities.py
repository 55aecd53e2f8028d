"""Stakeholders and activities on PostgreSQL and RabbitMQ: people registered (and corrected)
in stakeholders reach the activities replica through the broker, are registered to an
activity, their attendance recorded, and the activities events reach the broker in order."""
import json
import time

import pytest
from kombu import Queue

from shared.messaging.topology import Topology, open_connection
from shared.testing.web import sign_in_as
from tests.messaging.helpers import get_all


def wait_for(predicate, what, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.1)
    pytest.fail(f"{what}: not within {timeout:.0f} s")


@pytest.fixture
def activities_events(platform, amqp_url):
    """A queue of the test's own, bound to every activities event on the platform's exchange."""
    settings = platform.apps["activities"].extensions["argan"]["settings"]
    topology = Topology.from_settings(settings)
    queue = Queue(settings.exchange + ".watch", exchange=topology.events_exchange(),
                  routing_key="activities.#", durable=False, auto_delete=False)
    with open_connection(amqp_url) as conn:
        topology.declare_exchanges(conn.default_channel)
        queue(conn.default_channel).declare()
    yield queue.name
    with open_connection(amqp_url) as conn:
        queue(conn.default_channel).delete()


def test_people_registered_in_stakeholders_are_registered_to_an_activity(platform,
                                                                         activities_events,
                                                                         amqp_url):
    people = [platform.register(given_name="Fatima", family_name=f"Ouali {i}")["id"]
              for i in range(3)]
    client = platform.apps["activities"].test_client()
    csrf = sign_in_as(client, roles=("officer",))

    def post(path, body):
        response = client.post(f"/activities/api/v1{path}", json=body,
                               headers={"X-CSRFToken": csrf})
        assert response.status_code in (200, 201), response.get_json()
        return response.get_json()

    found = wait_for(lambda: client.get("/activities/api/v1/people?q=ouali").get_json()
                     ["total"] == 3, "the people in the activities replica")
    assert found
    first = platform.people.get(f"/stakeholders/api/v1/people/{people[0]}").get_json()
    platform.people.post(f"/stakeholders/api/v1/people/{people[0]}/correct",
                         json={"expected_version": first["version"], "family_name": "Wali"},
                         headers={"X-CSRFToken": platform.people_csrf})

    activity = post("/activities", {"title": "Journée d'information mobilité légale",
                                    "kind": "information_day", "office": "agadir",
                                    "capacity": 30, "venue": "Agadir"})
    base = f"/activities/{activity['id']}"
    session = post(base + "/sessions", {"expected_version": 1, "date": "2025-06-12",
                                        "start": "09:00", "end": "16:00"})
    post(base + "/open", {"expected_version": 2})
    post(base + "/registrations", {"person_ids": people})
    post(base + f"/sessions/{session['id']}/attendance", {"attendance": [
        {"person_id": p, "half_day": h, "status": "present"}
        for p in people for h in ("morning", "afternoon")]})

    def corrected():
        detail = client.get(f"/activities/api/v1{base}").get_json()
        return "Fatima Wali" in [r["name"] for r in detail["registrations"]] and detail
    detail = wait_for(corrected, "the correction in the activities replica")
    assert {r["hours_attended"] for r in detail["registrations"]} == {7.0}

    messages = get_all(amqp_url, activities_events, expected=7, timeout=30)
    bodies = [json.loads(m.body) for m in messages]
    assert [b["type"] for b in bodies] == [
        "activities.activity.planned", "activities.activity.session_scheduled",
        "activities.activity.registration_opened"] + [
        "activities.activity.person_registered"] * 3 + [
        "activities.activity.attendance_recorded"]
    assert [b["sequence"] for b in bodies] == list(range(1, 8))
    positions = [b["position"] for b in bodies]
    assert positions == sorted(positions)
    assert {b["source"] for b in bodies} == {"/argan/activities"}
