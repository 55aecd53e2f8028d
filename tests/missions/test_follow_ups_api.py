"""Follow-up through the JSON API: meetings, incidents, trainings, review; the follow-ups
due this week and overdue per referent on fixed dates; case notes for programme staff only."""
import pytest

from shared.testing.web import sign_in_as
from tests.missions.conftest import Api, mission_body


@pytest.fixture
def under_way(api, stakeholders):
    """{referent: [mission ids]}: two missions of Samira (officer) and one of Karim, started
    on 2025-09-01 and ending on 2026-04-30."""
    host = stakeholders.host(capacity=5)
    made = {}
    for referent, name in (("samira", "Amina"), ("samira", "Nadia"), ("karim", "Hamza")):
        volunteer = stakeholders.person(name, "Ouali")
        mission = api.ok("/missions", mission_body(volunteer, host, referent=referent), 201)
        item = f"/missions/{mission['id']}"
        api.ok(item + "/propose", {"expected_version": 1})
        api.ok(item + "/agree", {"expected_version": 2})
        api.ok(item + "/start", {"expected_version": 3, "started_on": "2025-09-01"})
        made.setdefault(referent, []).append(mission["id"])
    return made


def test_meetings_fill_the_schedule_and_the_due_page_lists_the_rest(api, under_way):
    first, second = under_way["samira"]
    api.ok(f"/missions/{first}/follow-ups", {
        "kind": "arrival", "date": "2025-09-18", "wellbeing": 4,
        "participants": ["Claire Martin"], "notes": "Logement trouvé, bonne intégration",
        "issues": ["Transport le week-end"]}, 201)
    api.ok(f"/missions/{first}/follow-ups", {"kind": "monthly", "date": "2025-10-30"}, 201)

    due = api.get("/follow-ups/due?referent=samira&on=2025-11-05").get_json()
    assert (due["week_start"], due["week_end"]) == ("2025-11-03", "2025-11-09")
    assert [(m["mission_id"], m["kind"], m["due_on"], m["days_late"]) for m in due["overdue"]] \
        == [(second, "arrival", "2025-10-01", 35), (second, "monthly", "2025-11-01", 4)]
    assert due["due_this_week"] == []
    assert {m["volunteer_name"] for m in due["overdue"]} == {"Nadia Ouali"}

    thursday = api.get("/follow-ups/due?referent=samira&on=2025-11-27").get_json()
    assert thursday["due_this_week"] == []  # the next ones are due on Monday 2025-12-01
    monday = api.get("/follow-ups/due?referent=samira&on=2025-12-01").get_json()
    assert [(m["mission_id"], m["kind"], m["due_on"]) for m in monday["due_this_week"]] == [
        (first, "monthly", "2025-12-01"), (second, "monthly", "2025-12-01")]
    karim = api.get("/follow-ups/due?referent=karim&on=2025-11-05").get_json()
    assert {m["mission_id"] for m in karim["overdue"]} == set(under_way["karim"])

    schedule = api.get(f"/missions/{first}/follow-ups?on=2025-11-05").get_json()
    states = [(s["kind"], s["due_on"], s["state"]) for s in schedule["schedule"]][:3]
    assert states == [("arrival", "2025-10-01", "done"), ("monthly", "2025-11-01", "done"),
                      ("monthly", "2025-12-01", "upcoming")]
    assert schedule["follow_ups"][0]["notes"] == "Logement trouvé, bonne intégration"
    assert schedule["follow_ups"][0]["issues"] == ["Transport le week-end"]


def test_an_open_serious_incident_shows_until_it_is_resolved(api, under_way):
    (mission,) = under_way["karim"]
    reported = api.ok(f"/missions/{mission}/incidents", {
        "kind": "health", "severity": "serious", "reported_on": "2025-10-12",
        "description": "Hospitalisation après une chute"}, 201)
    api.ok(f"/missions/{mission}/incidents", {"kind": "housing", "severity": "low",
                                              "reported_on": "2025-10-13"}, 201)
    due = api.get("/follow-ups/due?referent=karim&on=2025-10-20").get_json()
    assert [(i["mission_id"], i["kind"], i["reported_on"]) for i in due["serious_incidents"]] \
        == [(mission, "health", "2025-10-12")]
    assert api.get(f"/missions/{mission}/follow-ups").get_json()["open_serious_incidents"] == 1
    assert api.get("/follow-ups/due?referent=samira&on=2025-10-20").get_json()[
        "serious_incidents"] == []

    resolve = f"/missions/{mission}/incidents/{reported['incident_id']}/resolve"
    assert api.refused(resolve, {"resolved_on": "2025-10-01"}, "resolved_on") == \
        "Un incident ne peut pas être résolu avant d’avoir été signalé."
    api.ok(resolve, {"resolved_on": "2025-10-25", "resolution": "Rétablie, reprise lundi"})
    assert api.get("/follow-ups/due?on=2025-10-26").get_json()["serious_incidents"] == []
    incidents = api.get(f"/missions/{mission}/follow-ups").get_json()["incidents"]
    assert [(i["severity"], i["open"]) for i in incidents] == [("serious", False),
                                                               ("low", True)]


