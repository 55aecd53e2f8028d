import datetime as dt
import uuid

import pytest

from services.activities.app import create_app, migrate
from services.activities.policies import policies
from services.activities.projections import PROJECTORS
from shared.db import write_transaction
from shared.messaging.envelope import ReceivedEvent
from shared.settings import Settings
from shared.testing.web import mounted_client, sign_in_as


@pytest.fixture
def activities_app(make_database):
    settings = Settings(service="activities", database_url=make_database("activities"),
                        secret_key="test-secret", service_token="service-token", testing=True)
    migrate(settings)
    app = create_app(settings)
    yield app
    app.extensions["argan"]["store"].dispose()
    app.extensions["argan"]["engine"].dispose()


@pytest.fixture
def engine(activities_app):
    return activities_app.extensions["argan"]["engine"]


@pytest.fixture
def store(activities_app):
    return activities_app.extensions["argan"]["store"]


@pytest.fixture
def client(activities_app):
    return mounted_client(activities_app, "/activities")


@pytest.fixture
def csrf(client):
    return sign_in_as(client, roles=("officer",))


@pytest.fixture
def api(client, csrf):
    class Api:
        def get(self, path, **kw):
            return client.get(f"/activities/api/v1{path}", **kw)

        def post(self, path, json):
            return client.post(f"/activities/api/v1{path}", json=json,
                               headers={"X-CSRFToken": csrf})
    return Api()


class Stakeholders:
    """Delivers stakeholders' events to the activities policies, as the consumer does (in
    one write transaction of the activities database, in order)."""

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

    def person(self, given, family, person_id=None):
        person_id = person_id or str(uuid.uuid4())
        self.send("person.registered", person_id, {"given_name": given, "family_name": family,
                                                   "sex": "female", "email": "x@example.org"})
        return person_id


@pytest.fixture
def stakeholders(engine, store):
    return Stakeholders(engine, store)


def plan_body(**extra):
    return {"title": "Atelier climat Génération Climat", "kind": "workshop",
            "office": "marseille", "programme": "GENCLIMAT", "capacity": 2,
            "venue": "Maison des associations, Marseille", **extra}
