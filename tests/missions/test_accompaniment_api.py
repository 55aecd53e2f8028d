"""Project accompaniment through the JSON API and the pages, on PostgreSQL: a project from
its idea to its closing, the refusals (422 with the field), late documents on fixed dates,
the coaching notes hidden from the communication role."""
import uuid

from shared.testing.web import csrf_token, sign_in_as

from .conftest import Api

BASE = "/accompaniments"


def open_project(api, stakeholders, **extra):
    organisation_id = stakeholders.host("Association Amis de Taliouine", number=None,
                                        start=None, end=None, capacity=None)
    body = {"title": "Coopérative de safran", "programme": "PRA", "office": "taliouine",
            "organisation_id": organisation_id, "budget_requested": 18000, **extra}
    return api.ok(BASE, body, 201)


def test_a_project_from_idea_to_closed(api, stakeholders, store):
    saved = open_project(api, stakeholders)
    item = f"{BASE}/{saved['id']}"
    v = api.ok(item + "/stage", {"expected_version": 1, "stage": "structuring",
                                 "on": "2026-01-10"})["version"]
    api.ok(item + "/coaching", {"date": "2026-01-12", "hours": 2, "activity_id": str(uuid.uuid4()),
                                "notes": "Plan de financement"}, 201)
    v = api.ok(item + "/stage", {"expected_version": v + 1, "stage": "submitted",
                                 "on": "2026-02-01"})["version"]
    v = api.ok(item + "/decision", {"expected_version": v, "selected": True,
                                    "budget_granted": 15000, "on": "2026-03-15"})["version"]
    for stage, on in (("under_way", "2026-04-01"), ("final_report", "2026-12-01"),
                      ("closed", "2027-01-20")):
        v = api.ok(item + "/stage", {"expected_version": v, "stage": stage, "on": on})["version"]
    got = api.get(item).get_json()
    assert got["stage"] == "closed" and got["version"] == v
    assert got["holder"] == "Association Amis de Taliouine"
    assert got["decision"] == {"selected": True, "budget_granted": 15000.0, "on": "2026-03-15"}
    assert [s["stage"] for s in got["stages"]] == [
        "structuring", "submitted", "selected", "under_way", "final_report", "closed"]
    assert got["coachings"][0]["notes"] == "Plan de financement"  # an officer reads them
    types = [e.type for e in store.load(saved["id"])]
    assert types.count("accompaniment.stage_changed") == 6 and "accompaniment.decided" in types
    listed = api.get(BASE + "?stage=closed&programme=PRA").get_json()
    assert [i["id"] for i in listed["items"]] == [saved["id"]]
    assert listed["items"][0]["budget_granted"] == 15000.0


def test_refusals_are_422_with_the_field_in_french(api, stakeholders):
    saved = open_project(api, stakeholders)
    item = f"{BASE}/{saved['id']}"
    message = api.refused(item + "/stage", {"expected_version": 1, "stage": "under_way",
                                            "on": "2026-01-10"}, "stage")
    assert "sélectionné" in message
    assert api.refused(item + "/decision", {"expected_version": 1, "selected": True,
                                            "budget_granted": 100, "on": "2026-01-10"},
                       "selected")
    api.refused(BASE, {"title": "Sans porteur", "programme": "PRA", "office": "agadir"},
                "organisation_id")
    assert "Association inconnue" in api.refused(BASE, {
        "title": "X", "programme": "PRA", "office": "agadir",
        "organisation_id": str(uuid.uuid4())}, "organisation_id")
    api.refused(BASE, {"title": "X", "programme": "ERASMUS", "office": "agadir",
                       "group_name": "G"}, "programme")
    api.refused(BASE, {"title": "X", "programme": "PRA", "office": "agadir", "group_name": "G",
                       "budget_requested": -5}, "budget_requested")
    api.refused(item + "/coaching", {"date": "2026-01-12", "hours": 0}, "hours")
    api.refused(item + "/documents", {"kind": "poem", "due_on": "2026-01-12"}, "kind")
    stale = api.post(item + "/stage", {"expected_version": 7, "stage": "structuring",
                                       "on": "2026-01-10"})
    assert stale.status_code == 409
    assert api.get(f"{BASE}/{uuid.uuid4()}").status_code == 404


