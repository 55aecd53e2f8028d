"""Consent on PostgreSQL: the API, the person's page (state and history), the forms, and the
people_consents read table moved in the append transaction."""
import datetime as dt

from sqlalchemy import select

from services.stakeholders.consent.projections import people_consents
from shared.testing.web import csrf_token, sign_in_as


def text(response):
    return response.get_data(as_text=True)


def registered(api):
    created = api.post("/people", {"given_name": "Amina", "family_name": "El Idrissi"})
    return created.get_json()


def test_api_records_a_timeline_and_the_current_state(api, engine):
    p = registered(api)
    give = api.post(f"/people/{p['id']}/consents/give", {
        "expected_version": 1, "purpose": "photos", "given_at": "2024-01-15",
        "method": "paper_form", "note": "Fiche signée au forum"})
    assert give.status_code == 200 and give.get_json()["version"] == 2
    withdraw = api.post(f"/people/{p['id']}/consents/withdraw", {
        "expected_version": 2, "purpose": "photos", "withdrawn_at": "2024-03-01",
        "method": "email"})
    assert withdraw.status_code == 200
    api.post(f"/people/{p['id']}/consents/give", {
        "expected_version": 3, "purpose": "newsletter", "given_at": "2024-02-01",
        "method": "online"})
    body = api.get(f"/people/{p['id']}/consents").get_json()
    current = {c["purpose"]: c for c in body["current"]}
    assert current["photos"]["status"] == "withdrawn" and current["photos"]["since"] == "2024-03-01"
    assert current["newsletter"]["status"] == "given" and current["newsletter"]["method"] == "online"
    assert current["event_invitations"]["status"] == "never"
    assert current["newsletter"]["recorded_by_email"] == "officer@argan.test"
    # newest first by the statement's date (not by when it was recorded)
    assert [(h["purpose"], h["status"]) for h in body["history"]] == [
        ("photos", "withdrawn"), ("newsletter", "given"), ("photos", "given")]
    assert body["history"][2]["note"] == "Fiche signée au forum"
    # the person's version moved with it, and its history says what happened
    assert api.get(f"/people/{p['id']}").get_json()["version"] == 4
    history = api.get(f"/people/{p['id']}/history").get_json()
    assert history[0]["summary"].startswith("Consentement enregistré par officer@argan.test")
    assert history[1]["changes"] == ["Photos et droit à l’image : retiré le 01/03/2024 (Courriel)"]
    with engine.connect() as conn:
        rows = conn.execute(select(people_consents.c.purpose, people_consents.c.status,
                                   people_consents.c.version)
                            .order_by(people_consents.c.purpose)).all()
    assert rows == [("newsletter", "given", 4), ("photos", "withdrawn", 3)]


def test_api_errors_name_the_field_and_write_nothing(api, engine):
    p = registered(api)
    url = f"/people/{p['id']}/consents"
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    bad = api.post(f"{url}/give", {"expected_version": 1, "purpose": "spam",
                                    "given_at": tomorrow, "method": "pigeon"})
    assert bad.status_code == 422
    assert {"purpose", "given_at", "method"} <= set(bad.get_json()["errors"])
    assert "futur" in bad.get_json()["errors"]["given_at"][0]
    nothing = api.post(f"{url}/withdraw", {"expected_version": 1, "purpose": "newsletter",
                                            "withdrawn_at": "2024-01-01", "method": "oral"})
    assert nothing.status_code == 422
    assert nothing.get_json()["errors"] == {"purpose": [
        "Ce consentement n’est pas donné : il n’y a rien à retirer."]}
    ok = {"expected_version": 1, "purpose": "newsletter", "given_at": "2024-01-01",
          "method": "oral"}
    assert api.post(f"{url}/give", ok).status_code == 200
    again = api.post(f"{url}/give", {**ok, "expected_version": 2})
    assert again.status_code == 422 and "déjà donné" in again.get_json()["errors"]["purpose"][0]
    assert api.post(f"{url}/give", ok).status_code == 409
    missing = api.post(f"{url}/give", {})
    assert missing.status_code == 422
    assert {"expected_version", "purpose", "given_at", "method"} <= set(
        missing.get_json()["errors"])
    unknown = api.post("/people/00000000-0000-0000-0000-000000000000/consents/give", ok)
    assert unknown.status_code == 404
    with engine.connect() as conn:
        assert len(conn.execute(select(people_consents)).all()) == 1


def test_the_person_page_shows_state_history_and_the_forms(client, api):
    p = registered(api)
    page = client.get(f"/stakeholders/people/{p['id']}")
    html = text(page)
    assert 'id="consent"' in html and html.count("Jamais demandé") == 4
    assert "Enregistrer un consentement" in html
    form = client.get(f"/stakeholders/people/{p['id']}/consents/give?purpose=newsletter")
    assert form.status_code == 200
    assert '<option value="newsletter" selected>' in text(form)
    token = csrf_token(text(form))
    bad = client.post(f"/stakeholders/people/{p['id']}/consents/give", data={
        "csrf_token": token, "expected_version": "1", "purpose": "", "given_at": "2999-01-01",
        "method": "oral"})
    assert bad.status_code == 422
    assert 'id="purpose-error"' in text(bad) and 'id="given_at-error"' in text(bad)
    saved = client.post(f"/stakeholders/people/{p['id']}/consents/give", data={
        "csrf_token": token, "expected_version": "1", "purpose": "newsletter",
        "given_at": "2024-05-02", "method": "paper_form", "note": "Forum de Tiznit"})
    assert saved.status_code == 302
    html = text(client.get(saved.headers["Location"]))
    assert "Donné depuis le 02/05/2024" in html and "Forum de Tiznit" in html
    assert "Lettre d’information : donné le 02/05/2024" in html
    assert "Enregistrer un retrait" in html
    stale = client.post(f"/stakeholders/people/{p['id']}/consents/withdraw", data={
        "csrf_token": token, "expected_version": "1", "purpose": "newsletter",
        "withdrawn_at": "2024-06-01", "method": "oral"})
    assert stale.status_code == 409 and 'value="2"' in text(stale)
    withdrawn = client.post(f"/stakeholders/people/{p['id']}/consents/withdraw", data={
        "csrf_token": token, "expected_version": "2", "purpose": "newsletter",
        "withdrawn_at": "2024-06-01", "method": "oral"})
    assert withdrawn.status_code == 302
    assert "Retiré depuis le 01/06/2024" in text(client.get(withdrawn.headers["Location"]))


def test_communication_sees_consent_but_cannot_record_it(stakeholders_app, api):
    p = registered(api)
    comm = stakeholders_app.test_client()
    sign_in_as(comm, roles=("communication",))
    page = comm.get(f"/stakeholders/people/{p['id']}")
    assert page.status_code == 200 and "Jamais demandé" in text(page)
    assert "Enregistrer un consentement" not in text(page)
    assert comm.get(f"/stakeholders/people/{p['id']}/consents/give").status_code == 403
    assert comm.get(f"/stakeholders/api/v1/people/{p['id']}/consents").status_code == 200
