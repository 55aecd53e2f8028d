"""Retention: people with no activity in stakeholders (the last event on their stream, the
last interaction recorded with them) for the configured period are proposed for erasure,
never erased; a fixed "today" (extensions["argan"]["today"])."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from services.stakeholders.organisations.projections import interactions
from services.stakeholders.projections import people
from shared.db import write_transaction
from shared.settings import Settings, SettingsError
from tests.stakeholders.privacy_helpers import erase

TODAY = dt.date(2029, 6, 1)  # 1095 days before: 2026-06-02; 365 days: 2028-06-01
UTC = dt.timezone.utc


def registered(api, given, **more):
    body = {"given_name": given, "family_name": "Retenue", "sex": "female", **more}
    response = api.post("/people", body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def last_event_on(engine, person_id, when):
    """As if the person's last event had been recorded on `when` (events are appended
    now; their stream's last event is what people.updated_at holds)."""
    with write_transaction(engine) as conn:
        conn.execute(update(people).where(people.c.id == person_id).values(updated_at=when))


@pytest.fixture
def directory(stakeholders_app, engine, api):
    stakeholders_app.extensions["argan"]["today"] = lambda: TODAY
    ids = {
        "old": registered(api, "Ancienne"),
        "called": registered(api, "Appelée"),
        "archived": registered(api, "Archivée"),
        "archived_recently": registered(api, "Récente"),
        "recent": registered(api, "Active"),
        "erased": registered(api, "Effacée"),
    }
    old = dt.datetime(2024, 1, 10, 9, tzinfo=UTC)
    for key in ("old", "called", "erased"):
        last_event_on(engine, ids[key], old)
    # an interaction recorded with "called" in 2027: she has had activity
    assert api.post(f"/people/{ids['called']}/interactions", {
        "kind": "call", "date": "2024-01-10", "summary": "Appel"}).status_code == 201
    with write_transaction(engine) as conn:
        conn.execute(update(interactions).where(interactions.c.subject_id == ids["called"])
                     .values(recorded_at=dt.datetime(2027, 3, 1, tzinfo=UTC)))
    last_event_on(engine, ids["called"], old)
    for key in ("archived", "archived_recently"):
        assert api.post(f"/people/{ids[key]}/archive", {"expected_version": 1,
                                                        "reason": "Parti"}).status_code == 200
    last_event_on(engine, ids["archived"], dt.datetime(2028, 1, 1, tzinfo=UTC))
    last_event_on(engine, ids["archived_recently"], dt.datetime(2028, 9, 1, tzinfo=UTC))
    last_event_on(engine, ids["recent"], dt.datetime(2027, 1, 1, tzinfo=UTC))
    erase(stakeholders_app, ids["erased"], "Demande écrite")
    last_event_on(engine, ids["erased"], old)
    return ids


def test_inactive_people_are_proposed_oldest_first_and_nobody_is_erased(
        api, client, directory, engine):
    page = api.get("/privacy/retention").get_json()
    assert [i["id"] for i in page["items"]] == [directory["old"], directory["archived"]]
    assert (page["total"], page["today"], page["inactive_days"], page["archived_days"]) == (
        2, "2029-06-01", 1095, 365)
    first = page["items"][0]
    assert first["last_activity"].startswith("2024-01-10T09:00")
    assert first["days_inactive"] == (TODAY - dt.date(2024, 1, 10)).days
    assert page["items"][1]["archived"] is True
    newest = api.get("/privacy/retention?sort=newest").get_json()
    assert [i["id"] for i in newest["items"]] == [directory["archived"], directory["old"]]
    one = api.get("/privacy/retention?per_page=1&page=2").get_json()
    assert [i["id"] for i in one["items"]] == [directory["archived"]] and one["total"] == 2
    bad = api.get("/privacy/retention?sort=name")
    assert bad.status_code == 422 and "sort" in bad.get_json()["errors"]
    # proposed, not erased: their records are untouched
    assert api.get(f"/people/{directory['old']}").get_json()["given_name"] == "Ancienne"
    assert api.get("/privacy/erasures").get_json()["total"] == 1  # the one erased above


def test_the_retention_page_lists_them_with_a_link_to_the_erase_form(client, directory):
    html = client.get("/stakeholders/privacy/retention").get_data(as_text=True)
    assert "Ancienne" in html and "Archivée" in html
    assert "Appelée" not in html and "Active" not in html and "Effacée" not in html
    assert f'href="/stakeholders/people/{directory["old"]}/erase"' in html
    assert "1095 jours" in html and "Dernière activité" in html
    assert html.index("Ancienne") < html.index("Archivée")
    newest = client.get("/stakeholders/privacy/retention?sort=newest").get_data(as_text=True)
    assert newest.index("Archivée") < newest.index("Ancienne")
    paged = client.get("/stakeholders/privacy/retention?per_page=1").get_data(as_text=True)
    assert "Ancienne" in paged and "Archivée" not in paged and 'rel="next"' in paged
    assert "?sort=" in html  # the column sorts


def test_a_longer_period_proposes_nobody(stakeholders_app, client, api, directory):
    settings = stakeholders_app.extensions["argan"]["settings"]
    stakeholders_app.extensions["argan"]["settings"] = settings.but(
        retention_inactive_days=3650, retention_archived_days=3650)
    assert api.get("/privacy/retention").get_json()["total"] == 0
    html = client.get("/stakeholders/privacy/retention").get_data(as_text=True)
    assert "Aucune personne à proposer à l’effacement." in html


def test_the_periods_come_from_the_environment():
    base = {"STAKEHOLDERS_DATABASE_URL": "sqlite://", "SECRET_KEY": "s", "SERVICE_TOKEN": "t"}
    default = Settings.from_env("stakeholders", base)
    assert (default.retention_inactive_days, default.retention_archived_days) == (1095, 365)
    given = Settings.from_env("stakeholders", {**base, "ARGAN_RETENTION_INACTIVE_DAYS": "730",
                                               "ARGAN_RETENTION_ARCHIVED_DAYS": "90"})
    assert (given.retention_inactive_days, given.retention_archived_days) == (730, 90)
    with pytest.raises(SettingsError, match="ARGAN_RETENTION_INACTIVE_DAYS"):
        Settings.from_env("stakeholders", {**base, "ARGAN_RETENTION_INACTIVE_DAYS": "3 ans"})