def test_late_documents_on_fixed_dates(api, stakeholders):
    first = open_project(api, stakeholders)
    second = api.ok(BASE, {"title": "Jardin pédagogique", "programme": "GENCLIMAT",
                           "office": "agadir", "group_name": "Club vert d'Inezgane"}, 201)
    budget = api.ok(f"{BASE}/{first['id']}/documents", {
        "kind": "budget", "label": "Budget détaillé", "due_on": "2026-03-31"}, 201)
    api.ok(f"{BASE}/{second['id']}/documents", {"kind": "final_report",
                                                "due_on": "2026-06-30"}, 201)

    def late(on, **more):
        query = "&".join(f"{k}={v}" for k, v in {"on": on, **more}.items())
        return [(d["title"], d["label"]) for d in
                api.get(f"{BASE}/late-documents?{query}").get_json()["items"]]

    assert late("2026-03-31") == []
    assert late("2026-04-01") == [("Coopérative de safran", "Budget détaillé")]
    assert late("2026-07-01") == [("Coopérative de safran", "Budget détaillé"),
                                  ("Jardin pédagogique", "final_report")]
    assert late("2026-07-01", office="agadir") == [("Jardin pédagogique", "final_report")]
    api.ok(f"{BASE}/{first['id']}/documents/{budget['document_id']}/received",
           {"received_on": "2026-07-02"})
    assert late("2026-07-03") == [("Jardin pédagogique", "final_report")]
    api.ok(f"{BASE}/{second['id']}/stage", {"expected_version": 2, "stage": "closed",
                                            "on": "2026-07-04"})
    assert late("2026-08-01") == []  # a closed project awaits nothing


def test_coaching_notes_are_for_officers_and_admins(missions_app, client, api, stakeholders):
    saved = open_project(api, stakeholders)
    api.ok(f"{BASE}/{saved['id']}/coaching", {"date": "2026-01-12", "hours": 1.5,
                                               "notes": "Conflit au bureau de l'association"}, 201)
    reader = missions_app.test_client()
    sign_in_as(reader, roles=("communication",))
    got = reader.get(f"/missions/api/v1{BASE}/{saved['id']}").get_json()
    assert got["coachings"][0]["hours"] == 1.5 and got["coachings"][0]["notes"] is None
    page = reader.get(f"/missions{BASE}/{saved['id']}").get_data(as_text=True)
    assert "Conflit" not in page
    refused = Api(reader, csrf_token(reader.get(f"/missions{BASE}/").get_data(as_text=True)))
    assert refused.post(BASE, {"title": "X", "programme": "PRA", "office": "agadir",
                               "group_name": "G"}).status_code == 403
    viewer = missions_app.test_client()
    sign_in_as(viewer, roles=("viewer",))
    assert viewer.get(f"/missions{BASE}/").status_code == 403


def test_the_pages_open_decide_and_show_late_documents(client, csrf, api, stakeholders):
    page = client.get(f"/missions{BASE}/new")
    assert page.status_code == 200 and "Nouvel accompagnement" in page.get_data(as_text=True)
    bad = client.post(f"/missions{BASE}/new", data={"csrf_token": csrf, "title": "Sans porteur",
                                                     "programme": "PRA", "office": "agadir"})
    assert bad.status_code == 422 and "l’une des deux" in bad.get_data(as_text=True)
    made = client.post(f"/missions{BASE}/new", data={
        "csrf_token": csrf, "title": "Recyclage à Tiznit", "programme": "GENCLIMAT",
        "office": "tiznit", "group_name": "Jeunes de Tiznit", "budget_requested": "3000"})
    assert made.status_code == 302
    item = made.headers["Location"]
    for stage in ("structuring", "submitted"):
        form = client.get(item + "/stage").get_data(as_text=True)
        version = form.split('name="expected_version" value="')[1].split('"')[0]
        assert client.post(item + "/stage", data={"csrf_token": csrf, "expected_version": version,
                                                  "stage": stage, "on": "2026-02-01"}
                           ).status_code == 302
    refused = client.post(item + "/decision", data={"csrf_token": csrf, "expected_version": "3",
                                                    "selected": "true", "on": "2026-03-01"})
    assert refused.status_code == 422 and "budget accordé" in refused.get_data(as_text=True)
    assert client.post(item + "/decision", data={
        "csrf_token": csrf, "expected_version": "3", "selected": "true",
        "budget_granted": "2500", "on": "2026-03-01"}).status_code == 302
    shown = client.get(item).get_data(as_text=True)
    assert "Sélectionné le" in shown and "2\u202f500\xa0€" in shown
    assert "Étape : Déposé le 01/02/2026" in shown  # the history, who did what and when
    assert "Sélectionné par le comité, 2\u202f500\xa0€ accordés — " in shown
    client.post(item + "/documents/new", data={"csrf_token": csrf, "kind": "interim_report",
                                                "label": "Rapport d'étape", "due_on": "2026-04-15"})
    late = client.get(f"/missions{BASE}/late-documents?on=2026-05-01").get_data(as_text=True)
    assert "Rapport d&#39;étape" in late and "Recyclage à Tiznit" in late
