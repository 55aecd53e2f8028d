"""The replica follows stakeholders' real events (produced by the stakeholders app on its
own PostgreSQL database, delivered as the consumer receives them): the host's approval and
capacity decide what missions may do, and a merge moves the absorbed person's missions."""
import pytest

from services.missions.app import PROJECTORS
from services.missions.policies import policies
from services.stakeholders import app as stakeholders
from shared.access.wiring import with_staff_events
from shared.db import write_transaction
from shared.messaging.envelope import from_cloudevent, to_cloudevent
from shared.settings import Settings
from shared.testing.web import mounted_client, sign_in_as
from tests.missions.conftest import mission_body

NO_ROOM = ("La structure d’accueil n’a plus de place dans son agrément sur ces dates : sa "
           "capacité est atteinte.")


@pytest.fixture
def directory(make_database, engine, store):
    settings = Settings(service="stakeholders", database_url=make_database("stakeholders"),
                        secret_key="test-secret", service_token="t", testing=True)
    stakeholders.migrate(settings)
    app = stakeholders.create_app(settings)
    client = mounted_client(app, "/stakeholders")
    csrf = sign_in_as(client, roles=("officer",))

    class Directory:
        delivered = 0
        people_store = app.extensions["argan"]["store"]  # stakeholders' own

        def post(self, path, body):
            response = client.post(f"/stakeholders/api/v1{path}", json=body,
                                   headers={"X-CSRFToken": csrf})
            assert response.status_code in (200, 201), response.get_json()
            return response.get_json()

        def version(self, path):
            return client.get(f"/stakeholders/api/v1{path}").get_json()["version"]

        def correct_host(self, host_id, **changes):
            path = f"/organisations/{host_id}"
            self.post(path + "/correct", {"expected_version": self.version(path), **changes})
            self.deliver()

        def deliver(self):
            """Every new event, in order, as a CloudEvent, through the consumer's apply."""
            apply = with_staff_events(policies(store, PROJECTORS))
            for stored in app.extensions["argan"]["store"].read_after(self.delivered):
                with write_transaction(engine) as conn:
                    apply(conn, from_cloudevent(to_cloudevent(stored, "stakeholders")))
                self.delivered = stored.position

    yield Directory()
    app.extensions["argan"]["store"].dispose()
    app.extensions["argan"]["engine"].dispose()


def host_body(**extra):
    return {"name": "Maison des jeunes de Tiznit", "kind": "host_structure", "country": "MA",
            "approval_number": "MA-TZ-2024-07", "approval_start": "2024-01-01",
            "approval_end": "2027-12-31", "capacity": 1, **extra}


def agreed(api, body):
    made = api.ok("/missions", body, 201)
    api.ok(f"/missions/{made['id']}/propose", {"expected_version": 1})
    return made


def test_the_hosts_capacity_as_stakeholders_says_it_decides_the_agreements(directory, api):
    people = [directory.post("/people", {"given_name": "Sara", "family_name": f"Benali {i}"})
              for i in range(3)]
    host = directory.post("/organisations", host_body())
    directory.deliver()
    first, second, third = (agreed(api, mission_body(p["id"], host["id"])) for p in people)
    api.ok(f"/missions/{first['id']}/agree", {"expected_version": 2})
    assert api.refused(f"/missions/{second['id']}/agree", {"expected_version": 2},
                       "host_id") == NO_ROOM

    directory.correct_host(host["id"], capacity=2)
    api.ok(f"/missions/{second['id']}/agree", {"expected_version": 2})
    assert api.refused(f"/missions/{third['id']}/agree", {"expected_version": 2},
                       "host_id") == NO_ROOM
    api.ok(f"/missions/{first['id']}/cancel", {"expected_version": 3,
                                               "reason": "La volontaire a renoncé"})
    api.ok(f"/missions/{third['id']}/agree", {"expected_version": 2})  # a place freed


def test_the_hosts_approval_as_stakeholders_says_it_decides_civic_service(directory, api):
    volunteer = directory.post("/people", {"given_name": "Omar", "family_name": "Idrissi"})
    host = directory.post("/organisations", host_body(approval_end="2026-01-31"))
    plain = directory.post("/organisations", {"name": "Café associatif", "kind": "association",
                                              "country": "FR"})
    directory.deliver()
    body = mission_body(volunteer["id"], host["id"])
    assert api.refused("/missions", body, "host_id") == (
        "L’agrément de service civique de la structure d’accueil n’est pas valable sur toute "
        "la durée de la mission (vérifiez ses dates de début et de fin).")
    assert api.refused("/missions", mission_body(volunteer["id"], plain["id"]), "host_id") == (
        "Cette structure d’accueil n’a pas d’agrément de service civique : elle ne peut pas "
        "accueillir de volontaire en service civique.")
    api.ok("/missions", mission_body(volunteer["id"], plain["id"], scheme="volunteering",
                                     planned_start="2027-01-01", planned_end="2027-06-30"), 201)

    directory.correct_host(host["id"], approval_end="2026-12-31")   # the approval renewed
    made = agreed(api, body)
    api.ok(f"/missions/{made['id']}/agree", {"expected_version": 2})
    directory.correct_host(host["id"], approval_number=None, approval_start=None,
                           approval_end=None, capacity=None)        # then withdrawn
    assert api.refused(f"/missions/{made['id']}/start", {
        "expected_version": 3, "started_on": "2025-09-01"}, "host_id") == (
        "L’agrément de service civique de la structure d’accueil ne couvre plus la mission : "
        "elle ne peut pas accueillir le ou la volontaire.")


def test_a_merge_moves_the_absorbed_persons_missions_to_the_survivor(directory, api, store):
    survivor = directory.post("/people", {"given_name": "Youssef", "family_name": "Amrani"})
    absorbed = directory.post("/people", {"given_name": "Youssef", "family_name": "Amrany"})
    host = directory.post("/organisations", host_body(capacity=5))
    directory.deliver()
    made = api.ok("/missions", mission_body(absorbed["id"], host["id"]), 201)

    directory.post(f"/people/{survivor['id']}/merge", {
        "expected_version": survivor["version"], "merged_id": absorbed["id"],
        "merged_expected_version": absorbed["version"]})
    directory.deliver()
    moved = api.get(f"/missions/{made['id']}").get_json()
    assert moved["volunteer_id"] == survivor["id"]
    assert moved["volunteer_name"] == "Youssef Amrani"
    history = api.get(f"/missions/{made['id']}/history").get_json()
    assert history[0]["type"] == "mission.volunteer_transferred"
    assert "Youssef Amrany" in history[0]["summary"] and "fusionnées" in history[0]["summary"]
    assert api.get(f"/missions?volunteer_id={survivor['id']}").get_json()["total"] == 1
    assert api.refused("/missions", mission_body(absorbed["id"], host["id"]),
                       "volunteer_id").startswith("Volontaire inconnu·e")

    directory.delivered = 0  # every event delivered again: nothing moves twice
    directory.deliver()
    assert api.get(f"/missions/{made['id']}").get_json()["version"] == moved["version"]
