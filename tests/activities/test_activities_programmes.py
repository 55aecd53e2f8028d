"""Programmes as a pick-list: the replica follows reporting's real `programme.defined`
events (the reporting app on its own database, caught up by activities' worker as wired),
the activity form offers them, and the API refuses a code reporting has not defined, once
it has defined any."""
import pytest

from services.activities import app as activities
from services.activities.queries import known_programmes
from tests.activities.conftest import Stakeholders, plan_body
from tests.programme_source import Reporting

UNKNOWN = "Programme inconnu : choisissez-en un dans la liste."


@pytest.fixture(scope="module")
def reporting(make_database):
    source = Reporting(make_database)
    source.define("GENCLIMAT", "Génération Climat", funder_id="org-afd",
                  offices=("marseille", "agadir"))
    source.define("PRA", "PRA/OSIM")
    yield source
    source.dispose()


@pytest.fixture
def delivered(reporting, activities_app, engine, store):
    Stakeholders(engine, store).send("organisation.registered", "org-afd",
                                     {"name": "Agence française de développement"})
    settings = activities_app.extensions["argan"]["settings"]
    assert reporting.deliver(activities, settings, store) >= 2
    assert reporting.deliver(activities, settings, store) == 0  # its position is kept
    return reporting


def test_the_replica_follows_reportings_programmes(delivered, engine):
    known = known_programmes(engine)
    assert known["GENCLIMAT"]["name"] == "Génération Climat"
    assert known["GENCLIMAT"]["funder"] == "Agence française de développement"
    assert known["GENCLIMAT"]["offices"] == ["marseille", "agadir"]
    assert str(known["GENCLIMAT"]["starts_on"]) == "2026-01-01"
    assert known["PRA"]["funder"] is None


def test_the_form_offers_the_programmes_and_keeps_a_stored_code(api, client, engine, store,
                                                                activities_app, reporting):
    page = client.get("/activities/new").get_data(as_text=True)
    assert 'name="programme"' in page and '<select id="programme"' not in page  # none yet
    old = api.post("/activities", plan_body(programme="OLD-CODE")).get_json()
    assert reporting.deliver(activities, activities_app.extensions["argan"]["settings"],
                             store) >= 2

    page = client.get("/activities/new").get_data(as_text=True)
    assert '<select id="programme" name="programme"' in page
    assert '<option value="GENCLIMAT">GENCLIMAT — Génération Climat</option>' in page
    edit = client.get(f"/activities/{old['id']}/edit").get_data(as_text=True)
    assert '<option value="OLD-CODE" selected>OLD-CODE</option>' in edit


def test_the_api_refuses_an_unknown_programme_once_programmes_exist(api, activities_app,
                                                                    store, reporting):
    before = api.post("/activities", plan_body(programme="ANYTHING"))
    assert before.status_code == 201  # no programme defined yet: any code
    reporting.deliver(activities, activities_app.extensions["argan"]["settings"], store)

    refused = api.post("/activities", plan_body(programme="NOPE"))
    assert refused.status_code == 422
    assert refused.get_json()["errors"]["programme"] == [UNKNOWN]
    made = api.post("/activities", plan_body(programme="PRA"))
    assert made.status_code == 201, made.get_json()

    stored = api.get(f"/activities/{before.get_json()['id']}").get_json()
    kept = api.post(f"/activities/{stored['id']}/correct", {
        "expected_version": stored["version"], "programme": "ANYTHING", "title": "Renamed"})
    assert kept.status_code == 200, kept.get_json()  # the code already stored stays valid
    moved = api.post(f"/activities/{stored['id']}/correct", {
        "expected_version": kept.get_json()["version"], "programme": "NOPE"})
    assert moved.status_code == 422 and moved.get_json()["errors"]["programme"] == [UNKNOWN]


def test_the_programmes_funder_is_named_by_default(delivered, api):
    made = api.post("/activities", plan_body(programme="GENCLIMAT")).get_json()
    assert api.get(f"/activities/{made['id']}").get_json()["funder"] == (
        "Agence française de développement")
    chosen = api.post("/activities", plan_body(programme="GENCLIMAT", funder="Région Sud"))
    assert api.get(f"/activities/{chosen.get_json()['id']}").get_json()["funder"] == (
        "Région Sud")
