"""Programmes as a pick-list in missions: the replica follows reporting's real
`programme.defined` events (caught up by missions' worker as wired), the mission and
accompaniment forms offer them, and the API refuses a code reporting has not defined."""
import pytest

from services.missions import app as missions
from services.missions.queries import known_programmes
from tests.missions.conftest import mission_body
from tests.programme_source import Reporting

UNKNOWN = "Programme inconnu : choisissez-en un dans la liste."


@pytest.fixture(scope="module")
def reporting(make_database):
    source = Reporting(make_database)
    source.define("SCR", "Service civique réciproque", funder_id="org-ans",
                  offices=("agadir", "marseille"))
    source.define("MTD2", "Migrations, Territoires et Développement II")
    yield source
    source.dispose()


def deliver(reporting, missions_app, store) -> int:
    return reporting.deliver(missions, missions_app.extensions["argan"]["settings"], store)


def test_the_replica_follows_reportings_programmes(reporting, missions_app, engine, store):
    assert known_programmes(engine) == {}
    assert deliver(reporting, missions_app, store) >= 2
    assert deliver(reporting, missions_app, store) == 0  # its position is kept
    scr = known_programmes(engine)["SCR"]
    assert (scr["name"], scr["funder_id"], scr["offices"]) == (
        "Service civique réciproque", "org-ans", ["agadir", "marseille"])
    assert str(scr["ends_on"]) == "2027-12-31"


def test_missions_take_a_known_programme_once_programmes_exist(reporting, missions_app, store,
                                                               api, stakeholders):
    volunteer, host = stakeholders.person(), stakeholders.host()
    old = api.ok("/missions", mission_body(volunteer, host, programme="FREE"), 201)
    deliver(reporting, missions_app, store)

    assert api.refused("/missions", mission_body(volunteer, host, programme="NOPE"),
                       "programme") == UNKNOWN
    api.ok("/missions", mission_body(volunteer, host, programme="MTD2",
                                     planned_start="2026-09-01", planned_end="2027-04-30"), 201)
    kept = api.ok(f"/missions/{old['id']}/correct", {"expected_version": old["version"],
                                                     "programme": "FREE", "weekly_hours": 30})
    assert api.refused(f"/missions/{old['id']}/correct", {
        "expected_version": kept["version"], "programme": "NOPE"}, "programme") == UNKNOWN


def test_accompaniments_take_the_programmes_reporting_defined(reporting, missions_app, store,
                                                              api, stakeholders):
    association = stakeholders.host("Association Amis de Taliouine", number=None, start=None,
                                    end=None, capacity=None)
    body = {"title": "Coopérative de safran", "programme": "PRA", "office": "taliouine",
            "organisation_id": association}
    api.ok("/accompaniments", body, 201)  # none defined yet: the directory's codes
    api.refused("/accompaniments", {**body, "programme": "MTD2"}, "programme")
    deliver(reporting, missions_app, store)

    api.ok("/accompaniments", {**body, "programme": "MTD2"}, 201)
    api.refused("/accompaniments", body, "programme")  # PRA is not one reporting defined


def test_the_forms_offer_the_programmes(reporting, missions_app, store, client, csrf):
    page = client.get("/missions/new").get_data(as_text=True)
    assert 'name="programme"' in page and '<select id="programme"' not in page  # none yet
    deliver(reporting, missions_app, store)

    page = client.get("/missions/new").get_data(as_text=True)
    assert '<option value="SCR">SCR — Service civique réciproque</option>' in page
    page = client.get("/missions/accompaniments/new").get_data(as_text=True)
    assert '<option value="MTD2">MTD2 — Migrations, Territoires et Développement II</option>' \
        in page
    assert '<option value="PRA">' not in page
