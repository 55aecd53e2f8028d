"""A person not yet known, registered from activities: created in the real stakeholders
app through its HTTP API (acting as the signed-in staff member, on PostgreSQL), registered
here at once by the id it gave, and named once stakeholders' events have come through
RabbitMQ to the activities replica: one record, in the directory."""
import time

import pytest


def wait_for(predicate, what, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.1)
    pytest.fail(f"{what}: not within {timeout:.0f} s")


def test_a_new_person_from_activities_is_one_record_and_reaches_the_replica(platform):
    client = platform.apps["activities"].test_client()
    # the one sign-in of the platform (stakeholders'), as the browser sends it everywhere
    client.set_cookie("argan_session", platform.people.get_cookie("argan_session").value)
    headers = {"X-CSRFToken": platform.people_csrf}
    wait_for(lambda: client.get("/activities/api/v1/activities").status_code == 200,
             "the staff account in activities")

    def post(path, body):
        return client.post(f"/activities/api/v1{path}", json=body, headers=headers)

    activity = post("/activities", {"title": "Formation OSIM", "kind": "training",
                                    "office": "tiznit", "venue": "Tiznit"}).get_json()["id"]
    assert post(f"/activities/{activity}/open", {"expected_version": 1}).status_code == 200
    answer = post(f"/activities/{activity}/registrations/new-person", {
        "given_name": "Khadija", "family_name": "Nouvelle", "residence_country": "MA",
        "phone": "0612345678"})
    assert answer.status_code == 201, answer.get_json()
    person_id = answer.get_json()["registrations"][0]["person_id"]

    listed = platform.people.get("/stakeholders/api/v1/people?q=nouvelle").get_json()
    assert [p["id"] for p in listed["items"]] == [person_id]
    history = platform.people.get(f"/stakeholders/api/v1/people/{person_id}/history").get_json()
    assert history[-1]["actor"]  # recorded as the staff member, not as a service

    def named():
        detail = client.get(f"/activities/api/v1/activities/{activity}").get_json()
        return detail["registrations"][0]["name"] == "Khadija Nouvelle" and detail
    detail = wait_for(named, "the new person in the activities replica")
    assert [(r["person_id"], r["status"]) for r in detail["registrations"]] == [
        (person_id, "registered")]
    replica = client.get("/activities/api/v1/people?q=nouvelle").get_json()
    assert [p["id"] for p in replica["items"]] == [person_id]
