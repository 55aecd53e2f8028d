"""The right of access: stakeholders' own part (record, consents, interactions and notes,
segments, history with actor and time) and each other service's part, read over HTTP as
the admin who asks, gathered as JSON and as a French PDF. The other services are tiny WSGI
apps on the same origin answering the documented JSON (their own endpoints come with their
pieces of work); one slow service is "injoignable", never a 500."""
from __future__ import annotations

import io
import json
import time

import pytest
from pypdf import PdfReader

from services.stakeholders.accounts import open_staff_account
from services.stakeholders.app import create_app, migrate
from shared.settings import Settings
from shared.testing.web import (DEFAULT_EMAIL, DEFAULT_PASSWORD, grant_token, mounted_client,
                                sign_in)
from tests.system.four_services import Origin

GIVEN, FAMILY = "Zoubida", "Quennebert-Ouazzani"
EMAIL, PHONE = "zoubida.quennebert@exemple.ma", "+212612345678"
PARTS = {
    "activities": [{"title": "Inscriptions et présences",
                    "rows": [{"Activité": "Formation OSIM Agadir", "Présence": "présente"}]}],
    "missions": [{"title": "Missions de volontariat",
                  "rows": [{"Structure d'accueil": "Maison des jeunes de Marseille",
                            "Note de suivi": "Entretien mensuel, tout va bien",
                            "Fin": None}]}],  # JSON null: a dash in the PDF
    "reporting": [{"title": "Comptages anonymes", "rows": [{"Indicateur": "REACH"}]}],
}


class FakeService:
    """A service's right-of-access route as shared/privacy/access.py serves it; remembers
    the credentials each call came with."""

    def __init__(self, name: str, delay: float = 0.0):
        self.name, self.delay, self.calls = name, delay, []

    def __call__(self, environ, start_response):
        self.calls.append({"path": environ.get("SCRIPT_NAME", "") + environ["PATH_INFO"],
                           "cookie": environ.get("HTTP_COOKIE", ""),
                           "authorization": environ.get("HTTP_AUTHORIZATION", "")})
        time.sleep(self.delay)
        person_id = environ["PATH_INFO"].rsplit("/", 1)[-1]
        body = json.dumps({"service": self.name, "person_id": person_id,
                           "sections": PARTS[self.name]}).encode()
        start_response("200 OK", [("Content-Type", "application/json"),
                                  ("Content-Length", str(len(body)))])
        return [body]


@pytest.fixture
def desk(make_database):
    origin = Origin()
    settings = Settings(service="stakeholders", database_url=make_database("stakeholders"),
                        secret_key="test-secret", service_token="service-token", testing=True,
                        base_url=origin.url)
    migrate(settings)
    app = create_app(settings)
    app.extensions["argan"]["sleep"] = lambda seconds: None
    fakes = {"activities": FakeService("activities"), "missions": FakeService("missions"),
             "reporting": FakeService("reporting", delay=3.0)}
    app.extensions["argan"]["personal_data_client"].timeout = 1.0
    origin.mounts.update({"/stakeholders": app.wsgi_app,
                          **{f"/{name}": fake for name, fake in fakes.items()}})
    client = mounted_client(app, "/stakeholders")
    open_staff_account(app.extensions["argan"]["engine"], DEFAULT_EMAIL, DEFAULT_PASSWORD,
                       "Test Admin", roles=("admin",))
    csrf = sign_in(client)
    try:
        yield app, client, csrf, fakes
    finally:
        origin.server.shutdown()
        app.extensions["argan"]["store"].dispose()
        app.extensions["argan"]["engine"].dispose()


def post(client, csrf, path, body):
    response = client.post(f"/stakeholders/api/v1{path}", json=body,
                           headers={"X-CSRFToken": csrf})
    assert response.status_code in (200, 201), response.get_json()
    return response.get_json()


