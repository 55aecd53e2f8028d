"""The JSON API on PostgreSQL: DESIGN.md's conventions, the registration and attendance
rules through HTTP, and nothing half-written on bad input."""
from tests.activities.conftest import plan_body


def planned(api, **extra):
    response = api.post("/activities", plan_body(**extra))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def opened(api, start="09:00", end="17:00", **extra):
    created = planned(api, **extra)
    session = api.post(f"/activities/{created['id']}/sessions", {
        "expected_version": 1, "date": "2025-03-18", "start": start, "end": end})
    assert session.status_code == 201, session.get_json()
    opened = api.post(f"/activities/{created['id']}/open", {"expected_version": 2})
    assert opened.status_code == 200, opened.get_json()
    return created["id"], session.get_json()["id"]


def test_plan_read_and_correct_with_versions(api):
    created = planned(api, facilitators=["Samira Idrissi"])
    assert set(created) == {"id", "version"} and created["version"] == 1
    activity = api.get(f"/activities/{created['id']}").get_json()
    assert (activity["title"], activity["status"], activity["version"]) == (
        "Atelier climat Génération Climat", "planned", 1)
    corrected = api.post(f"/activities/{created['id']}/correct",
                         {"expected_version": 1, "capacity": 30})
    assert corrected.get_json() == {"id": created["id"], "version": 2}
    stale = api.post(f"/activities/{created['id']}/correct",
                     {"expected_version": 1, "title": "Autre titre"})
    assert stale.status_code == 409
    assert stale.get_json()["code"] == "conflict" and stale.get_json()["current_version"] == 2
    assert api.get(f"/activities/{created['id']}").get_json()["title"] != "Autre titre"


