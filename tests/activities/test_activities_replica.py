"""The replica follows stakeholders' real events (produced by the stakeholders app on its
own PostgreSQL database, delivered as the consumer receives them): names and organisations,
corrections, and merges moving registrations to the survivor as events of activities."""
import pytest

from services.activities.policies import policies
from services.activities.projections import PROJECTORS
from services.stakeholders import app as stakeholders
from shared.access.wiring import with_staff_events
from shared.db import write_transaction
from shared.messaging.envelope import from_cloudevent, to_cloudevent
from shared.settings import Settings
from shared.testing.web import mounted_client, sign_in_as
from tests.activities.conftest import plan_body


@pytest.fixture
def directory(make_database):
    settings = Settings(service="stakeholders", database_url=make_database("stakeholders"),
                        secret_key="test-secret", service_token="t", testing=True)
    stakeholders.migrate(settings)
    app = stakeholders.create_app(settings)
    client = mounted_client(app, "/stakeholders")
    csrf = sign_in_as(client, roles=("officer",))

    class Directory:
        store = app.extensions["argan"]["store"]
        delivered = 0

        def post(self, path, body):
            response = client.post(f"/stakeholders/api/v1{path}", json=body,
                                   headers={"X-CSRFToken": csrf})
            assert response.status_code in (200, 201), response.get_json()
            return response.get_json()

        def person(self, given, family):
            return self.post("/people", {"given_name": given, "family_name": family})

        def deliver(self, engine, store):
            """Every new event, in order, as a CloudEvent, through the consumer's apply."""
            apply = with_staff_events(policies(store, PROJECTORS))
            for stored in self.store.read_after(self.delivered):
                with write_transaction(engine) as conn:
                    apply(conn, from_cloudevent(to_cloudevent(stored, "stakeholders")))
                self.delivered = stored.position

    yield Directory()
    app.extensions["argan"]["store"].dispose()
    app.extensions["argan"]["engine"].dispose()


def test_people_and_their_organisation_show_and_corrections_follow(directory, api, engine,
                                                                   store):
    amina = directory.person("Amina", "Ait Lahcen")
    association = directory.post("/organisations", {"name": "Association Tifawin",
                                                    "kind": "association"})
    directory.post(f"/organisations/{association['id']}/affiliations",
                   {"person_id": amina["id"], "role": "member", "start": "2024-01-01"})
    directory.deliver(engine, store)
    (found,) = api.get("/people?q=amina").get_json()["items"]
    assert found == {"id": amina["id"], "name": "Amina Ait Lahcen",
                     "organisation": "Association Tifawin"}

    directory.post(f"/people/{amina['id']}/correct", {"expected_version": amina["version"],
                                                      "family_name": "Aït-Lahcen"})
    directory.post(f"/organisations/{association['id']}/correct",
                   {"expected_version": 2, "name": "Association Tifawin Tiznit"})
    directory.deliver(engine, store)
    (found,) = api.get("/people?q=amina").get_json()["items"]
    assert found["name"] == "Amina Aït-Lahcen"
    assert found["organisation"] == "Association Tifawin Tiznit"


def test_a_merge_moves_the_absorbed_persons_registrations_to_the_survivor(directory, api,
                                                                          engine, store):
    survivor = directory.person("Youssef", "Amrani")
    absorbed = directory.person("Youssef", "Amrany")
    other = directory.person("Samira", "Idrissi")
    directory.deliver(engine, store)
    first = api.post("/activities", plan_body(capacity=5)).get_json()["id"]
    second = api.post("/activities", plan_body(capacity=1)).get_json()["id"]
    api.post(f"/activities/{first}/registrations", {"person_id": absorbed["id"]})
    api.post(f"/activities/{second}/registrations",
             {"person_ids": [survivor["id"], absorbed["id"], other["id"]]})

    directory.post(f"/people/{survivor['id']}/merge", {
        "expected_version": survivor["version"], "merged_id": absorbed["id"],
        "merged_expected_version": absorbed["version"]})
    directory.deliver(engine, store)

    moved = api.get(f"/activities/{first}").get_json()
    assert [(r["person_id"], r["status"]) for r in moved["registrations"]] == [
        (survivor["id"], "registered")]
    kept_once = api.get(f"/activities/{second}").get_json()
    assert {r["person_id"]: r["status"] for r in kept_once["registrations"]} == {
        survivor["id"]: "registered", absorbed["id"]: "cancelled",
        other["id"]: "waitlisted"}
    types = [h["type"] for h in api.get(f"/activities/{first}/history").get_json()]
    assert types[0] == "activity.registration_transferred"
    transferred = [e for e in store.read_after(0)
                   if e.type == "activity.registration_transferred"]
    assert transferred[0].metadata["causation_id"]  # the stakeholders event it follows
    assert api.get("/people?q=amrany").get_json()["total"] == 0  # merged: not offered

    directory.delivered = 0  # every event delivered again: nothing moves twice
    directory.deliver(engine, store)
    assert api.get(f"/activities/{first}").get_json()["version"] == moved["version"]
