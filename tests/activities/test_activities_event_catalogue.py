"""The AsyncAPI catalogue of activities' events matches what is really published."""
from services.activities.events import registry
from shared.messaging.envelope import routing_key, to_cloudevent
from tests.activities.conftest import plan_body


def test_the_catalogue_lists_every_event_and_describes_its_payload(client, api, stakeholders):
    person = stakeholders.person("Amina", "Ait Lahcen")
    created = api.post("/activities", plan_body()).get_json()
    activity = f"/activities/{created['id']}"
    api.post(activity + "/sessions", {"expected_version": 1, "date": "2025-03-18",
                                      "start": "09:00", "end": "12:00"})
    api.post(activity + "/open", {"expected_version": 2})
    registered = api.post(activity + "/registrations", {"person_id": person}).get_json()
    session_id = api.get(activity).get_json()["sessions"][0]["id"]
    api.post(activity + f"/sessions/{session_id}/attendance", {"attendance": [
        {"person_id": person, "half_day": "morning", "status": "present"}]})
    api.post(activity + f"/registrations/{registered['registration_id']}/cancel",
             {"reason": "erreur"})

    response = client.get("/activities/api/asyncapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert set(document["channels"]) == {routing_key("activities", t) for t in registry.types}
    messages = {m["name"]: m for m in document["components"]["messages"].values()}
    store = client.application.extensions["argan"]["store"]
    published = [to_cloudevent(e, "activities", registry) for e in store.read_after(0)
                 if e.stream_type == "activity"]
    assert [e["type"] for e in published] == [
        "activities.activity.planned", "activities.activity.session_scheduled",
        "activities.activity.registration_opened", "activities.activity.person_registered",
        "activities.activity.attendance_recorded",
        "activities.activity.registration_cancelled"]
    for event in published:
        properties = messages[event["type"]]["payload"]["properties"]["data"]["properties"]
        assert set(event["data"]) <= set(properties), event["type"]


def test_the_openapi_describes_the_commands(client, api):
    paths = client.get("/activities/api/openapi.json").get_json()["paths"]
    for path in ("/api/v1/activities", "/api/v1/activities/{activity_id}/registrations",
                 "/api/v1/activities/{activity_id}/sessions/{session_id}/attendance"):
        assert "post" in paths[path], path
    created = paths["/api/v1/activities"]["post"]["responses"]
    assert {"201", "422"} <= set(created)
