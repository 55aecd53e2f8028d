"""The AsyncAPI catalogue of missions' events matches what is really published, with the
types and fields agreed with reporting."""
from services.missions.app import REGISTRY
from shared.messaging.envelope import routing_key, to_cloudevent
from tests.missions.conftest import mission_body

CONTRACT = {  # the event contract reporting relies on: type -> fields it reads
    "mission.drafted": {"volunteer_id", "host_id", "direction", "scheme", "programme", "office",
                        "planned_start", "planned_end", "weekly_hours", "referent"},
    "mission.corrected": {"changed"}, "mission.proposed": set(), "mission.agreed": set(),
    "mission.started": {"started_on"}, "mission.completed": {"completed_on"},
    # reasons and case notes stay in missions (minimisation): reporting does not read them
    "mission.interrupted": {"interrupted_on"}, "mission.cancelled": set(),
    "mission.extended": {"planned_end"},
    "mission.follow_up_recorded": {"follow_up_id", "kind", "date", "wellbeing"},
    "mission.incident_reported": {"incident_id", "kind", "severity", "reported_on"},
    "mission.incident_resolved": {"incident_id", "resolved_on"},
    "mission.volunteer_transferred": {"from_person_id", "to_person_id"},
}


def test_the_catalogue_lists_every_event_and_describes_its_payload(client, api, stakeholders):
    host = stakeholders.host(capacity=5)
    first = api.ok("/missions", mission_body(stakeholders.person(), host, referent="samira"),
                   201)
    item = f"/missions/{first['id']}"
    api.ok(item + "/correct", {"expected_version": 1, "weekly_hours": 30})
    api.ok(item + "/propose", {"expected_version": 2})
    api.ok(item + "/agree", {"expected_version": 3})
    api.ok(item + "/start", {"expected_version": 4, "started_on": "2025-09-01"})
    api.ok(item + "/extend", {"expected_version": 5, "planned_end": "2026-05-31",
                              "reason": "Projet prolongé"})
    api.ok(item + "/follow-ups", {"kind": "arrival", "date": "2025-09-10", "wellbeing": 4,
                                  "notes": "Bien arrivée"}, 201)
    incident = api.ok(item + "/incidents", {"kind": "health", "severity": "low",
                                            "reported_on": "2025-09-20"}, 201)
    api.ok(item + f"/incidents/{incident['incident_id']}/resolve", {"resolved_on": "2025-09-22"})
    api.ok(item + "/trainings", {"training": "first_aid", "start": "2025-09-12"})
    api.ok(item + "/complete", {"expected_version": 10, "completed_on": "2026-05-31"})
    api.ok(item + "/review", {"skills_gained": ["Animation"], "volunteer_satisfaction": 5})
    second = api.ok("/missions", mission_body(stakeholders.person(), host), 201)
    api.ok(f"/missions/{second['id']}/cancel", {"expected_version": 1, "reason": "Renoncement"})
    third = api.ok("/missions", mission_body(stakeholders.person(), host), 201)
    item = f"/missions/{third['id']}"
    for number, command in enumerate(("propose", "agree"), start=1):
        api.ok(f"{item}/{command}", {"expected_version": number})
    api.ok(item + "/start", {"expected_version": 3, "started_on": "2025-09-01"})
    api.ok(item + "/interrupt", {"expected_version": 4, "interrupted_on": "2025-10-01",
                                 "reason": "Retour"})

    response = client.get("/missions/api/asyncapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert set(document["channels"]) == {routing_key("missions", t) for t in REGISTRY.types}
    messages = {m["name"]: m for m in document["components"]["messages"].values()}
    store = client.application.extensions["argan"]["store"]
    published = [to_cloudevent(e, "missions", REGISTRY) for e in store.read_after(0)
                 if e.stream_type == "mission"]
    assert {e["type"] for e in published} == {routing_key("missions", t) for t in REGISTRY.types
                                              if t.startswith("mission.")
                                              } - {"missions.mission.volunteer_transferred"}
    for event in published:
        properties = messages[event["type"]]["payload"]["properties"]["data"]["properties"]
        assert set(event["data"]) <= set(properties), event["type"]
        assert CONTRACT.get(event["type"].split(".", 1)[1], set()) <= set(event["data"]), event
    for type_, fields in CONTRACT.items():
        properties = messages[routing_key("missions", type_)]["payload"]["properties"]["data"][
            "properties"]
        assert fields <= set(properties), type_
    drafted = next(e for e in published if e["type"] == "missions.mission.drafted")
    assert drafted["data"]["planned_start"] == "2025-09-01"
    assert drafted["data"]["referent"] == "samira"


def test_the_openapi_describes_the_commands(client, csrf):
    paths = client.get("/missions/api/openapi.json").get_json()["paths"]
    for path in ("/api/v1/missions", "/api/v1/missions/{mission_id}/propose",
                 "/api/v1/missions/{mission_id}/agree", "/api/v1/missions/{mission_id}/start",
                 "/api/v1/missions/{mission_id}/complete",
                 "/api/v1/missions/{mission_id}/interrupt",
                 "/api/v1/missions/{mission_id}/extend",
                 "/api/v1/missions/{mission_id}/follow-ups"):
        assert "post" in paths[path], path
    assert "get" in paths["/api/v1/follow-ups/due"]
    created = paths["/api/v1/missions"]["post"]["responses"]
    assert {"201", "422"} <= set(created)
