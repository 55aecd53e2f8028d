"""Schemathesis against every service's OpenAPI description (`/<service>/api/openapi.json`),
as an admin with an API token: no server error, and every answer (status, content type,
headers, body) as the description says.

Each operation is tried with valid and invalid data (positive and negative generation),
once with made-up ids in its path and once with the ids of records that exist (a person,
an organisation, an affiliation, an interaction, a segment, an import, another staff account
and a spare token), so that the commands reach their handlers rather than a 404. EXAMPLES
bounds the time: the whole file runs in about a minute and a half."""
from __future__ import annotations

import datetime as dt
import io
import re
import uuid

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import checks as generic_checks
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi import checks as openapi_checks

from services.stakeholders.accounts import open_staff_account
from shared.settings import SERVICES
from shared.testing.web import app_engine, grant_token

CHECKS = [generic_checks.not_a_server_error, openapi_checks.status_code_conformance,
          openapi_checks.content_type_conformance, openapi_checks.response_headers_conformance,
          openapi_checks.response_schema_conformance]
EXAMPLES = 8  # per operation, generation mode and set of ids
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
PATH_PARAMETER = re.compile(r"{(\w+)}")


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_answers_as_described(apps, service):
    app = apps[service]
    headers = {"Authorization": f"Bearer {admin_token(app, service)}"}
    schema = schemathesis.openapi.from_wsgi(f"/{service}/api/openapi.json", app,
                                            headers=headers)
    existing = records(app.test_client(), service, headers)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        names = PATH_PARAMETER.findall(operation.path)
        real = {name: existing[name] for name in names if name in existing}
        for path_parameters in ({}, real) if real else ({},):
            for mode in MODES:
                failure = _try(operation, mode, path_parameters, service, headers)
                if failure:
                    failures.append(f"{operation.label} ({mode.value}, "
                                    f"{'existing' if path_parameters else 'made-up'} ids): "
                                    f"{failure}")
    assert not failures, "\n\n".join(failures)


def _try(operation, mode, path_parameters, service, headers) -> str | None:
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
    def run(case):
        case.call_and_validate(base_url=f"http://localhost/{service}", headers=headers,
                               checks=CHECKS)
    try:
        run()
    except Unsatisfiable:
        return None  # nothing of the operation can be made invalid (e.g. free-text ids)
    except Exception as exc:  # noqa: BLE001 - every operation's failures, reported together
        return str(exc)
    return None


def admin_token(app, service: str) -> str:
    """An admin's token; in stakeholders an admin whose account exists (for /me…)."""
    staff_id = None
    if service == "stakeholders":
        staff_id = open_staff_account(app_engine(app), f"fuzz-{uuid.uuid4().hex[:8]}@argan.test",
                                      "a long fuzzing password", "Fuzz Admin", roles=("admin",))
    return grant_token(app, roles=("admin",), staff_id=staff_id)


def records(client, service: str, headers: dict) -> dict[str, str]:
    """{path parameter: the id of a record that exists} for the service's operations."""
    if service == "missions":
        return mission_records(client, headers)
    if service != "stakeholders":
        return {}
    api = "/stakeholders/api/v1"

    def post(path, body, **kwargs):
        response = client.post(api + path, headers=headers, **(
            {"json": body} if body is not None else kwargs))
        assert response.status_code == 201, (path, response.get_json())
        return response.get_json()

    person = post("/people", {"given_name": "Amina", "family_name": "Ait Baha",
                              "residence_country": "MA"})
    organisation = post("/organisations", {"name": "Association Tiwizi", "kind": "association",
                                           "country": "MA"})
    affiliation = post(f"/organisations/{organisation['id']}/affiliations", {
        "person_id": person["id"], "role": "Membre", "start": "2022-01-01"})
    post(f"/people/{person['id']}/interactions", {
        "kind": "meeting", "date": "2024-03-01", "summary": "Premier entretien"})
    interaction = client.get(f"{api}/people/{person['id']}/interactions",
                             headers=headers).get_json()[0]
    segment = post("/segments", {"name": "Jeunes", "roles": ["young_person"]})
    imported = post("/imports", None, content_type="multipart/form-data", data={
        "kind": "people", "file": (io.BytesIO("Prénom;Nom\nSara;Benali\n".encode()), "l.csv")})
    other = post("/staff", {"email": "other@argan.test", "name": "Other Officer",
                            "office": "agadir", "roles": ["officer"]})
    spare = post("/me/tokens", {"name": "spare"})
    ids = {"person_id": person["id"], "organisation_id": organisation["id"],
           "affiliation_id": affiliation["affiliation_id"], "interaction_id": interaction["id"],
           "segment_id": segment["id"], "import_id": imported["id"], "account_id": other["id"],
           "token_id": spare["token_id"]}
    assert all(ids.values()) and person["id"] != other["id"], ids
    return ids


def mission_records(client, headers: dict) -> dict[str, str]:
    """A mission under way (with an incident) of a volunteer and a host that stakeholders'
    events made known to missions."""
    from services.missions.app import PROJECTORS
    from services.missions.policies import policies
    from shared.db import write_transaction
    from shared.messaging.envelope import ReceivedEvent

    app = client.application
    apply = policies(app.extensions["argan"]["store"], PROJECTORS)
    person, host = str(uuid.uuid4()), str(uuid.uuid4())
    for number, (type_, stream_id, data) in enumerate((
            ("person.registered", person, {"given_name": "Amina", "family_name": "Ait Baha"}),
            ("organisation.registered", host, {
                "name": "Maison des jeunes", "kind": "host_structure",
                "approval_number": "MA-42", "approval_start": "2000-01-01",
                "approval_end": "2100-12-31", "capacity": 10_000})), start=1):
        with write_transaction(app_engine(app)) as conn:
            apply(conn, ReceivedEvent(
                id=str(uuid.uuid4()), source="stakeholders", type=type_, stream_id=stream_id,
                stream_type=type_.split(".")[0], version=1, position=number, data=data,
                time=dt.datetime.now(dt.timezone.utc)))
    api = "/missions/api/v1"

    def post(path, body, status=200):
        response = client.post(api + path, headers=headers, json=body)
        assert response.status_code == status, (path, response.get_json())
        return response.get_json()

    mission = post("/missions", {"volunteer_id": person, "host_id": host,
                                 "direction": "MA_to_FR", "office": "agadir",
                                 "planned_start": "2025-09-01", "planned_end": "2026-04-30",
                                 "weekly_hours": 28}, 201)
    item = f"/missions/{mission['id']}"
    for number, command in enumerate(("propose", "agree"), start=1):
        post(f"{item}/{command}", {"expected_version": number})
    post(item + "/start", {"expected_version": 3, "started_on": "2025-09-01"})
    incident = post(item + "/incidents", {"kind": "health", "severity": "serious",
                                          "reported_on": "2025-10-01"}, 201)
    accompaniment = post("/accompaniments", {"title": "Coopérative", "programme": "PRA",
                                             "office": "agadir", "organisation_id": host}, 201)
    document = post(f"/accompaniments/{accompaniment['id']}/documents",
                    {"kind": "budget", "due_on": "2026-03-31"}, 201)
    opportunity = post("/opportunities", {"title": "Master", "scheme": "study",
                                          "country": "FR"}, 201)
    return {"mission_id": mission["id"], "incident_id": incident["incident_id"],
            "accompaniment_id": accompaniment["id"], "document_id": document["document_id"],
            "opportunity_id": opportunity["id"]}
