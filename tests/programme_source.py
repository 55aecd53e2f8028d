"""The real reporting app on its own PostgreSQL database, defining programmes through its
API: the source of the `programme.defined` events activities and missions replicate."""
from __future__ import annotations

from services.reporting import app as reporting
from shared.messaging.feed import LocalFeed
from shared.settings import Settings
from shared.testing.web import mounted_client, sign_in_as


class Reporting:
    def __init__(self, make_database):
        settings = Settings(service="reporting", database_url=make_database("reporting"),
                            secret_key="test-secret", service_token="t", testing=True)
        reporting.migrate(settings)
        self.app = reporting.create_app(settings, feeds={})
        self.client = mounted_client(self.app, "/reporting")
        self.csrf = sign_in_as(self.client, roles=("admin",))
        self.feed = LocalFeed(self.app.extensions["argan"]["store"], "reporting")

    def define(self, code, name, funder_id=None, offices=("agadir",)):
        response = self.client.post("/reporting/api/v1/programmes", json={
            "code": code, "name": name, "funder_id": funder_id, "starts_on": "2026-01-01",
            "ends_on": "2027-12-31", "offices": list(offices)},
            headers={"X-CSRFToken": self.csrf})
        assert response.status_code == 201, response.get_json()

    def deliver(self, root, settings, store) -> int:
        """What the service's worker, as its composition root builds it, catches up from
        reporting's feed (the consumer's real apply, bindings and position tracking)."""
        worker = root.create_worker(settings, feeds={"reporting": self.feed}, store=store)
        return worker.consumers[0].catch_up()

    def dispose(self):
        self.app.extensions["argan"]["store"].dispose()
        self.app.extensions["argan"]["engine"].dispose()
