"""The AsyncAPI catalogue of stakeholders' events matches what is really published."""
from services.stakeholders.events import registry
from shared.messaging.envelope import routing_key, to_cloudevent
from shared.testing.web import mounted_client


def test_the_catalogue_lists_every_event_and_describes_its_payload(client, api):
    created = api.post("/people", {"given_name": "Youssef", "family_name": "Amrani",
                                   "sex": "male", "email": "y@example.org"}).get_json()
    api.post(f"/people/{created['id']}/correct",
             {"expected_version": created["version"], "email": "youssef@example.org"})
    api.post(f"/people/{created['id']}/archive", {"expected_version": created["version"] + 1,
                                                  "reason": "left the region"})
    response = client.get("/stakeholders/api/asyncapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["asyncapi"].startswith("2.")
    assert set(document["channels"]) == {routing_key("stakeholders", t) for t in registry.types}

    messages = {m["name"]: m for m in document["components"]["messages"].values()}
    store = client.application.extensions["argan"]["store"]
    published = [to_cloudevent(e, "stakeholders", registry) for e in store.read_after(0)
                 if e.stream_type == "person"]
    assert [e["type"] for e in published] == ["stakeholders.person.registered",
                                              "stakeholders.person.corrected",
                                              "stakeholders.person.archived"]
    for event in published:
        properties = messages[event["type"]]["payload"]["properties"]["data"]["properties"]
        assert set(event["data"]) <= set(properties), event["type"]
    registered = messages["stakeholders.person.registered"]["payload"]["properties"]["data"]
    assert registered["properties"]["given_name"]["x-personal-data"] is True
    assert "email" not in registered["properties"]  # no consumer needs it: never published
    assert "email" in messages["stakeholders.person.registered"]["x-personal-data"]["withheld"]
    assert "x-personal-data" not in registered["properties"]["sex"]


def test_the_catalogue_is_for_signed_in_staff(stakeholders_app):
    anonymous = mounted_client(stakeholders_app, "/stakeholders")
    assert anonymous.get("/stakeholders/api/asyncapi.json").status_code == 401
