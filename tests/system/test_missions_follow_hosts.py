"""Stakeholders and missions on PostgreSQL and RabbitMQ: a volunteer and a host structure
registered in stakeholders reach the missions replica through the broker; the host's
approval capacity, changed in stakeholders meanwhile, decides whether a second agreement
can be signed; a mission runs from draft to completed with its follow-up meetings, and its
events reach the broker in order."""
import json

import pytest
from kombu import Connection, Queue

from services.missions import app as missions
from services.stakeholders import app as stakeholders
from services.stakeholders.accounts import open_staff_account
from shared.messaging.topology import Topology, open_connection
from shared.settings import Settings
from shared.testing.web import (DEFAULT_EMAIL, DEFAULT_PASSWORD, mounted_client, sign_in,
                                sign_in_as)
from tests.messaging.helpers import get_all
from tests.system.conftest import _serve
from tests.system.test_people_reach_activities import wait_for


class Client:
    def __init__(self, client, csrf, prefix):
        self.client, self.csrf, self.prefix = client, csrf, prefix

    def get(self, path):
        return self.client.get(self.prefix + path).get_json()

    def post(self, path, body, expect=(200, 201)):
        response = self.client.post(self.prefix + path, json=body,
                                    headers={"X-CSRFToken": self.csrf})
        assert response.status_code in expect, response.get_json()
        return response.get_json()


@pytest.fixture
def two_services(make_database, amqp_url, unique_name):
    exchange = unique_name("argan.events")
    common = dict(secret_key="system-test-secret", service_token="system-test-token",
                  amqp_url=amqp_url, exchange=exchange, queue_prefix=exchange + ".",
                  queue_type="quorum", testing=True)
    people_settings = Settings(service="stakeholders",
                               database_url=make_database("stakeholders"), **common)
    stakeholders.migrate(people_settings)
    people_app = stakeholders.create_app(people_settings)
    people = mounted_client(people_app, "/stakeholders")
    server = _serve(people_app)  # the feed missions fills gaps from
    mission_settings = Settings(service="missions", database_url=make_database("missions"),
                                base_url=f"http://127.0.0.1:{server.server_port}", **common)
    missions.migrate(mission_settings)
    mission_app = missions.create_app(mission_settings)
    topology = Topology.from_settings(mission_settings)
    watch = Queue(exchange + ".watch", exchange=topology.events_exchange(),
                  routing_key="missions.#", durable=False, auto_delete=False)
    with open_connection(amqp_url) as conn:
        topology.declare_exchanges(conn.default_channel)
        watch(conn.default_channel).declare()
    workers = [stakeholders.create_worker(people_settings,
                                          store=people_app.extensions["argan"]["store"]),
               missions.create_worker(mission_settings,
                                      store=mission_app.extensions["argan"]["store"])]
    for worker in workers:
        worker.start()
    open_staff_account(people_app.extensions["argan"]["engine"], DEFAULT_EMAIL,
                       DEFAULT_PASSWORD, "Test Admin", roles=("admin",))
    directory = Client(people, sign_in(people), "/stakeholders/api/v1")
    client = mounted_client(mission_app, "/missions")
    officer = Client(client, sign_in_as(client, roles=("officer",)), "/missions/api/v1")
    try:
        yield directory, officer, watch.name
    finally:
        for worker in workers:
            worker.stop()
        server.shutdown()
        with Connection(amqp_url) as conn:
            watch(conn.default_channel).delete()
            topology.delete(conn.default_channel, [("missions", "events"),
                                                   ("stakeholders", "events")])
        for app in (people_app, mission_app):
            app.extensions["argan"]["store"].dispose()
            app.extensions["argan"]["engine"].dispose()


def test_a_mission_runs_to_completion_while_the_hosts_capacity_changes(two_services, amqp_url):
    directory, officer, watched = two_services
    amina = directory.post("/people", {"given_name": "Amina", "family_name": "Ait Baha"})
    youssef = directory.post("/people", {"given_name": "Youssef", "family_name": "Amrani"})
    host = directory.post("/organisations", {
        "name": "Maison des jeunes de Marseille", "kind": "host_structure", "country": "FR",
        "approval_number": "PAC-013-22-00042", "approval_start": "2024-01-01",
        "approval_end": "2027-12-31", "capacity": 1})
    wait_for(lambda: officer.get("/people?q=amrani")["total"] == 1, "the people in missions")

    def draft(person):
        return officer.post("/missions", {
            "volunteer_id": person["id"], "host_id": host["id"], "direction": "MA_to_FR",
            "scheme": "civic_service", "office": "marseille", "planned_start": "2025-09-01",
            "planned_end": "2026-02-28", "weekly_hours": 28},
            expect=(201, 422))

    first = wait_for(lambda: "id" in (made := draft(amina)) and made, "the host in missions")
    second = draft(youssef)
    for mission in (first, second):
        officer.post(f"/missions/{mission['id']}/propose", {"expected_version": 1})
    officer.post(f"/missions/{first['id']}/agree", {"expected_version": 2})
    refused = officer.post(f"/missions/{second['id']}/agree", {"expected_version": 2},
                           expect=(422,))
    assert refused["errors"]["host_id"] == [
        "La structure d’accueil n’a plus de place dans son agrément sur ces dates : sa "
        "capacité est atteinte."]

    organisation = directory.get(f"/organisations/{host['id']}")
    directory.post(f"/organisations/{host['id']}/correct",
                   {"expected_version": organisation["version"], "capacity": 2})
    wait_for(lambda: officer.post(f"/missions/{second['id']}/agree", {"expected_version": 2},
                                  expect=(200, 422)).get("version") == 3,
             "the new capacity in missions")

    base = f"/missions/{first['id']}"
    officer.post(base + "/start", {"expected_version": 3, "started_on": "2025-09-01"})
    for kind, date, wellbeing in (("arrival", "2025-09-15", 4), ("monthly", "2025-11-03", 3),
                                  ("mid_term", "2025-11-28", 4), ("final", "2026-02-27", 5)):
        officer.post(base + "/follow-ups", {"kind": kind, "date": date, "wellbeing": wellbeing,
                                            "notes": "Bonne intégration dans l'équipe"})
    due = officer.get("/follow-ups/due?on=2026-01-14")
    assert [(m["kind"], m["due_on"]) for m in due["overdue"]
            if m["mission_id"] == first["id"]] == [("monthly", "2026-01-01")]
    officer.post(base + "/complete", {"expected_version": 8, "completed_on": "2026-02-28"})
    mission = officer.get(base)
    assert mission["status"] == "completed" and mission["host_name"] == "Maison des jeunes de Marseille"

    bodies = [json.loads(m.body) for m in get_all(amqp_url, watched, expected=12, timeout=30)]
    first_events = [b["type"] for b in bodies if b["subject"] == first["id"]]
    assert first_events == ["missions.mission.drafted", "missions.mission.proposed",
                            "missions.mission.agreed", "missions.mission.started"] + [
        "missions.mission.follow_up_recorded"] * 4 + ["missions.mission.completed"]
    assert [b["type"] for b in bodies if b["subject"] == second["id"]] == [
        "missions.mission.drafted", "missions.mission.proposed", "missions.mission.agreed"]
    positions = [b["position"] for b in bodies]
    assert positions == sorted(positions)