def test_bad_input_names_the_field_and_writes_nothing(api):
    response = api.post("/activities", {"title": "", "kind": "party", "office": "agadir",
                                        "capacity": "many"})
    assert response.status_code == 422
    body = response.get_json()
    assert body["code"] == "invalid" and {"kind", "capacity"} <= set(body["errors"])
    assert api.get("/activities").get_json()["total"] == 0
    missing = api.get("/activities/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404 and missing.get_json()["code"] == "not_found"
    created = planned(api)
    session = api.post(f"/activities/{created['id']}/sessions", {
        "expected_version": 1, "date": "2025-03-18", "start": "12:00", "end": "09:00"})
    assert session.status_code == 422 and "end" in session.get_json()["errors"]


def test_registration_answers_registered_or_waitlisted_and_promotes(api, stakeholders):
    activity_id, _ = opened(api)
    people = [stakeholders.person("Amina", f"Person{i}") for i in range(4)]
    answers = [api.post(f"/activities/{activity_id}/registrations", {"person_id": p})
               for p in people[:3]]
    assert [a.status_code for a in answers] == [201, 201, 201]
    assert [a.get_json()["status"] for a in answers] == ["registered", "registered",
                                                         "waitlisted"]
    twice = api.post(f"/activities/{activity_id}/registrations", {"person_id": people[0]})
    assert twice.status_code == 422 and twice.get_json()["errors"]
    unknown = api.post(f"/activities/{activity_id}/registrations", {"person_id": "nobody"})
    assert unknown.status_code == 422 and "person_id" in unknown.get_json()["errors"]
    first = answers[0].get_json()["registration_id"]
    no_reason = api.post(f"/activities/{activity_id}/registrations/{first}/cancel", {})
    assert no_reason.status_code == 422 and "reason" in no_reason.get_json()["errors"]
    cancelled = api.post(f"/activities/{activity_id}/registrations/{first}/cancel",
                         {"reason": "Empêchement"})
    assert cancelled.status_code == 200
    activity = api.get(f"/activities/{activity_id}").get_json()
    by_person = {r["person_id"]: r["status"] for r in activity["registrations"]}
    assert by_person == {people[0]: "cancelled", people[1]: "registered",
                         people[2]: "registered"}
    assert activity["registrations"][0]["name"] == "Amina Person1"


def test_a_group_is_registered_in_one_command_or_not_at_all(api, stakeholders):
    activity_id, _ = opened(api, capacity=3)
    group = [stakeholders.person("Membre", str(i)) for i in range(5)]
    response = api.post(f"/activities/{activity_id}/registrations", {"person_ids": group})
    assert response.status_code == 201
    assert [r["status"] for r in response.get_json()["registrations"]] == (
        ["registered"] * 3 + ["waitlisted"] * 2)
    assert response.get_json()["version"] == 3 + 5  # one append of five events
    again = api.post(f"/activities/{activity_id}/registrations",
                     {"person_ids": [stakeholders.person("Neuf", "X"), group[0]]})
    assert again.status_code == 422
    assert api.get(f"/activities/{activity_id}").get_json()["version"] == 8


def test_attendance_per_half_day_and_its_correction_with_hours(api, stakeholders):
    activity_id, session_id = opened(api, capacity=10)
    people = [stakeholders.person("P", str(i)) for i in range(3)]
    api.post(f"/activities/{activity_id}/registrations", {"person_ids": people})
    marks = [{"person_id": p, "half_day": h, "status": "present"}
             for p in people for h in ("morning", "afternoon")]
    url = f"/activities/{activity_id}/sessions/{session_id}/attendance"
    assert api.post(url, {"attendance": marks}).status_code == 200
    corrected = api.post(url, {"attendance": [
        {"person_id": people[1], "half_day": "afternoon", "status": "excused"}]})
    assert corrected.status_code == 200
    bad = api.post(url, {"attendance": [{"person_id": people[0], "half_day": "evening",
                                         "status": "present"}]})
    assert bad.status_code == 422 and bad.get_json()["errors"]
    activity = api.get(f"/activities/{activity_id}").get_json()
    assert activity["hours_delivered"] == 8.0
    hours = {r["person_id"]: r["hours_attended"] for r in activity["registrations"]}
    assert hours == {people[0]: 8.0, people[1]: 3.0, people[2]: 8.0}
    (session,) = activity["sessions"]
    assert session["half_days"] == ["morning", "afternoon"] and len(session["attendance"]) == 6
    history = api.get(f"/activities/{activity_id}/history").get_json()
    assert [h["type"] for h in history[:2]] == ["activity.attendance_recorded"] * 2


def test_the_life_cycle_through_the_api_and_no_registration_once_closed(api, stakeholders):
    activity_id, _ = opened(api)
    person = stakeholders.person("Youssef", "Amrani")
    assert api.post(f"/activities/{activity_id}/hold", {"expected_version": 3}).status_code == 200
    assert api.post(f"/activities/{activity_id}/close", {"expected_version": 4}).status_code == 200
    late = api.post(f"/activities/{activity_id}/registrations", {"person_id": person})
    assert late.status_code == 422
    cancel = api.post(f"/activities/{activity_id}/cancel", {"expected_version": 5,
                                                             "reason": "x"})
    assert cancel.status_code == 422
    assert api.get(f"/activities/{activity_id}").get_json()["status"] == "closed"


def test_lists_filter_sort_and_paginate(api):
    ids = [planned(api, title=f"Forum {i}", kind="forum" if i % 2 else "training",
                   office="agadir" if i < 3 else "tiznit")["id"] for i in range(5)]
    api.post(f"/activities/{ids[0]}/sessions", {"expected_version": 1, "date": "2025-05-02",
                                                 "start": "09:00", "end": "12:00"})
    page = api.get("/activities?kind=forum&sort=title&per_page=1").get_json()
    assert (page["total"], page["per_page"], page["page"]) == (2, 1, 1)
    assert [a["title"] for a in page["items"]] == ["Forum 1"]
    assert api.get("/activities?office=tiznit").get_json()["total"] == 2
    assert api.get("/activities?q=forum 4").get_json()["total"] == 1
    period = api.get("/activities?from=2025-05-01&to=2025-05-31").get_json()
    assert [a["id"] for a in period["items"]] == [ids[0]]
    assert api.get("/activities?programme=GENCLIMAT&status=planned").get_json()["total"] == 5
    assert api.get("/activities?per_page=1000").status_code == 422


def test_people_of_the_replica_are_found_by_name(api, stakeholders):
    stakeholders.person("Aïcha", "Ezzahra")
    stakeholders.person("Paul", "Martin")
    found = api.get("/people?q=aicha").get_json()
    assert [p["name"] for p in found["items"]] == ["Aïcha Ezzahra"]


def test_communication_reads_but_does_not_write(client, activities_app):
    from shared.testing.web import sign_in_as
    csrf = sign_in_as(client, roles=("communication",))
    assert client.get("/activities/api/v1/activities").status_code == 200
    refused = client.post("/activities/api/v1/activities", json=plan_body(),
                          headers={"X-CSRFToken": csrf})
    assert refused.status_code == 403
