"""Programmes and their logframe through the API and the pages, on PostgreSQL."""
import pytest

API = "/reporting/api/v1"


@pytest.fixture(scope="module")
def post(client, csrf):
    return lambda path, body: client.post(API + path, json=body, headers={"X-CSRFToken": csrf})


@pytest.fixture(scope="module")
def mtd2(post):
    response = post("/programmes", {
        "code": "LOGF", "name": "Migrations, Territoires et Développement II",
        "funder_id": "org-afd", "starts_on": "2026-01-01", "ends_on": "2027-12-31",
        "offices": ["agadir", "tiznit"]})
    assert response.status_code == 201, response.json
    for body in (
        {"code": "REACH", "name": "Jeunes touchés", "measure": "distinct_people_reached",
         "baseline": 0, "targets": [{"period": "2026", "value": 10},
                                    {"period": "2026-S1", "value": 8}],
         "disaggregations": ["sex", "age_band", "territory", "office"]},
        {"code": "PRES", "name": "Participations", "measure": "participants_present",
         "targets": [{"period": "2026", "value": 20}], "disaggregations": ["age_band"]},
        {"code": "HOURS", "name": "Heures de formation", "measure": "training_hours_delivered",
         "filters": {"kind": "training"}},
        {"code": "VOL", "name": "Volontaires", "measure": "volunteers_in_mission",
         "disaggregations": ["sex"]},
        {"code": "MONTHS", "name": "Mois de volontariat", "measure": "volunteer_months"},
    ):
        assert post("/programmes/LOGF/indicators", body).status_code == 201
    assert post("/programmes/LOGF/action-plan", {"year": 2026, "quarter": 1, "kind": "training",
                                                 "office": "agadir", "number": 2}).status_code == 201
    return "LOGF"


def test_a_programme_carries_its_logframe_and_action_plan(client, mtd2):
    body = client.get(f"{API}/programmes/LOGF").json
    assert body["name"].startswith("Migrations")
    assert [i["code"] for i in body["indicators"]] == ["REACH", "PRES", "HOURS", "VOL", "MONTHS"]
    assert body["indicators"][0]["targets"][1] == {"period": "2026-S1", "value": 8.0}
    assert body["indicators"][2]["filters"] == {"kind": "training"}
    assert body["action_plan"][0]["number"] == 2
    assert "LOGF" in [p["code"] for p in client.get(f"{API}/programmes").json["items"]]


@pytest.mark.parametrize("path, body, field", [
    ("/programmes", {"code": "X", "name": "X", "starts_on": "2026-02-01",
                     "ends_on": "2026-01-01"}, "ends_on"),
    ("/programmes", {"code": "bad code!", "name": "X", "starts_on": "2026-01-01",
                     "ends_on": "2026-02-01"}, "code"),
    ("/programmes", {"code": "LOGF", "name": "Again", "starts_on": "2026-01-01",
                     "ends_on": "2026-02-01"}, "code"),
    ("/programmes", {"name": "X", "starts_on": "soon"}, "starts_on"),
    ("/programmes/LOGF/indicators", {"code": "Z", "name": "Z", "measure": "happiness"},
     "measure"),
    ("/programmes/LOGF/indicators", {"code": "REACH", "name": "Z",
                                     "measure": "activities_held"}, "code"),
    ("/programmes/LOGF/indicators", {"code": "Z", "name": "Z", "measure": "activities_held",
                                     "targets": [{"period": "next year", "value": 3}]},
     "period"),
    ("/programmes/LOGF/indicators", {"code": "Z", "name": "Z", "measure": "activities_held",
                                     "disaggregations": ["religion"]}, "disaggregations"),
    ("/programmes/LOGF/action-plan", {"year": 2031, "quarter": 1, "kind": "training",
                                      "office": "agadir", "number": 1}, "year"),
    ("/programmes/LOGF/action-plan", {"year": 2026, "quarter": 5, "kind": "training",
                                      "office": "agadir", "number": 1}, "quarter"),
])
def test_bad_input_is_refused_by_field(post, mtd2, path, body, field):
    response = post(path, body)
    assert response.status_code == 422, response.json
    assert field in str(response.json["errors"])


def test_an_unknown_programme_is_a_404(client):
    assert client.get(f"{API}/programmes/NOPE").status_code == 404


def test_the_pages_define_a_programme_and_an_indicator_in_french(client, csrf, mtd2):
    page = client.get("/reporting/programmes/new")
    assert page.status_code == 200 and "Nouveau programme" in page.get_data(as_text=True)
    bad = client.post("/reporting/programmes/new", data={"csrf_token": csrf, "code": "GC",
                                                         "name": "", "starts_on": "2026-01-01",
                                                         "ends_on": "2026-12-31"})
    assert bad.status_code == 422
    saved = client.post("/reporting/programmes/new", data={
        "csrf_token": csrf, "code": "GC", "name": "Génération Climat",
        "starts_on": "2026-01-01", "ends_on": "2026-12-31", "offices": ["marseille"]})
    assert saved.status_code == 302
    added = client.post("/reporting/programmes/GC/indicators/new", data={
        "csrf_token": csrf, "code": "ACT", "name": "Animations", "measure": "activities_held",
        "target_period": ["2026", ""], "target_value": ["12", ""],
        "disaggregations": ["office"], "filter_kind": "climate_animation"})
    assert added.status_code == 302, added.get_data(as_text=True)
    detail = client.get("/reporting/programmes/GC").get_data(as_text=True)
    assert "Animations" in detail and "2026 : 12" in detail


def test_a_viewer_reads_but_does_not_define(app):
    from shared.testing.web import sign_in_as
    viewer = app.test_client()
    token = sign_in_as(viewer, roles=("viewer",))
    response = viewer.post(f"{API}/programmes", json={"code": "V", "name": "V",
                                                      "starts_on": "2026-01-01",
                                                      "ends_on": "2026-12-31"},
                           headers={"X-CSRFToken": token})
    assert response.status_code == 403
    assert viewer.get(f"{API}/programmes").status_code == 200


def test_the_catalogue_lists_the_programme_events_reporting_publishes(client, mtd2):
    from services.reporting.programmes.domain import registry
    from shared.messaging.envelope import routing_key, to_cloudevent
    document = client.get("/reporting/api/asyncapi.json").get_json()
    assert set(document["channels"]) == {routing_key("reporting", t) for t in registry.types}
    messages = {m["name"]: m for m in document["components"]["messages"].values()}
    store = client.application.extensions["argan"]["store"]
    published = [to_cloudevent(e, "reporting") for e in store.read_after(0)
                 if e.stream_id == "LOGF"]
    assert {e["type"] for e in published} >= {"reporting.programme.defined",
                                              "reporting.programme.indicator_defined",
                                              "reporting.programme.activities_planned"}
    for event in published:
        properties = messages[event["type"]]["payload"]["properties"]["data"]["properties"]
        assert set(event["data"]) <= set(properties), event["type"]