def known_person(client, csrf) -> str:
    """A person with a distinctive name, e-mail and phone, a consent, an interaction with a
    note, a correction, and a segment holding them."""
    pid = post(client, csrf, "/people", {"given_name": GIVEN, "family_name": FAMILY,
                                         "sex": "female", "email": EMAIL, "phone": PHONE,
                                         "residence_country": "MA", "roles": ["volunteer"]})["id"]
    post(client, csrf, f"/people/{pid}/consents/give", {
        "expected_version": 1, "purpose": "photos", "given_at": "2024-01-15",
        "method": "paper_form", "note": "Fiche signée au forum"})
    post(client, csrf, f"/people/{pid}/correct", {"expected_version": 2,
                                                   "residence_town": "Tiznit"})
    post(client, csrf, f"/people/{pid}/interactions", {
        "kind": "call", "date": "2024-02-01", "summary": "Appel sur le départ",
        "notes": "Souhaite partir en septembre"})
    post(client, csrf, "/segments", {"name": "Volontaires du Maroc", "roles": ["volunteer"],
                                     "countries": ["MA"]})
    post(client, csrf, "/segments", {"name": "Jeunes de France", "countries": ["FR"]})
    return pid


def sections(part) -> dict:
    return {s["title"]: s["rows"] for s in part["sections"]}


