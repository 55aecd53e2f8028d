"""The activity the sign-in sheet and certificate tests read: planned, with a full-day and
a morning session, people registered, waitlisted and cancelled, attendance recorded."""
from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field

import pytest
from pypdf import PdfReader

from services.activities.app import create_app, migrate
from shared.settings import Settings
from shared.testing.web import mounted_client, sign_in_as
from tests.activities.conftest import Stakeholders

TITLE = "Formation PRA/OSIM : montage de projets"
FUNDER = "Agence française de développement"


def pdf_text(data: bytes) -> str:
    """The text of every page, whitespace collapsed (as a reader of the PDF sees it)."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def pages_of(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


@dataclass
class Scenario:
    app: object
    client: object
    csrf: str
    activity_id: str = ""
    full_day: str = ""
    morning: str = ""
    people: dict = field(default_factory=dict)   # key letter -> person id

    def api(self, path: str) -> str:
        return f"/activities/api/v1/activities/{self.activity_id}{path}"

    def post(self, path: str, body: dict) -> dict:
        response = self.client.post(self.api(path), json=body,
                                    headers={"X-CSRFToken": self.csrf})
        assert response.status_code in (200, 201), response.get_json()
        return response.get_json()


def build(app) -> Scenario:
    client = mounted_client(app, "/activities")
    s = Scenario(app, client, sign_in_as(client, roles=("officer",)))
    directory = Stakeholders(app.extensions["argan"]["engine"], app.extensions["argan"]["store"])
    association = str(uuid.uuid4())
    directory.send("organisation.registered", association, {"name": "Association Tifawin"})
    for key, (given, family) in {"A": ("Amina", "Ouarzazi"), "B": ("Brahim", "Chraibi"),
                                 "C": ("Chaïma", "Berrada"), "D": ("Driss", "Lahlou"),
                                 "E": ("Élodie", "Mercier")}.items():
        s.people[key] = directory.person(given, family)
    for key in ("A", "B", "C"):
        directory.send("organisation.affiliation_added", association,
                       {"affiliation_id": str(uuid.uuid4()), "person_id": s.people[key]},
                       stream_type="organisation")
    created = s.client.post("/activities/api/v1/activities", json={
        "title": TITLE, "kind": "training", "office": "agadir", "programme": "PRAOSIM",
        "funder": FUNDER, "capacity": 3, "venue": "Maison des jeunes, Agadir",
        "facilitators": ["Samira Idrissi", "Karim Benali"]},
        headers={"X-CSRFToken": s.csrf}).get_json()
    s.activity_id = created["id"]
    s.full_day = s.post("/sessions", {"expected_version": 1, "date": "2025-03-18",
                                      "start": "09:00", "end": "17:00"})["id"]
    s.morning = s.post("/sessions", {"expected_version": 2, "date": "2025-03-19",
                                     "start": "09:00", "end": "12:00"})["id"]
    s.post("/open", {"expected_version": 3})
    registered = {key: s.post("/registrations", {"person_id": s.people[key]})
                  for key in "ABCDE"}
    assert [registered[k]["status"] for k in "ABCDE"] == [
        "registered", "registered", "registered", "waitlisted", "waitlisted"]
    s.post(f"/registrations/{registered['B']['registration_id']}/cancel",
           {"reason": "Empêchement"})  # D takes the place, E still waits
    p = s.people
    s.post(f"/sessions/{s.full_day}/attendance", {"attendance": [
        {"person_id": p["A"], "half_day": "morning", "status": "present"},
        {"person_id": p["A"], "half_day": "afternoon", "status": "absent"},
        {"person_id": p["C"], "half_day": "morning", "status": "present"},
        {"person_id": p["C"], "half_day": "afternoon", "status": "late"},
        {"person_id": p["D"], "half_day": "morning", "status": "absent"},
        {"person_id": p["D"], "half_day": "afternoon", "status": "excused"}]})
    s.post(f"/sessions/{s.morning}/attendance", {"attendance": [
        {"person_id": p["C"], "half_day": "morning", "status": "present"}]})
    return s


@pytest.fixture(scope="module")
def scenario(make_database):
    settings = Settings(service="activities", database_url=make_database("activities_docs"),
                        secret_key="test-secret", service_token="service-token", testing=True)
    migrate(settings)
    app = create_app(settings)
    yield build(app)
    app.extensions["argan"]["store"].dispose()
    app.extensions["argan"]["engine"].dispose()
