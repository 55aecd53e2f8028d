"""The mission's life cycle through the JSON API, on PostgreSQL, with the replica fed by
stakeholders' events."""
from tests.missions.conftest import mission_body


def test_a_mission_goes_from_draft_to_completed(api, stakeholders):
    volunteer, host = stakeholders.person(), stakeholders.host()
    created = api.ok("/missions", mission_body(volunteer, host), 201)
    assert created["version"] == 1
    item = f"/missions/{created['id']}"
    api.ok(item + "/propose", {"expected_version": 1})
    api.ok(item + "/agree", {"expected_version": 2})
    api.ok(item + "/start", {"expected_version": 3, "started_on": "2025-09-02"})
    api.ok(item + "/extend", {"expected_version": 4, "planned_end": "2026-06-30",
                              "reason": "Projet de l'association prolongé"})
    api.ok(item + "/complete", {"expected_version": 5, "completed_on": "2026-06-30"})
    mission = api.get(item).get_json()
    assert mission["status"] == "completed" and mission["version"] == 6
    assert mission["volunteer_name"] == "Amina Ait Lahcen"
    assert mission["host_name"] == "Association Tiwizi"
    assert mission["started_on"] == "2025-09-02" and mission["ended_on"] == "2026-06-30"
    assert mission["extensions"] == [{"planned_end": "2026-06-30",
                                      "reason": "Projet de l'association prolongé"}]
    listed = api.get("/missions?status=completed&q=tiwizi").get_json()
    assert [m["id"] for m in listed["items"]] == [created["id"]]


def test_bad_input_names_the_field(api, stakeholders):
    volunteer, host = stakeholders.person(), stakeholders.host()
    response = api.post("/missions", mission_body(volunteer, host, direction="MA_to_BE",
                                                   weekly_hours=90, planned_start="1890-01-01"))
    assert response.status_code == 422
    assert {"direction", "weekly_hours", "planned_start"} <= set(response.get_json()["errors"])
    assert api.post("/missions/nope/propose", {"expected_version": 1}).status_code == 404