def test_the_json_gathers_every_service_and_marks_the_slow_one_unreachable(desk):
    app, client, csrf, fakes = desk
    pid = known_person(client, csrf)
    response = client.get(f"/stakeholders/api/v1/people/{pid}/personal-data.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="donnees-personnelles-{pid}.json"')
    doc = response.get_json()
    assert doc["person_id"] == pid and doc["name"] == f"{GIVEN} {FAMILY.upper()}"
    parts = {p["service"]: p for p in doc["services"]}
    assert list(parts) == ["stakeholders", "activities", "missions", "reporting"]

    own = sections(parts["stakeholders"])
    record = {r["Donnée"]: r["Valeur"] for r in own["Fiche de la personne"]}
    assert record["Courriel"] == EMAIL and record["Prénom"] == GIVEN
    assert (record["Commune"], record["Téléphone"]) == ("Tiznit", "06 12 34 56 78")
    assert own["Consentements"][0]["Note"] == "Fiche signée au forum"
    assert own["Consentements"][0]["Depuis"] == "15/01/2024"
    (call,) = own["Interactions et notes"]
    assert (call["Résumé"], call["Notes"], call["Auteur"]) == (
        "Appel sur le départ", "Souhaite partir en septembre", DEFAULT_EMAIL)
    assert [r["Segment"] for r in own["Segments dont la personne fait partie"]] == [
        "Volontaires du Maroc"]
    history = own["Historique de la fiche"]
    assert len(history) == 3 and all(r["Par"] == DEFAULT_EMAIL for r in history)
    assert history[0]["Événement"].startswith("Inscrit·e par officer@argan.test le ")
    assert history[1]["Détails"].startswith("Photos et droit à l’image : donné le 15/01/2024")
    assert history[2]["Détails"] == "Commune modifiée : — → Tiznit"

    assert parts["activities"]["status"] == "ok"
    assert sections(parts["activities"]) == {s["title"]: s["rows"] for s in PARTS["activities"]}
    assert sections(parts["missions"])["Missions de volontariat"][0]["Note de suivi"]
    assert parts["reporting"] == {"service": "reporting", "status": "unreachable",
                                  "error": "délai dépassé", "sections": [],
                                  "title": "Indicateurs et rapports"}
    # the admin's own session went with each call, to the documented route
    call = fakes["missions"].calls[-1]
    assert call["path"] == f"/missions/api/v1/privacy/people/{pid}"
    session = client.get_cookie("argan_session").value.rsplit(".", 2)[0]  # less its time
    assert f"argan_session={session}." in call["cookie"]


def test_the_pdf_is_french_with_a_heading_per_service(desk):
    app, client, csrf, fakes = desk
    pid = known_person(client, csrf)
    response = client.get(f"/stakeholders/api/v1/people/{pid}/personal-data.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    flat = " ".join(text.split())
    assert "None" not in flat  # an empty value reads as a dash, not Python's None
    for expected in ("Données personnelles détenues par Argan", GIVEN, EMAIL,
                     "Fiche de la personne", "Consentements", "Interactions et notes",
                     "Souhaite partir en septembre", "Historique de la fiche",
                     "Activités", "Inscriptions et présences", "Formation OSIM Agadir",
                     "Missions de volontariat", "Entretien mensuel",
                     "Indicateurs et rapports", "Service injoignable (délai dépassé)"):
        assert expected in flat, expected


def test_an_api_token_is_passed_on_and_unreachable_services_leave_the_own_part(desk):
    app, client, csrf, fakes = desk
    pid = known_person(client, csrf)
    token = grant_token(app)
    anonymous = app.test_client()
    doc = anonymous.get(f"/stakeholders/api/v1/people/{pid}/personal-data.json",
                        headers={"Authorization": f"Bearer {token}"}).get_json()
    assert fakes["activities"].calls[-1]["authorization"] == f"Bearer {token}"
    assert [p["status"] for p in doc["services"]] == ["ok", "ok", "ok", "unreachable"]

    app.extensions["argan"]["personal_data_client"].base = "http://127.0.0.1:9"  # nothing
    doc = client.get(f"/stakeholders/api/v1/people/{pid}/personal-data.json").get_json()
    assert [(p["service"], p["status"], p.get("error")) for p in doc["services"]] == [
        ("stakeholders", "ok", None), ("activities", "unreachable", "connexion impossible"),
        ("missions", "unreachable", "connexion impossible"),
        ("reporting", "unreachable", "connexion impossible")]
    assert client.get(f"/stakeholders/api/v1/people/{pid}/personal-data.pdf").status_code == 200


def test_stakeholders_serves_its_own_part_like_every_service(desk):
    app, client, csrf, fakes = desk
    pid = known_person(client, csrf)
    own = client.get(f"/stakeholders/api/v1/privacy/people/{pid}").get_json()
    assert own["service"] == "stakeholders" and own["person_id"] == pid
    assert {"Fiche de la personne", "Consentements", "Interactions et notes"} <= {
        s["title"] for s in own["sections"]}
    unknown = "00000000-0000-0000-0000-000000000000"
    assert client.get(f"/stakeholders/api/v1/people/{unknown}/personal-data.json"
                      ).status_code == 404
    assert client.get(f"/stakeholders/api/v1/people/{unknown}/personal-data.pdf"
                      ).status_code == 404
    assert not fakes["activities"].calls  # nothing asked for an unknown person


def test_the_person_page_offers_the_export_to_admins_only(desk):
    app, client, csrf, fakes = desk
    pid = known_person(client, csrf)
    html = client.get(f"/stakeholders/people/{pid}").get_data(as_text=True)
    assert f"/stakeholders/api/v1/people/{pid}/personal-data.pdf" in html
    assert "Données personnelles (PDF)" in html
    officer = app.test_client()
    open_staff_account(app.extensions["argan"]["engine"], "agent@argan.test",
                       "a long enough password 1", "Agent", roles=("officer",))
    sign_in(officer, "agent@argan.test", "a long enough password 1")
    page = officer.get(f"/stakeholders/people/{pid}").get_data(as_text=True)
    assert "personal-data.pdf" not in page
    assert officer.get(f"/stakeholders/api/v1/people/{pid}/personal-data.json"
                       ).status_code == 403


def test_an_imported_person_finds_the_file_and_the_row_it_came_from(desk):
    from services.stakeholders.imports import runner
    app, client, csrf, fakes = desk
    app.extensions["argan"]["import_runner"] = runner.synchronously
    content = ("\ufeffPrénom;Nom;Sexe;Courriel\nYamina;Importée;F;yamina@exemple.ma\n"
               "Karim;Autre;H;karim@exemple.ma\n").encode()
    preview = client.post("/stakeholders/api/v1/imports", data={
        "kind": "people", "file": (io.BytesIO(content), "forum-tiznit.csv")},
        headers={"X-CSRFToken": csrf}, content_type="multipart/form-data").get_json()
    assert client.post(f"/stakeholders/api/v1/imports/{preview['id']}/run", json={},
                       headers={"X-CSRFToken": csrf}).status_code == 202
    found = client.get("/stakeholders/api/v1/people?q=yamina").get_json()["items"]
    doc = client.get(f"/stakeholders/api/v1/people/{found[0]['id']}/personal-data.json"
                     ).get_json()
    (row,) = sections(doc["services"][0])["Imports de fichiers"]
    assert (row["Fichier"], row["Ligne"], row["Par"]) == ("forum-tiznit.csv", "2",
                                                          DEFAULT_EMAIL)
    assert "yamina@exemple.ma" in row["Données importées"]
    assert "karim" not in json.dumps(doc).lower()  # the other row is someone else's
