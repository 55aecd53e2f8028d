import datetime as dt
import uuid

import pytest

from services.missions.app import PROJECTORS, create_app, migrate
from services.missions.policies import policies
from shared.db import write_transaction
from shared.messaging.envelope import ReceivedEvent
from shared.settings import Settings
from shared.testing.web import mounted_client, sign_in_as


@pytest.fixture
def missions_app(make_database):
    settings = Settings(service="missions", database_url=make_database("missions"),
                        secret_key="test-secret", service_token="service-token", testing=True)
    migrate(settings)
    app = create_app(settings)
    yield app
    app.extensions["argan"]["store"].dispose()
    app.extensions["argan"]["engine"].dispose()


@pytest.fixture
def engine(missions_app):
    return missions_app.extensions["argan"]["engine"]


@pytest.fixture
def store(missions_app):
    return missions_app.extensions["argan"]["store"]


@pytest.fixture
def client(missions_app):
    return mounted_client(missions_app, "/missions")


@pytest.fixture
def csrf(client):
    return sign_in_as(client, roles=("officer",))


class Api:
    def __init__(self, client, csrf):
        self.client, self.csrf = client, csrf

    def get(self, path, **kw):
        return self.client.get(f"/missions/api/v1{path}", **kw)

    def post(self, path, json):
        return self.client.post(f"/missions/api/v1{path}", json=json,
                                headers={"X-CSRFToken": self.csrf})

    def ok(self, path, json, status=200):
        response = self.post(path, json)
        assert response.status_code == status, response.get_json()
        return response.get_json()

    def refused(self, path, json, field=None):
        """The 422 answer's message (in French), checking the field it names."""
        response = self.post(path, json)
        assert response.status_code == 422, response.get_json()
        body = response.get_json()
        if field:
            assert field in body["errors"], body
        return body["message"] if not field else body["errors"][field][0]


@pytest.fixture
def api(client, csrf):
    return Api(client, csrf)


class Stakeholders:
    """Delivers stakeholders' events to the missions policies, as the consumer does (in
    one write transaction of the missions database, in order)."""

    def __init__(self, engine, store):
        self.engine, self.apply, self.position = engine, policies(store, PROJECTORS), 0

    def send(self, type_, stream_id, data, stream_type=None):
        self.position += 1
        event = ReceivedEvent(id=str(uuid.uuid4()), source="stakeholders", type=type_,
                              stream_id=stream_id, stream_type=stream_type or type_.split(".")[0],
                              version=1, position=self.position, data=data,
                              time=dt.datetime.now(dt.timezone.utc))
        with write_transaction(self.engine) as conn:
            self.apply(conn, event)

    def person(self, given="Amina", family="Ait Lahcen", person_id=None):
        person_id = person_id or str(uuid.uuid4())
        self.send("person.registered", person_id, {"given_name": given, "family_name": family})
        return person_id

    def host(self, name="Association Tiwizi", *, number="MA-013-22-00042",
             start="2024-01-01", end="2027-12-31", capacity=2, host_id=None):
        host_id = host_id or str(uuid.uuid4())
        self.send("organisation.registered", host_id, {
            "name": name, "kind": "host_structure", "approval_number": number,
            "approval_start": start, "approval_end": end, "capacity": capacity})
        return host_id

    def correct_host(self, host_id, **changes):
        self.send("organisation.corrected", host_id, {"changed": list(changes), **changes})


@pytest.fixture
def stakeholders(engine, store):
    return Stakeholders(engine, store)


def mission_body(volunteer_id, host_id, **extra):
    return {"volunteer_id": volunteer_id, "host_id": host_id, "direction": "MA_to_FR",
            "scheme": "civic_service", "programme": "SCR", "office": "agadir",
            "planned_start": "2025-09-01", "planned_end": "2026-04-30", "weekly_hours": 28,
            "tutor": "Claire Martin", **extra}
