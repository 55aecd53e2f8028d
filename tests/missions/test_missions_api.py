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


def started(api, stakeholders, **extra):
    volunteer, host = stakeholders.person(), stakeholders.host(capacity=5)
    created = api.ok("/missions", mission_body(volunteer, host, **extra), 201)
    item = f"/missions/{created['id']}"
    return item, volunteer, host


def test_each_life_cycle_refusal_says_why_in_french(api, stakeholders):
    item, volunteer, host = started(api, stakeholders)
    assert api.refused(item + "/start", {"expected_version": 1, "started_on": "2025-09-01"},
                       "status") == ("La mission ne peut pas commencer avant la signature de "
                                     "la convention.")
    assert api.refused(item + "/agree", {"expected_version": 1}, "status") == (
        "Seule une mission proposée peut être conventionnée : proposez-la d’abord au ou à la "
        "volontaire et à la structure d’accueil.")
    assert api.refused(item + "/complete", {"expected_version": 1,
                                            "completed_on": "2026-04-30"}, "status") == \
        "Seule une mission en cours peut être terminée."
    assert api.refused(item + "/interrupt", {"expected_version": 1, "interrupted_on":
                                             "2025-10-01", "reason": "Santé"}, "status") == (
        "Seule une mission en cours peut être interrompue ; une mission pas encore commencée "
        "s’annule.")
    assert api.refused("/missions", mission_body(volunteer, host, planned_start="2026-01-01",
                                                 planned_end="2026-06-30"),
                       "planned_start") == "Ce ou cette volontaire est déjà en mission sur ces dates."
    assert api.refused(item + "/extend", {"expected_version": 1, "planned_end": "2026-03-31",
                                          "reason": "Raccourcir"}, "planned_end") == \
        "Une prolongation repousse la fin au-delà de la fin prévue."
    api.ok(item + "/propose", {"expected_version": 1})
    assert api.refused(item + "/propose", {"expected_version": 2}, "status") == \
        "Seule une mission en brouillon peut être proposée."
    api.ok(item + "/agree", {"expected_version": 2})
    assert api.refused(item + "/correct", {"expected_version": 3, "planned_start":
                                           "2025-10-01"}, "planned_start").startswith(
        "La convention est signée")
    api.ok(item + "/start", {"expected_version": 3, "started_on": "2025-09-01"})
    assert api.refused(item + "/cancel", {"expected_version": 4, "reason": "Erreur"},
                       "status").startswith("Une mission en cours s’interrompt")
    assert api.refused(item + "/interrupt", {"expected_version": 4, "interrupted_on":
                                             "2025-08-01", "reason": "Santé"},
                       "interrupted_on") == "La fin ne peut pas précéder le début de la mission."
    api.ok(item + "/interrupt", {"expected_version": 4, "interrupted_on": "2025-12-15",
                                 "reason": "Problème de santé"})
    assert api.refused(item + "/extend", {"expected_version": 5, "planned_end": "2026-06-30",
                                          "reason": "Reprise"}, "status") == \
        "Une mission terminée, interrompue ou annulée ne peut plus être modifiée."
    # interrupted: the volunteer is free from the day after
    api.ok("/missions", mission_body(volunteer, host, planned_start="2026-01-05",
                                     planned_end="2026-06-30"), 201)


def test_a_stale_version_is_a_conflict_and_a_correction_changes_only_what_is_sent(
        api, stakeholders):
    item, _, _ = started(api, stakeholders)
    api.ok(item + "/correct", {"expected_version": 1, "weekly_hours": 30,
                               "description": "Animation d'ateliers climat"})
    response = api.post(item + "/propose", {"expected_version": 1})
    assert response.status_code == 409
    mission = api.get(item).get_json()
    assert (mission["weekly_hours"], mission["tutor"]) == (30, "Claire Martin")
    assert api.refused(item + "/correct", {"expected_version": 2, "weekly_hours": 30}) == \
        "Rien n’a changé."
    assert api.post(item + "/extend", {"expected_version": 2, "planned_end": "2026-06-30"}
                    ).get_json()["errors"]["reason"]