def test_trainings_and_the_end_of_mission_review(api, under_way):
    mission = under_way["karim"][0]
    item = f"/missions/{mission}"
    assert api.get(item).get_json()["missing_trainings"] == ["civic_citizen", "first_aid"]
    api.ok(item + "/trainings", {"training": "civic_citizen", "start": "2025-10-06",
                                 "end": "2025-10-07", "provider": "Ligue de l'enseignement"})
    assert api.get(item).get_json()["missing_trainings"] == ["first_aid"]
    assert api.refused(item + "/review", {"volunteer_satisfaction": 5}, "status") == \
        "Le bilan de fin de mission s’écrit une fois la mission terminée ou interrompue."
    version = api.get(item).get_json()["version"]
    api.ok(item + "/interrupt", {"expected_version": version, "interrupted_on": "2026-01-15",
                                 "reason": "Retour anticipé pour raisons familiales"})
    api.ok(item + "/review", {"skills_gained": ["Animation d'ateliers"],
                              "volunteer_satisfaction": 4, "host_satisfaction": 5,
                              "next_step": "studies"})
    mission = api.get(item).get_json()
    assert mission["review"]["next_step"] == "studies" and mission["status"] == "interrupted"
    assert mission["end_reason"] == "Retour anticipé pour raisons familiales"
    # an interrupted mission has no more meetings due
    assert api.get("/follow-ups/due?referent=karim&on=2026-02-20").get_json()["overdue"] == []


def test_bad_follow_up_input_is_refused_with_its_reason(api, under_way):
    item = f"/missions/{under_way['karim'][0]}"
    response = api.post(item + "/follow-ups", {"kind": "weekly", "date": "2025-13-01",
                                               "wellbeing": 7})
    assert response.status_code == 422
    assert {"kind", "date", "wellbeing"} <= set(response.get_json()["errors"])
    assert api.refused(item + "/follow-ups", {"kind": "arrival", "date": "2025-08-20"},
                       "date") == "L’entretien ne peut pas précéder le début de la mission."
    api.ok(item + "/follow-ups", {"kind": "arrival", "date": "2025-09-20"}, 201)
    assert api.refused(item + "/follow-ups", {"kind": "arrival", "date": "2025-09-22"},
                       "kind") == ("Cet entretien est déjà enregistré ; enregistrez plutôt un "
                                   "entretien ponctuel.")
    assert api.post("/missions/unknown/follow-ups", {"kind": "arrival",
                                                     "date": "2025-09-22"}).status_code == 404


def test_case_notes_are_for_programme_staff_only(missions_app, api, under_way):
    mission = under_way["karim"][0]
    api.ok(f"/missions/{mission}/follow-ups", {"kind": "arrival", "date": "2025-09-20",
                                               "notes": "Difficultés familiales"}, 201)
    api.ok(f"/missions/{mission}/incidents", {"kind": "conflict", "severity": "medium",
                                              "reported_on": "2025-09-25"}, 201)
    client = missions_app.test_client()  # already mounted under /missions
    communication = Api(client, sign_in_as(client, roles=("communication",)))
    assert communication.get(f"/missions/{mission}").status_code == 200
    for path in (f"/missions/{mission}/follow-ups", "/follow-ups/due"):
        assert communication.get(path).status_code == 403
    assert communication.post(f"/missions/{mission}/follow-ups", {
        "kind": "ad_hoc", "date": "2025-10-01"}).status_code == 403
    types = {h["type"] for h in communication.get(f"/missions/{mission}/history").get_json()}
    assert "mission.follow_up_recorded" not in types and "mission.incident_reported" not in types
    page = client.get(f"/missions/{mission}").get_data(as_text=True)
    assert "Difficultés familiales" not in page and "Incidents" not in page
    officer_page = missions_app.test_client()
    sign_in_as(officer_page, roles=("officer",))
    html = officer_page.get(f"/missions/{mission}").get_data(as_text=True)
    assert "Difficultés familiales" in html and "Conflit" in html
