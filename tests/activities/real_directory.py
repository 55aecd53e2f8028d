"""A real stakeholders app (its own PostgreSQL database) served over HTTP on a free port,
and an activities app whose ARGAN_BASE_URL points to it; one officer signed in to both
(the shared session). Stakeholders' events reach activities through the consumer's apply,
in order, as CloudEvents (`desk.deliver()`)."""
from __future__ import annotations

import threading
import uuid

import pytest
from werkzeug.serving import make_server

from services.activities import app as activities
from services.activities.policies import policies
from services.activities.projections import PROJECTORS
from services.stakeholders import app as stakeholders
from shared.access.wiring import with_staff_events
from shared.db import write_transaction
from shared.messaging.envelope import from_cloudevent, to_cloudevent
from shared.settings import Settings
from shared.testing.web import mounted_client, put_session, put_staff_member


class Desk:
    def __init__(self, people_app, people, people_csrf, app, client, csrf):
        self.people_app, self.people, self.people_csrf = people_app, people, people_csrf
        self.app, self.client, self.csrf = app, client, csrf
        self.engine = app.extensions["argan"]["engine"]
        self.store = app.extensions["argan"]["store"]
        self.people_store = people_app.extensions["argan"]["store"]
        self.delivered = 0

    # -- stakeholders, as its own API -----------------------------------------------------
    def directory(self, path, body=None):
        if body is None:
            response = self.people.get(f"/stakeholders/api/v1{path}")
        else:
            response = self.people.post(f"/stakeholders/api/v1{path}", json=body,
                                        headers={"X-CSRFToken": self.people_csrf})
        assert response.status_code in (200, 201), response.get_json()
        return response.get_json()

    def person(self, given, family, **more):
        return self.directory("/people", {"given_name": given, "family_name": family, **more})

    def people_named(self, q):
        return self.directory(f"/people?q={q}&status=all")["items"]

    def deliver(self):
        """Every new stakeholders event, in order, through activities' consumer apply."""
        apply = with_staff_events(policies(self.store, PROJECTORS))
        for stored in self.people_store.read_after(self.delivered):
            with write_transaction(self.engine) as conn:
                apply(conn, from_cloudevent(to_cloudevent(stored, "stakeholders")))
            self.delivered = stored.position

    # -- activities ------------------------------------------------------------------------
    def get(self, path):
        response = self.client.get(f"/activities/api/v1{path}")
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def post(self, path, body):
        return self.client.post(f"/activities/api/v1{path}", json=body,
                                headers={"X-CSRFToken": self.csrf})

    def form(self, path, **data):
        """A page's form posted; `path` as in the browser (/activities/...)."""
        return self.client.post(path, data={"csrf_token": self.csrf, **data})

    def opened(self, capacity=None, full_day=False):
        body = {"title": "Journée d'information mobilité légale", "kind": "information_day",
                "office": "agadir", "venue": "Agadir", "capacity": capacity}
        activity = self.post("/activities", body).get_json()["id"]
        session = self.post(f"/activities/{activity}/sessions", {
            "expected_version": 1, "date": "2026-12-10", "start": "09:00",
            "end": "17:00" if full_day else "12:00"}).get_json()["id"]
        assert self.post(f"/activities/{activity}/open",
                         {"expected_version": 2}).status_code == 200
        return activity, session


@pytest.fixture(scope="module")
def desk(make_database):
    common = dict(secret_key="desk-test-secret", service_token="desk-token", testing=True)
    people_settings = Settings(service="stakeholders",
                               database_url=make_database("stakeholders"), **common)
    stakeholders.migrate(people_settings)
    people_app = stakeholders.create_app(people_settings)
    people = mounted_client(people_app, "/stakeholders")
    server = make_server("127.0.0.1", 0, people_app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings = Settings(service="activities", database_url=make_database("activities"),
                        base_url=f"http://127.0.0.1:{server.server_port}", **common)
    activities.migrate(settings)
    app = activities.create_app(settings)
    client = mounted_client(app, "/activities")
    officer = str(uuid.uuid4())  # one account, known to both services
    for engine in (people_app.extensions["argan"]["engine"], app.extensions["argan"]["engine"]):
        put_staff_member(engine, ("officer",), officer, email="officer@desk.test")
    try:
        yield Desk(people_app, people, put_session(people, officer), app, client,
                   put_session(client, officer))
    finally:
        server.shutdown()
        for each in (people_app, app):
            each.extensions["argan"]["store"].dispose()
            each.extensions["argan"]["engine"].dispose()
