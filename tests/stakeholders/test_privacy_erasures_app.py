"""The erasure register: stakeholders' own person.erased recorded (without the name), and
each service's confirmation (its privacy.person_erased, through stakeholders' consumer)
shown with its time, or "en attente" until it comes."""
from __future__ import annotations

import re

import pytest

from services.stakeholders.app import CONFIRMATION_BINDINGS, create_worker
from shared.db import write_transaction
from tests.stakeholders.privacy_helpers import OtherService, admin_id, erase

SERVICES = ("activities", "missions", "reporting")


@pytest.fixture
def others(tmp_path):
    made = {name: OtherService(name, tmp_path) for name in SERVICES}
    yield made
    for service in made.values():
        service.dispose()


def person(api, given="Zoubida", family="Quennebert-Ouazzani", email="zoubida.q@exemple.ma"):
    response = api.post("/people", {"given_name": given, "family_name": family, "sex": "female",
                                    "email": email})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def consume(app, events):
    """Through the consumer stakeholders' worker runs (its apply, in a write transaction)."""
    worker = create_worker(app.extensions["argan"]["settings"],
                           store=app.extensions["argan"]["store"], feeds={})
    consumer = worker.consumers[0]
    for event in events:
        with write_transaction(app.extensions["argan"]["engine"]) as conn:
            consumer.apply(conn, event)
    return consumer


def test_an_erasure_is_pending_everywhere_until_each_service_confirms(
        stakeholders_app, engine, client, api, others):
    someone = person(api)
    erased = erase(stakeholders_app, someone, "Demande écrite du 2 décembre",
                   actor=admin_id(engine))

    listed = api.get("/privacy/erasures").get_json()
    assert listed["total"] == 1
    (item,) = listed["items"]
    assert (item["person_id"], item["erasure_id"]) == (someone, erased.id)
    assert item["reason"] == "Demande écrite du 2 décembre"
    assert item["actor_email"] == "officer@argan.test"
    assert [(c["service"], c["confirmed_at"]) for c in item["confirmations"]] == [
        ("activities", None), ("missions", None), ("reporting", None)]
    assert item["complete"] is False
    page = client.get("/stakeholders/privacy/erasures").get_data(as_text=True)
    assert page.count("en attente") == 3
    assert "Zoubida" not in page and "Quennebert" not in page  # the register names no one

    activities = others["activities"].confirm(erased)
    missions = others["missions"].confirm(erased)
    consumer = consume(stakeholders_app, [activities, missions, activities])  # one replayed
    assert sorted(consumer.bindings) == sorted(CONFIRMATION_BINDINGS)
    assert set(consumer.feeds) == set()

    one = api.get(f"/privacy/erasures/{someone}").get_json()
    confirmed = {c["service"]: c["confirmed_at"] for c in one["confirmations"]}
    assert confirmed["activities"].startswith(activities.time.isoformat()[:19])
    assert confirmed["missions"] and confirmed["reporting"] is None
    assert one["complete"] is False
    page = client.get("/stakeholders/privacy/erasures").get_data(as_text=True)
    assert page.count("en attente") == 1
    row = re.search(r'<tr data-person="%s">(.*?)</tr>' % someone, page, re.S).group(1)
    assert re.search(r'data-service="activities">\s*\d', row)  # a time, not "en attente"

    consume(stakeholders_app, [others["reporting"].confirm(erased)])
    assert api.get(f"/privacy/erasures/{someone}").get_json()["complete"] is True
    assert "confirmé partout" in client.get("/stakeholders/privacy/erasures").get_data(
        as_text=True)


def test_the_register_is_paginated_newest_first_and_says_when_empty(
        stakeholders_app, client, api):
    page = client.get("/stakeholders/privacy/erasures").get_data(as_text=True)
    assert "Aucun effacement enregistré" in page
    assert api.get("/privacy/erasures").get_json() == {"items": [], "total": 0, "page": 1,
                                                       "per_page": 20}
    ids = [person(api, given=f"Personne{n}", email=f"p{n}@exemple.fr") for n in range(3)]
    for one in ids:
        erase(stakeholders_app, one, "Demande orale")
    first = api.get("/privacy/erasures?per_page=2").get_json()
    second = api.get("/privacy/erasures?per_page=2&page=2").get_json()
    assert first["total"] == 3
    assert [i["person_id"] for i in first["items"] + second["items"]] == ids[::-1]
    html = client.get("/stakeholders/privacy/erasures?per_page=2").get_data(as_text=True)
    assert "Page 1 sur 2" in html or "Page 1 of 2" in html
    assert api.get("/privacy/erasures?page=0").status_code == 422
    assert "page" in api.get("/privacy/erasures?page=0").get_json()["errors"]
    assert api.get("/privacy/erasures/unknown-person").status_code == 404


def test_a_confirmation_of_an_unknown_service_or_another_event_is_ignored(
        stakeholders_app, api, others):
    someone = person(api)
    erased = erase(stakeholders_app, someone, "Demande écrite")
    confirmation = others["activities"].confirm(erased)
    forged = confirmation.__class__(**{**confirmation.__dict__, "source": "elsewhere"})
    other_type = confirmation.__class__(**{**confirmation.__dict__, "type": "activity.opened"})
    consume(stakeholders_app, [forged, other_type])
    item = api.get(f"/privacy/erasures/{someone}").get_json()
    assert all(c["confirmed_at"] is None for c in item["confirmations"])


def test_only_admins_reach_the_privacy_desk(stakeholders_app, engine, client, sign_in):
    sign_in(client, engine, "agent@argan.test", "a long enough password 1", roles=("officer",))
    assert client.get("/stakeholders/api/v1/privacy/erasures").status_code == 403
    assert client.get("/stakeholders/privacy/erasures").status_code == 403
    assert client.get("/stakeholders/api/v1/privacy/retention").status_code == 403
    assert "Vie privée" not in client.get("/stakeholders/").get_data(as_text=True)


def test_admins_see_the_privacy_desk_in_the_navigation(client, csrf):
    html = client.get("/stakeholders/").get_data(as_text=True)
    assert 'href="/stakeholders/privacy/"' in html and "Vie privée" in html
    assert client.get("/stakeholders/privacy/").headers["Location"].endswith(
        "/stakeholders/privacy/erasures")
