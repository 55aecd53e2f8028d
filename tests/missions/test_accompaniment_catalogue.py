"""The AsyncAPI catalogue of missions lists the accompaniment and opportunity events, and
what is published is what the contract with reporting says (types and data fields)."""
from services.missions.app import REGISTRY
from shared.messaging.envelope import routing_key, to_cloudevent

CONTRACT = {  # /tmp/missions_events.md, agreed with reporting
    "missions.accompaniment.opened": {"organisation_id", "group_name", "title", "programme",
                                      "office", "budget_requested"},
    "missions.accompaniment.stage_changed": {"stage", "on"},
    # the coaching notes stay in missions: reporting counts hours (minimisation)
    "missions.accompaniment.coaching_recorded": {"coaching_id", "date", "hours", "activity_id"},
    "missions.accompaniment.decided": {"selected", "budget_granted", "on"},
}


def test_published_events_follow_the_contract_and_the_catalogue(client, api):
    made = api.ok("/accompaniments", {"title": "Maison des jeunes", "programme": "PRA",
                                      "office": "tiznit", "group_name": "Jeunes de Tiznit",
                                      "budget_requested": 9000}, 201)
    item = f"/accompaniments/{made['id']}"
    api.ok(item + "/stage", {"expected_version": 1, "stage": "structuring", "on": "2026-01-05"})
    api.ok(item + "/coaching", {"date": "2026-01-06", "hours": 2}, 201)
    api.ok(item + "/stage", {"expected_version": 3, "stage": "submitted", "on": "2026-02-01"})
    api.ok(item + "/decision", {"expected_version": 4, "selected": False, "on": "2026-03-01"})
    document = api.ok(item + "/documents", {"kind": "budget", "due_on": "2026-04-01"}, 201)
    api.ok(item + f"/documents/{document['document_id']}/received",
           {"received_on": "2026-03-30"})
    opportunity = api.ok("/opportunities", {"title": "Volontariat", "scheme": "volunteering",
                                            "country": "SE"}, 201)
    api.ok(f"/opportunities/{opportunity['id']}/correct", {"expected_version": 1,
                                                          "deadline": "2026-06-30"})
    api.ok(f"/opportunities/{opportunity['id']}/withdraw", {"expected_version": 2,
                                                           "reason": "Fin du programme"})

    document = client.get("/missions/api/asyncapi.json").get_json()
    assert set(document["channels"]) == {routing_key("missions", t) for t in REGISTRY.types}
    messages = {m["name"]: m for m in document["components"]["messages"].values()}
    store = client.application.extensions["argan"]["store"]
    published = [to_cloudevent(e, "missions", REGISTRY) for e in store.read_after(0)
                 if e.stream_type in ("accompaniment", "opportunity")]
    assert [e["type"] for e in published] == [
        "missions.accompaniment.opened", "missions.accompaniment.stage_changed",
        "missions.accompaniment.coaching_recorded", "missions.accompaniment.stage_changed",
        "missions.accompaniment.decided", "missions.accompaniment.stage_changed",
        "missions.accompaniment.document_expected", "missions.accompaniment.document_received",
        "missions.opportunity.published", "missions.opportunity.corrected",
        "missions.opportunity.withdrawn"]
    assert {e["type"] for e in published} == {  # every event of the two is published here
        routing_key("missions", t) for t in REGISTRY.types
        if t.startswith(("accompaniment.", "opportunity."))}
    for event in published:
        properties = messages[event["type"]]["payload"]["properties"]["data"]["properties"]
        assert set(event["data"]) <= set(properties), event["type"]
        if event["type"] in CONTRACT:
            assert set(event["data"]) == CONTRACT[event["type"]], event["type"]
    decided = next(e for e in published if e["type"] == "missions.accompaniment.decided")
    assert decided["data"] == {"selected": False, "budget_granted": None, "on": "2026-03-01"}


def test_the_openapi_describes_the_commands_and_the_search(client, api):
    paths = client.get("/missions/api/openapi.json").get_json()["paths"]
    assert {"201", "422"} <= set(paths["/api/v1/accompaniments"]["post"]["responses"])
    for path in ("/api/v1/accompaniments/{accompaniment_id}/stage",
                 "/api/v1/accompaniments/{accompaniment_id}/decision",
                 "/api/v1/accompaniments/{accompaniment_id}/coaching",
                 "/api/v1/opportunities", "/api/v1/opportunities/{opportunity_id}/withdraw"):
        assert "post" in paths[path], path
    search = {p["name"] for p in paths["/api/v1/opportunities"]["get"]["parameters"]}
    assert {"age", "education", "language", "country", "scheme", "on"} <= search
